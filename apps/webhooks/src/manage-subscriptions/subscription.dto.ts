import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { MAX_EVENT_TYPES, SUBSCRIBABLE_PATTERNS } from '../domain/subscription/event-filter';

const RECIPIENT = /^[a-z0-9][a-z0-9.:-]*$/;
/** A time with its offset (to ±14:59, as PostgreSQL compares them). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;
const RECIPIENT_MESSAGE = 'must be a consent-ledger recipient code, e.g. payer:acme-health';
const PURPOSE = /^[a-z0-9][a-z0-9-]*$/;
const PURPOSE_MESSAGE = 'must be a purpose code, e.g. payment, treatment, care-coordination';

export class CreateSubscriptionDto {
  @ApiProperty({ format: 'uri', example: 'https://billing.example.com/iop/webhooks', description: 'https endpoint (http only where the service allows it); no private addresses.' })
  @IsString()
  @MaxLength(2048)
  url!: string;

  @ApiProperty({
    enum: SUBSCRIBABLE_PATTERNS, isArray: true, minItems: 1, uniqueItems: true,
    example: ['iop.admissions.*', 'iop.scheduling.AttendanceRecorded.v1'], description: 'CloudEvents types; a trailing `.*` matches a family.',
  })
  @IsArray()
  @ArrayMaxSize(MAX_EVENT_TYPES)
  @IsString({ each: true })
  @MaxLength(128, { each: true })
  eventTypes!: string[];

  @ApiPropertyOptional({ example: 'Billing system' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  description?: string;

  @ApiPropertyOptional({ example: 'payer:acme-health', description: 'Part 2 recipient code; patient events go out only under a consent for it.' })
  @IsOptional()
  @Matches(RECIPIENT, { message: RECIPIENT_MESSAGE })
  @MaxLength(64)
  recipient?: string;

  @ApiPropertyOptional({ example: 'payment', description: 'Why the recipient receives patient events (required with a recipient); a consent must name the same purpose.' })
  @IsOptional()
  @Matches(PURPOSE, { message: PURPOSE_MESSAGE })
  @MaxLength(64)
  purpose?: string;

  @ApiPropertyOptional({ example: 50, description: 'Deliveries per second to this endpoint (token bucket).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  rateLimit?: number;
}

/**
 * Absent fields stay; `null` clears description, recipient, purpose or rateLimit. A subscription always has a URL and
 * event types: `null` for either is refused (ValidateIf, unlike IsOptional, lets null reach the validators).
 */
export class UpdateSubscriptionDto {
  @ApiPropertyOptional({ format: 'uri' })
  @ValidateIf((_, v) => v !== undefined)
  @IsString()
  @MaxLength(2048)
  url?: string;

  @ApiPropertyOptional({ enum: SUBSCRIBABLE_PATTERNS, isArray: true, minItems: 1, uniqueItems: true })
  @ValidateIf((_, v) => v !== undefined)
  @IsArray()
  @ArrayMaxSize(MAX_EVENT_TYPES)
  @IsString({ each: true })
  @MaxLength(128, { each: true })
  eventTypes?: string[];

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsString()
  @MaxLength(256)
  description?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @Matches(RECIPIENT, { message: RECIPIENT_MESSAGE })
  @MaxLength(64)
  recipient?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'The purpose of the recipient\'s disclosures; null clears it (with the recipient).' })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @Matches(PURPOSE, { message: PURPOSE_MESSAGE })
  @MaxLength(64)
  purpose?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsInt()
  @Min(1)
  @Max(100_000)
  rateLimit?: number | null;
}

export class ReplayDto {
  @ApiProperty({ format: 'date-time', example: '2025-03-07T00:00:00Z', description: 'Every message of the subscription created since then is sent again.' })
  @IsISO8601({ strict: true })
  @Matches(INSTANT, { message: 'since must be a time with its offset, e.g. 2025-03-07T00:00:00Z' })
  since!: string;
}
