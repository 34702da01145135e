import { ApiProperty } from '@nestjs/swagger';
import { ASAM_LEVELS, CONTINUED_STAY_RECOMMENDATIONS, DISCHARGE_REASONS, REFERRAL_SOURCES, TRACKS } from '@iop/domain-events';

export const EPISODE_STATUSES = ['planned', 'active', 'onhold', 'finished', 'cancelled'] as const;

export class CareTeamMemberDto {
  @ApiProperty({ description: 'The staff member (their token subject).' }) staffId!: string;
  @ApiProperty({ example: 'primary-counselor' }) role!: string;
  @ApiProperty({ format: 'date-time' }) assignedAt!: string;
}

/** An episode as GET /v1/episodes and GET /v1/episodes/{id} answer it (manage-episodes/episode.queries.ts `episodeView`). */
export class EpisodeDto {
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty({ enum: EPISODE_STATUSES, description: '`planned` until its start date, then `active`; `onhold`; `finished` once discharged; `cancelled`.' }) status!: string;
  @ApiProperty({ enum: ASAM_LEVELS }) levelOfCare!: string;
  @ApiProperty({ format: 'uuid' }) locationId!: string;
  @ApiProperty({ enum: TRACKS }) track!: string;
  @ApiProperty({ format: 'date' }) startDate!: string;
  @ApiProperty({ format: 'date' }) plannedEndDate!: string;
  @ApiProperty({ type: [String], format: 'uuid', description: "The patient's earlier episodes (an alumnus readmitted)." }) previousEpisodeIds!: string[];
  @ApiProperty({ type: [CareTeamMemberDto] }) careTeam!: CareTeamMemberDto[];
  @ApiProperty({ enum: REFERRAL_SOURCES }) referralSource!: string;
  @ApiProperty({ format: 'date-time' }) referredAt!: string;
  @ApiProperty({ format: 'date-time' }) admittedAt!: string;
  @ApiProperty({ enum: ASAM_LEVELS, required: false, description: 'Care staff only: the level the assessment recommended.' }) recommendedLevel?: string;
  @ApiProperty({ required: false, description: 'Care staff only: admitted at another level than recommended.' }) levelOverridden?: boolean;
  @ApiProperty({ type: String, nullable: true, required: false, description: 'Care staff only: why it is on hold, cancelled or ended.' }) statusReason?: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastReviewedAt!: string | null;
  @ApiProperty({ type: String, enum: [...CONTINUED_STAY_RECOMMENDATIONS, null], nullable: true, required: false, description: 'Care staff only: the last continued-stay review\'s recommendation.' })
  lastRecommendation?: string | null;
  @ApiProperty({ type: String, enum: [...DISCHARGE_REASONS, null], nullable: true }) dischargeReason!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dischargedAt!: string | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'Discharged into the alumni program (null until discharged).' }) joinedAlumni!: boolean | null;
}

export class EpisodePageDto {
  @ApiProperty({ type: [EpisodeDto] }) items!: EpisodeDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass back as ?cursor= for the next page; null on the last page.' }) nextCursor!: string | null;
}

/** POST /v1/episodes/{episodeId}/care-team: the member as assigned. */
export class CareTeamAssignedDto {
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ description: 'The staff member (their token subject).' }) staffId!: string;
  @ApiProperty({ example: 'primary-counselor' }) role!: string;
}

/** POST /v1/episodes/{episodeId}/level-changes: LevelOfCareChanged. */
export class LevelChangedDto {
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ enum: ASAM_LEVELS }) fromLevel!: string;
  @ApiProperty({ enum: ASAM_LEVELS }) toLevel!: string;
  @ApiProperty({ format: 'date-time' }) changedAt!: string;
}

/** The answer of the episode's status commands (hold, resume, cancel): its status after the command. */
export class EpisodeStatusChangedDto {
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ enum: ['active', 'onhold', 'finished', 'cancelled'] }) status!: string;
}
