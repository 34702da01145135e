import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, IsUUID, Max, MaxLength, Min, MinLength, ValidateNested, IsDefined } from 'class-validator';
import { CANCELLATION_REASONS, FACILITATOR_ROLES, SESSION_TYPES, TRACKS, type SessionType, type Track } from '@iop/domain-events';
import { IsInstant } from '../shared/local-date.validator';
import type { CancellationReason, FacilitatorRole } from '../domain/session/session.events';

/** What IsUrl({ protocols: ['https'], require_protocol: true }) accepts, spelled out for the OpenAPI document: a host name with a top-level domain, an optional port, a path (without `<` or `>`). */
const HTTPS_URL = /^https:\/\/([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(:[1-9][0-9]{0,3})?(\/[\x21-\x3b=?-\x7e]{0,1000})?$/;

export class FacilitatorDto {
  @ApiProperty({ enum: FACILITATOR_ROLES }) @IsIn(FACILITATOR_ROLES) role!: FacilitatorRole;
  @ApiPropertyOptional({ description: 'Staff id (the identity provider\'s subject); two sessions of one facilitator never overlap.' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) staffId?: string;
}

export class ScheduleSessionDto {
  @ApiProperty() @IsUUID() locationId!: string;
  @ApiProperty({ enum: SESSION_TYPES }) @IsIn(SESSION_TYPES) type!: SessionType;
  @ApiPropertyOptional({ enum: TRACKS }) @IsOptional() @IsIn(TRACKS) track?: Track;
  @ApiProperty({ example: '2026-12-01T15:00:00-05:00' }) @IsInstant() startsAt!: string;
  @ApiProperty({ example: '2026-12-01T16:00:00-05:00' }) @IsInstant() endsAt!: string;
  @ApiProperty({ type: FacilitatorDto }) @IsDefined() @ValidateNested() @Type(() => FacilitatorDto) facilitator!: FacilitatorDto;
  @ApiPropertyOptional({ example: 'Room 2' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(60) room?: string;
  @ApiPropertyOptional({ example: 'https://meet.example/iop-42', pattern: HTTPS_URL.source }) @IsOptional() @IsUrl({ protocols: ['https'], require_protocol: true }) virtualLink?: string;
  @ApiPropertyOptional({ description: 'Seats; default 1 for one-to-one sessions, the tenant\'s group size limit for groups.' })
  @IsOptional() @IsInt() @Min(1) @Max(50) capacity?: number;
}

export class CancelSessionDto {
  @ApiProperty({ enum: CANCELLATION_REASONS }) @IsIn(CANCELLATION_REASONS) reason!: CancellationReason;
}

/** POST /v1/sessions. */
export class SessionScheduledDto {
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
}

/** POST /v1/sessions/{id}/cancel. */
export class SessionCancelledDto {
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ enum: ['cancelled'] }) status!: string;
  @ApiProperty({ type: 'integer', description: 'Episodes whose seat or waitlist place on it was released.' }) releasedBookings!: number;
}
