import { ApiProperty } from '@nestjs/swagger';
import { MESSAGE_STATUSES } from './delivery-log.query';

/** A message to a subscription and its delivery state (delivery-log.query.ts MessageView). */
export class MessageViewDto {
  @ApiProperty({ format: 'uuid' }) messageId!: string;
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'iop.admissions.PatientAdmitted.v1' }) eventType!: string;
  @ApiProperty({ enum: MESSAGE_STATUSES }) status!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Why it has its status, e.g. `resent`, or why it was withheld.' }) statusReason!: string | null;
  @ApiProperty({ type: 'integer', minimum: 0 }) attempts!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null when nothing is scheduled (done, or parked while the endpoint is paused).' })
  nextAttemptAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastAttemptAt!: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) lastHttpStatus!: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class MessagePageDto {
  @ApiProperty({ type: [MessageViewDto] }) items!: MessageViewDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass back as ?cursor= for the next page; null on the last page.' }) nextCursor!: string | null;
}

/** GET /v1/messages/{id}: the message with the body it is signed and sent with, when that may be read. */
export class MessageDto extends MessageViewDto {
  @ApiProperty({
    type: 'object', additionalProperties: true, nullable: true,
    description: 'The thin payload (a CloudEvent); null for a patient\'s event not disclosed to the recipient or no longer covered by a consent.',
  })
  payload!: Record<string, unknown> | null;
}

/** One delivery attempt (delivery-log.query.ts AttemptView). */
export class DeliveryAttemptDto {
  @ApiProperty({ type: 'integer', minimum: 1 }) attempt!: number;
  @ApiProperty({ format: 'date-time' }) attemptedAt!: string;
  @ApiProperty({ example: 'succeeded', description: 'e.g. succeeded, failed, timeout, network.' }) outcome!: string;
  @ApiProperty({ type: 'integer', nullable: true }) httpStatus!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) latencyMs!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'The first KiB of the answer.' }) response!: string | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
}

export class DeliveryAttemptPageDto {
  @ApiProperty({ type: [DeliveryAttemptDto] }) items!: DeliveryAttemptDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass back as ?cursor= for the next page; null on the last page.' }) nextCursor!: string | null;
}

/** POST /v1/messages/{id}/resend. */
export class MessageResentDto {
  @ApiProperty({ format: 'uuid' }) messageId!: string;
  @ApiProperty({ enum: ['pending'] }) status!: string;
}

/** POST /v1/subscriptions/{id}/replay. */
export class ReplayStartedDto {
  @ApiProperty({ type: 'integer', description: 'Messages sent again.' }) requeued!: number;
  @ApiProperty({ type: 'integer', description: 'Messages created for events the endpoint missed.' }) created!: number;
}
