import { ApiProperty } from '@nestjs/swagger';

/** One webhook disclosure of a patient's event. */
export class WebhookDisclosureDto {
  @ApiProperty({ format: 'uuid' }) disclosureId!: string;
  @ApiProperty({ example: 'payer:acme-health' }) recipient!: string;
  @ApiProperty({ example: 'payment' }) purpose!: string;
  @ApiProperty({ example: 'iop.scheduling.AttendanceRecorded.v1' }) eventType!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The consent that allowed it.' }) consentId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) subscriptionId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) messageId!: string | null;
  @ApiProperty({ format: 'date-time' }) disclosedAt!: string;
}

export class WebhookDisclosurePageDto {
  @ApiProperty({ type: [WebhookDisclosureDto] }) items!: WebhookDisclosureDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass back as ?cursor= for the next page; null on the last page.' }) nextCursor!: string | null;
}
