import { ApiProperty } from '@nestjs/swagger';

/** A subscription as the API shows it, never with its secret (read-models/subscriptions.query.ts SubscriptionView). */
export class SubscriptionViewDto {
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;
  @ApiProperty({ example: 'https://billing.example.com/iop/webhooks' }) url!: string;
  @ApiProperty({ type: [String], example: ['iop.admissions.PatientAdmitted.v1'], description: 'The event type patterns it receives.' }) eventTypes!: string[];
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Part 2 recipient code.' }) recipient!: string | null;
  @ApiProperty({ type: String, nullable: true }) purpose!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Deliveries per second to this endpoint.' }) rateLimit!: number | null;
  @ApiProperty({ enum: ['active', 'paused', 'disabled'] }) status!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was disabled.' }) disabledReason!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Since when deliveries to it have been failing.' }) failingSince!: string | null;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Its version: the ETag, for If-Match on PATCH.' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class SubscriptionPageDto {
  @ApiProperty({ type: [SubscriptionViewDto] }) items!: SubscriptionViewDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass back as ?cursor= for the next page; null on the last page.' }) nextCursor!: string | null;
}

/** POST /v1/subscriptions: the signing secret, in this answer only. */
export class SubscriptionCreatedDto {
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;
  @ApiProperty({ example: 'whsec_...', description: 'Signs every delivery; shown in this answer only.' }) secret!: string;
}

/** POST /v1/subscriptions/{id}/rotate-secret. */
export class SecretRotatedDto {
  @ApiProperty({ example: 'whsec_...', description: 'The new signing secret; shown in this answer only.' }) secret!: string;
  @ApiProperty({ format: 'date-time', description: 'Until then the previous secret signs too, as a second signature.' }) previousSecretValidUntil!: string;
}
