import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ALLERGY_SEVERITIES, MOUD_INGREDIENTS, ROUTES, STOP_REASONS } from '../domain/medication-list/medication-list.events';

/** The MOUD/MAUD flag: the ingredient named, and the use disorders it treats. */
export class MoudDto {
  @ApiProperty({ enum: MOUD_INGREDIENTS }) ingredient!: string;
  @ApiProperty({ type: [String], enum: ['opioid-use-disorder', 'alcohol-use-disorder'] }) treats!: string[];
}

export class DosingChangeDto {
  @ApiProperty() dose!: string;
  @ApiProperty({ enum: ROUTES }) route!: string;
  @ApiProperty() frequency!: string;
  @ApiProperty({ format: 'date' }) effectiveDate!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ description: 'Who recorded it (their token subject).' }) recordedBy!: string;
}

/** An entry of the patient's medication list (domain/medication-list/medication-list.state.ts `Medication`). */
export class MedicationDto {
  @ApiProperty({ format: 'uuid' }) medicationId!: string;
  @ApiProperty({ example: 'Buprenorphine/naloxone' }) name!: string;
  @ApiPropertyOptional({ description: 'RxNorm concept id (RXCUI).' }) rxnormCode?: string;
  @ApiProperty({ description: 'The current dose.' }) dose!: string;
  @ApiProperty({ enum: ROUTES }) route!: string;
  @ApiProperty() frequency!: string;
  @ApiPropertyOptional({ type: MoudDto, description: 'Present when the medication is flagged MOUD/MAUD.' }) moud?: MoudDto;
  @ApiProperty({ format: 'date' }) startDate!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty() recordedBy!: string;
  @ApiProperty({ enum: ['active', 'stopped'] }) status!: string;
  @ApiProperty({ type: [DosingChangeDto], description: 'Dosing changes, in order.' }) changes!: DosingChangeDto[];
  @ApiPropertyOptional({ format: 'date' }) stopDate?: string;
  @ApiPropertyOptional({ enum: STOP_REASONS }) stopReason?: string;
}

export class MedicationListDto {
  @ApiProperty({ type: [MedicationDto] }) items!: MedicationDto[];
  @ApiProperty({ type: String, nullable: true, description: "Always null: a patient's list comes in one page." }) nextCursor!: string | null;
}

/** A recorded allergy (medication-list.state.ts `Allergy`). */
export class AllergyDto {
  @ApiProperty({ format: 'uuid' }) allergyId!: string;
  @ApiProperty({ example: 'Penicillin' }) substance!: string;
  @ApiPropertyOptional({ example: 'hives' }) reaction?: string;
  @ApiProperty({ enum: ALLERGY_SEVERITIES }) severity!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty() recordedBy!: string;
}

export class AllergyListDto {
  @ApiProperty({ type: [AllergyDto] }) items!: AllergyDto[];
  @ApiProperty({ type: String, nullable: true, description: "Always null: a patient's allergies come in one page." }) nextCursor!: string | null;
}
