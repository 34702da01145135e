import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SAFETY_ROUTES, SAFETY_SIGNALS } from '@iop/domain-events';

/** A safety alert as the worklist and its actions answer it (safety-alerts.controller.ts `toView`). */
export class SafetyAlertDto {
  @ApiProperty({ format: 'uuid' }) alertId!: string;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiPropertyOptional({ format: 'uuid' }) locationId?: string;
  @ApiProperty({ enum: SAFETY_SIGNALS }) signal!: string;
  @ApiProperty({ description: 'The record that raised it: a measure, a note or a drug screen.' }) sourceId!: string;
  @ApiProperty({ format: 'date-time' }) signalAt!: string;
  @ApiProperty({ enum: ['open', 'acknowledged', 'resolved'] }) status!: string;
  @ApiProperty({ enum: SAFETY_ROUTES }) routedTo!: string;
  @ApiPropertyOptional({ description: 'The on-call clinician it went to.' }) routedToStaffId?: string;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiPropertyOptional() acknowledgedBy?: string;
  @ApiPropertyOptional({ format: 'date-time' }) acknowledgedAt?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When it escalated to the supervisor role, unacknowledged.' }) escalatedAt?: string;
  @ApiPropertyOptional() resolvedBy?: string;
  @ApiPropertyOptional({ format: 'date-time' }) resolvedAt?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The note documenting the response.' }) noteId?: string;
  @ApiPropertyOptional({ description: 'What was done.' }) summary?: string;
}

export class SafetyAlertPageDto {
  @ApiProperty({ type: [SafetyAlertDto] }) items!: SafetyAlertDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass back as ?cursor= for the next page; null on the last page.' }) nextCursor!: string | null;
}
