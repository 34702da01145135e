import { ApiProperty } from '@nestjs/swagger';

/** POST /v1/episodes/{episodeId}/reassessments. */
export class ReassessmentRecordedDto {
  @ApiProperty({ format: 'uuid' }) reassessmentId!: string;
}

/** PUT /v1/episodes/{episodeId}/primary-clinician. */
export class PrimaryClinicianAssignedDto {
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ description: "The clinician's token subject." }) primaryClinician!: string;
}
