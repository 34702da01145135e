import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsOptional, IsUUID } from 'class-validator';
import { INSTRUMENTS, type Instrument } from '@iop/domain-events';
import { IsDateTimeWithOffset } from '../shared/date-fields';

/** Answers are checked by the pure scoring rules (their shape depends on the instrument), not by decorators. */
export const ANSWERS_SCHEMA = {
  description:
    'PHQ-9: 9 whole numbers 0-3 in item order. GAD-7: 7 whole numbers 0-3. BAM: an object keyed "1" to "17" and "7A" to "7G", ' +
    'each 0-4: item 7 is answered through its sub-items 7A-7G (all seven; "7" itself optional, computed from them when ' +
    'absent, refused with problem `bam-item-7` when alone or contradicted by them).',
  oneOf: [
    { type: 'array', items: { type: 'integer', minimum: 0, maximum: 3 }, example: [1, 2, 1, 1, 0, 1, 2, 1, 0] },
    { type: 'object', additionalProperties: { type: 'integer', minimum: 0, maximum: 4 } },
  ],
};

export class MeasureAnswersDto {
  @ApiProperty({ enum: INSTRUMENTS })
  @IsIn(INSTRUMENTS)
  instrument!: Instrument;

  @ApiProperty(ANSWERS_SCHEMA)
  @IsDefined()
  answers!: unknown;
}

export class RecordMeasureDto extends MeasureAnswersDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  episodeId!: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the patient completed it (a paper form entered later); defaults to now. Not in the future, not before the admission.',
  })
  @IsOptional()
  @IsDateTimeWithOffset()
  administeredAt?: string;
}

export class MeasureResultDto {
  @ApiProperty({ format: 'uuid' }) measureId!: string;
  @ApiProperty({ enum: INSTRUMENTS }) instrument!: Instrument;
  @ApiProperty({ example: { total: 11 }, description: '`total` for PHQ-9 and GAD-7; `use`, `risk`, `protective` for BAM.' })
  scores!: Record<string, number>;
  @ApiPropertyOptional({ enum: ['minimal', 'mild', 'moderate', 'moderately-severe', 'severe'], description: 'Absent for BAM.' })
  band?: string;
  @ApiProperty({ description: 'True when PHQ-9 item 9 is above 0: SafetyAlertRaised is published.' }) safetyAlert!: boolean;
  @ApiProperty({ example: 'phq9-2001' }) scoringVersion!: string;
}
