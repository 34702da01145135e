import { ApiProperty } from '@nestjs/swagger';
import { CONSENT_CATEGORY_NAMES } from '@iop/domain-events';

export class ConsentVersionDto {
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ['granted', 'revoked'] }) change!: string;
  @ApiProperty({ type: String, enum: ['full', 'partial', null], nullable: true, description: 'For a revocation: all of it, or some categories.' }) scope!: string | null;
  @ApiProperty({ type: [String], enum: CONSENT_CATEGORY_NAMES, description: 'What the consent covers from this version on.' }) information!: string[];
  @ApiProperty({ type: [String], enum: CONSENT_CATEGORY_NAMES, nullable: true, description: 'For a partial revocation: the categories withdrawn.' }) revokedInformation!: string[] | null;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ description: 'Who recorded it (their token subject).' }) recordedBy!: string;
}

/** A Part 2 consent with its history (manage-consents/consent.queries.ts `listConsents`). */
export class ConsentDto {
  @ApiProperty({ format: 'uuid' }) consentId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ example: 'payer:acme-health' }) recipient!: string;
  @ApiProperty({ example: 'payment' }) purpose!: string;
  @ApiProperty({ type: [String], enum: CONSENT_CATEGORY_NAMES }) information!: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: string | null;
  @ApiProperty({ format: 'date-time' }) grantedAt!: string;
  @ApiProperty({ enum: ['active', 'revoked', 'expired'] }) status!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ type: [ConsentVersionDto], description: 'Every version, oldest first.' }) versions!: ConsentVersionDto[];
}

export class ConsentListDto {
  @ApiProperty({ type: [ConsentDto] }) items!: ConsentDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Always null: a patient\'s consents come in one page.' }) nextCursor!: string | null;
}

/** One entry of the accounting of disclosures (42 CFR 2.24). */
export class DisclosureDto {
  @ApiProperty({ format: 'uuid' }) disclosureId!: string;
  @ApiProperty({ example: 'payer:acme-health' }) recipient!: string;
  @ApiProperty({ example: 'payment' }) purpose!: string;
  @ApiProperty({ enum: ['webhook', 'fhir'], description: 'Who made it: a webhook delivery (or a read of its message), or the FHIR facade.' }) channel!: 'webhook' | 'fhir';
  @ApiProperty({ type: String, nullable: true, example: 'iop.scheduling.AttendanceRecorded.v1', description: 'A webhook disclosure\'s event type (null for the FHIR facade\'s).' }) eventType!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'A webhook disclosure\'s event id (null for the FHIR facade\'s).' }) eventId!: string | null;
  // No enum: a nullable enum would need null among its values for OpenAPI 3.0's validators.
  @ApiProperty({ type: String, nullable: true, example: 'read', description: 'A FHIR disclosure\'s interaction: read, vread, _history, search, $everything or $export (null for a webhook\'s).' }) interaction!: string | null;
  @ApiProperty({ type: [String], nullable: true, example: ['EpisodeOfCare/8d2f4c1e-0000-4000-8000-000000000001'], description: 'The FHIR resources it gave out, `Type/id` (null for a webhook\'s).' }) resources!: string[] | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The consent that allowed it.' }) consentId!: string | null;
  @ApiProperty({ format: 'date-time' }) disclosedAt!: string;
}

export class DisclosurePageDto {
  @ApiProperty({ type: [DisclosureDto] }) items!: DisclosureDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass back as ?cursor= for the next page; null on the last page.' }) nextCursor!: string | null;
}

/** POST /v1/patients/{patientId}/consents. */
export class ConsentGrantedDto {
  @ApiProperty({ format: 'uuid' }) consentId!: string;
}

/** POST /v1/consents/{consentId}/revoke: the consent after the revocation. */
export class ConsentRevokedDto {
  @ApiProperty({ format: 'uuid' }) consentId!: string;
  @ApiProperty({ enum: ['full', 'partial'] }) scope!: string;
  @ApiProperty({ enum: ['active', 'revoked'], description: '`active` after a partial revocation, with the categories left.' }) status!: string;
  @ApiProperty({ type: [String], enum: CONSENT_CATEGORY_NAMES, description: 'What the consent still covers (empty once revoked).' }) information!: string[];
}
