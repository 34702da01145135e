import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DIAGNOSIS_CATEGORIES, DIAGNOSIS_CODE_SYSTEM, DIAGNOSIS_KINDS, DSM5_SEVERITIES, SUBSTANCE_CLASSES } from '@iop/domain-events';

/** A diagnosis as the chart shows it (diagnoses.controller.ts `view`): the recorded code, what the code table says of it, its status. */
export class DiagnosisDto {
  @ApiProperty({ format: 'uuid' }) diagnosisId!: string;
  @ApiProperty({ example: 'F10.20' }) code!: string;
  @ApiProperty({ enum: [DIAGNOSIS_CODE_SYSTEM] }) system!: string;
  @ApiProperty({ enum: DIAGNOSIS_KINDS }) kind!: string;
  @ApiProperty({ enum: DIAGNOSIS_CATEGORIES }) category!: string;
  @ApiPropertyOptional({ enum: SUBSTANCE_CLASSES, description: 'For a substance-use disorder.' }) substance?: string;
  @ApiPropertyOptional({ enum: DSM5_SEVERITIES }) severity?: string;
  @ApiProperty() inRemission!: boolean;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ description: 'Who recorded it (their token subject).' }) recordedBy!: string;
  @ApiProperty({ enum: ['active', 'resolved'] }) status!: string;
  @ApiPropertyOptional({ format: 'date-time' }) resolvedAt?: string;
  @ApiPropertyOptional() resolvedBy?: string;
  @ApiProperty({ example: 'Alcohol dependence, uncomplicated', description: "The code's title." }) display!: string;
}

/** POST /v1/episodes/{episodeId}/diagnoses and .../resolve: the diagnosis, with its episode. */
export class EpisodeDiagnosisDto extends DiagnosisDto {
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
}

export class DiagnosisListDto {
  @ApiProperty({ type: [DiagnosisDto] }) items!: DiagnosisDto[];
  @ApiProperty({ type: String, nullable: true, description: "Always null: an episode's diagnoses come in one page." }) nextCursor!: string | null;
}
