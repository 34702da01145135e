import { ApiProperty } from '@nestjs/swagger';
import { DISCHARGE_REASONS } from '@iop/domain-events';

/** POST /v1/episodes/{episodeId}/discharge: PatientDischarged, as recorded. */
export class PatientDischargedDto {
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ enum: DISCHARGE_REASONS }) reason!: string;
  @ApiProperty({ format: 'date-time' }) dischargedAt!: string;
  @ApiProperty() joinAlumni!: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The review whose recommendation backs the discharge; null when overridden.' })
  backedByReviewId!: string | null;
  @ApiProperty({ description: 'Discharged against the latest review, with an override reason.' }) overridden!: boolean;
}
