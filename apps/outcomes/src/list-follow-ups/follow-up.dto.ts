import { ApiProperty } from '@nestjs/swagger';

/** A post-discharge follow-up (list-follow-ups.controller.ts FollowUpView). */
export class FollowUpDto {
  @ApiProperty({ format: 'uuid' }) followUpId!: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) sequence!: number;
  @ApiProperty({ type: 'integer', description: 'Days after discharge.' }) offsetDays!: number;
  @ApiProperty({ format: 'date' }) dueDate!: string;
  @ApiProperty({ format: 'date' }) windowStart!: string;
  @ApiProperty({ format: 'date' }) windowEnd!: string;
  @ApiProperty({ enum: ['scheduled', 'completed', 'lost'] }) status!: string;
  @ApiProperty({ type: Boolean, nullable: true }) abstinent!: boolean | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt!: string | null;
  @ApiProperty({ type: Boolean, nullable: true }) withinWindow!: boolean | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lostAt!: string | null;
}

/** GET /v1/episodes/{episodeId}/follow-ups: every follow-up of the episode, in one list. */
export class FollowUpListDto {
  @ApiProperty({ type: [FollowUpDto], description: 'By sequence.' }) items!: FollowUpDto[];
}
