import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SESSION_TYPES } from '@iop/domain-events';
import { OUTREACH_OUTCOMES } from '../domain/enrollment/enrollment.events';

/** POST /v1/outreach-tasks/{taskId}/close. */
export class OutreachTaskClosedDto {
  @ApiProperty({ format: 'uuid' }) taskId!: string;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ enum: ['closed'] }) status!: string;
  @ApiProperty({ enum: OUTREACH_OUTCOMES }) outcome!: string;
  @ApiProperty({ format: 'date-time' }) closedAt!: string;
}

/** An absence follow-up as GET /v1/outreach-tasks lists it. */
export class OutreachTaskDto {
  @ApiProperty({ format: 'uuid' }) taskId!: string;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ description: 'The patient\'s name as the enrollment shows it.' }) displayName!: string;
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ enum: SESSION_TYPES }) sessionType!: string;
  @ApiProperty({ format: 'date-time', description: "With the location's offset." }) sessionStartsAt!: string;
  @ApiProperty({ enum: ['no-show'] }) reason!: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status!: string;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiPropertyOptional({ enum: OUTREACH_OUTCOMES, description: 'Once closed.' }) outcome?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Once closed.' }) closedAt?: string;
}

export class OutreachTaskPageDto {
  @ApiProperty({ type: [OutreachTaskDto] }) items!: OutreachTaskDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass back as ?cursor= for the next page; null on the last page.' }) nextCursor!: string | null;
}
