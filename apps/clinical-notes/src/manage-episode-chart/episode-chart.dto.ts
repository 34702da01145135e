import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** POST /v1/episodes/{episodeId}/reassessments. */
export class ReassessmentRecordedDto {
  @ApiProperty({ format: 'uuid' }) reassessmentId!: string;
}

/** PUT /v1/episodes/{episodeId}/primary-clinician. */
export class PrimaryClinicianAssignedDto {
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ description: "The clinician's token subject." }) primaryClinician!: string;
}

class RatingsViewDto {
  @ApiProperty({ minimum: 0, maximum: 4 }) d1!: number;
  @ApiProperty({ minimum: 0, maximum: 4 }) d2!: number;
  @ApiProperty({ minimum: 0, maximum: 4 }) d3!: number;
  @ApiProperty({ minimum: 0, maximum: 4 }) d4!: number;
  @ApiProperty({ minimum: 0, maximum: 4 }) d5!: number;
  @ApiProperty({ minimum: 0, maximum: 4 }) d6!: number;
}

class RationaleViewDto {
  @ApiPropertyOptional() d1?: string;
  @ApiPropertyOptional() d2?: string;
  @ApiPropertyOptional() d3?: string;
  @ApiPropertyOptional() d4?: string;
  @ApiPropertyOptional() d5?: string;
  @ApiPropertyOptional() d6?: string;
}

/** GET /v1/episodes/{episodeId}/reassessments: one reassessment as recorded. */
export class ReassessmentViewDto {
  @ApiProperty({ format: 'uuid' }) reassessmentId!: string;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ enum: [3, 4] }) criteriaEdition!: 3 | 4;
  @ApiProperty({ type: RatingsViewDto }) ratings!: RatingsViewDto;
  @ApiPropertyOptional({ type: RationaleViewDto, description: 'Only to the assessing roles (clinician, supervisor, psychiatrist), and only when one was written.' })
  rationale?: RationaleViewDto;
  @ApiProperty({ description: "The assessor's token subject." }) recordedBy!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class ReassessmentPageDto {
  @ApiProperty({ type: [ReassessmentViewDto] }) items!: ReassessmentViewDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass back as ?cursor= for the next page; null on the last page.' }) nextCursor!: string | null;
}
