import { ApiProperty } from '@nestjs/swagger';
import { INSTRUMENTS, SEVERITY_BANDS } from '@iop/domain-events';
import { ANSWERS_SCHEMA } from '../record-measure/record-measure.dto';

const NEXT_CURSOR = { type: String, nullable: true, description: 'Pass back as ?cursor= for the next page; null on the last page.' } as const;

class CodingDto {
  @ApiProperty({ example: 'http://loinc.org' }) system!: string;
  @ApiProperty({ example: '44261-6' }) code!: string;
}

/** A stored observation (list-episode-measures.controller.ts `StoredObservation`). */
export class StoredObservationDto {
  @ApiProperty({ format: 'uuid' }) measureId!: string;
  @ApiProperty({ enum: INSTRUMENTS }) instrument!: string;
  @ApiProperty({ type: CodingDto, description: 'LOINC for PHQ-9 and GAD-7; a local code for the BAM.' }) code!: CodingDto;
  @ApiProperty(ANSWERS_SCHEMA) answers!: unknown;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { total: 11 }, description: 'Total and subscales, by name.' })
  scores!: Record<string, number>;
  @ApiProperty({ type: String, enum: [...SEVERITY_BANDS, null], nullable: true, description: 'PHQ-9 and GAD-7 severity; null for the BAM.' }) band!: string | null;
  @ApiProperty({ description: 'PHQ-9 item 9 above 0 (a safety signal).' }) safetyAlert!: boolean;
  @ApiProperty({ example: 'phq9-2001' }) scoringVersion!: string;
  @ApiProperty({ format: 'date-time' }) administeredAt!: string;
  @ApiProperty() administeredBy!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The post-discharge follow-up it was taken at.' }) followUpId!: string | null;
}

export class StoredObservationPageDto {
  @ApiProperty({ type: [StoredObservationDto] }) items!: StoredObservationDto[];
  @ApiProperty(NEXT_CURSOR) nextCursor!: string | null;
}

class StoredAnalyteResultDto {
  @ApiProperty({ example: 'fentanyl' }) analyte!: string;
  @ApiProperty({ enum: ['positive', 'negative', 'inconclusive'] }) result!: string;
}

export class StoredDrugScreenDto {
  @ApiProperty({ format: 'uuid' }) screenId!: string;
  @ApiProperty({ format: 'date' }) collectedOn!: string;
  @ApiProperty({ type: [StoredAnalyteResultDto] }) results!: StoredAnalyteResultDto[];
  @ApiProperty() recordedBy!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class StoredDrugScreenPageDto {
  @ApiProperty({ type: [StoredDrugScreenDto] }) items!: StoredDrugScreenDto[];
  @ApiProperty(NEXT_CURSOR) nextCursor!: string | null;
}

export class StoredAbstinenceReportDto {
  @ApiProperty({ format: 'uuid' }) reportId!: string;
  @ApiProperty({ format: 'date' }) periodStart!: string;
  @ApiProperty({ format: 'date' }) periodEnd!: string;
  @ApiProperty() daysAbstinent!: number;
  @ApiProperty() reportedBy!: string;
  @ApiProperty({ format: 'date-time' }) reportedAt!: string;
}

export class StoredAbstinenceReportPageDto {
  @ApiProperty({ type: [StoredAbstinenceReportDto] }) items!: StoredAbstinenceReportDto[];
  @ApiProperty(NEXT_CURSOR) nextCursor!: string | null;
}
