import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';

/** Staff subject ids as the care team spells them (admissions' STAFF_ID). */
export const STAFF_ID = /^[A-Za-z0-9][A-Za-z0-9._:@|-]{0,127}$/;
/** An instant with its offset, or a local date-time read in the location's zone (the decider parses both). */
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;
const TIME_HELP = 'An instant with its offset (`2026-03-08T09:00:00-04:00`) or a local date-time in the location\'s zone (`2026-03-08T09:00`).';

export class OnCallShiftDto {
  @ApiProperty({ example: 'auth0|dr-lee', pattern: STAFF_ID.source }) @Matches(STAFF_ID, { message: 'staffId must be a staff subject id' }) staffId!: string;
  @ApiProperty({ example: '2026-03-07T21:00', pattern: TIME.source, description: TIME_HELP }) @Matches(TIME, { message: `from: ${TIME_HELP}` }) from!: string;
  @ApiProperty({ example: '2026-03-08T09:00', pattern: TIME.source, description: `${TIME_HELP} Exclusive.` }) @Matches(TIME, { message: `to: ${TIME_HELP}` }) to!: string;
  @ApiProperty({ example: '+1-555-0100 (on-call phone)', description: 'How to reach them on this shift (staff data, shown to the care team only).' })
  @IsString() @MinLength(1) @MaxLength(200) contact!: string;
}

export class ReplaceOnCallDto {
  @ApiProperty({ type: [OnCallShiftDto], description: 'The shifts starting in the period; they replace the ones on record there.' })
  @IsDefined() @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => OnCallShiftDto) shifts!: OnCallShiftDto[];
  @ApiPropertyOptional({ pattern: TIME.source, description: `Start of the period replaced; default the earliest shift's start. ${TIME_HELP}` })
  @IsOptional() @Matches(TIME, { message: `from: ${TIME_HELP}` }) from?: string;
  @ApiPropertyOptional({ pattern: TIME.source, description: `End of the period replaced; default the latest shift's end. ${TIME_HELP}` })
  @IsOptional() @Matches(TIME, { message: `to: ${TIME_HELP}` }) to?: string;
  @ApiPropertyOptional({ description: 'Keep overlapping shifts (two people on call at once); without it an overlap is a 409.' })
  @IsOptional() @IsBoolean() allowOverlap?: boolean;
}

export class OnCallQuery {
  @ApiPropertyOptional({ pattern: TIME.source, description: `Who is on call at this time; default now. ${TIME_HELP}` })
  @IsOptional() @Matches(TIME, { message: `at: ${TIME_HELP}` }) at?: string;
}

/** A shift as the roster answers it: times with the location's offset. */
export class OnCallShiftViewDto {
  @ApiProperty({ example: 'auth0|dr-lee' }) staffId!: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-07T21:00:00-05:00' }) from!: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-08T09:00:00-05:00', description: 'Exclusive.' }) to!: string;
  @ApiProperty({ example: '+1-555-0100 (on-call phone)' }) contact!: string;
}

/** PUT /v1/locations/{locationId}/on-call: the period replaced and its shifts now. */
export class OnCallRosterChangedDto {
  @ApiProperty({ format: 'uuid' }) locationId!: string;
  @ApiProperty({ example: 'America/New_York' }) timezone!: string;
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty() overlapAllowed!: boolean;
  @ApiProperty({ type: [OnCallShiftViewDto] }) shifts!: OnCallShiftViewDto[];
}

/** GET /v1/locations/{locationId}/on-call: who is on call at `at`. */
export class OnCallNowDto {
  @ApiProperty({ format: 'uuid' }) locationId!: string;
  @ApiProperty({ example: 'America/New_York' }) timezone!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: [OnCallShiftViewDto] }) onCall!: OnCallShiftViewDto[];
}
