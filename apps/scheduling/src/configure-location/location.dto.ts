import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested, IsDefined } from 'class-validator';
import { SESSION_TYPES, TRACKS, WEEKDAYS, type SessionType, type Track, type Weekday } from '@iop/domain-events';
import { IsLocalDate } from '../shared/local-date.validator';

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

export class SessionBlockDto {
  @ApiProperty({ enum: TRACKS }) @IsIn(TRACKS) track!: Track;
  @ApiProperty({ enum: WEEKDAYS, isArray: true, example: ['MON', 'TUE', 'WED', 'THU'] })
  @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(WEEKDAYS, { each: true }) days!: Weekday[];
  @ApiProperty({ example: '18:00', description: 'Local start `HH:mm` in the location\'s zone.' }) @Matches(CLOCK, { message: 'start must be HH:mm' }) start!: string;
  @ApiProperty({ example: '21:00' }) @Matches(CLOCK, { message: 'end must be HH:mm' }) end!: string;
}

export class BlocksDto {
  @ApiProperty({ type: [SessionBlockDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @IsDefined() @ValidateNested({ each: true }) @Type(() => SessionBlockDto) blocks!: SessionBlockDto[];
}

export class CurriculumSessionDto {
  @ApiProperty({ enum: WEEKDAYS, example: 'MON' }) @IsIn(WEEKDAYS) day!: Weekday;
  @ApiProperty({ example: '18:00', description: 'Local start `HH:mm` in the location\'s zone, inside one of the track\'s blocks.' }) @Matches(CLOCK, { message: 'start must be HH:mm' }) start!: string;
  @ApiProperty({ example: '19:30' }) @Matches(CLOCK, { message: 'end must be HH:mm' }) end!: string;
  @ApiProperty({ enum: SESSION_TYPES, example: 'group-therapy', description: 'A group type: one-to-one sessions are booked on top of the track.' })
  @IsIn(SESSION_TYPES) type!: SessionType;
}

export class CurriculumDto {
  @ApiProperty({ enum: TRACKS }) @IsIn(TRACKS) track!: Track;
  @ApiProperty({ example: '2026-12-07', description: 'First local date the curriculum applies to (today or later); earlier sessions keep theirs.' })
  @IsLocalDate() effectiveFrom!: string;
  @ApiProperty({ type: [CurriculumSessionDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(70) @ValidateNested({ each: true }) @Type(() => CurriculumSessionDto) sessions!: CurriculumSessionDto[];
}

export class ConfigureLocationDto extends BlocksDto {
  @ApiPropertyOptional({ type: () => [CurriculumDto], description: 'Curricula saved with the location (as PUT /v1/locations/{locationId}/curriculum), so that its first weeks follow them.' })
  @IsOptional() @IsArray() @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => CurriculumDto) curricula?: CurriculumDto[];
  @ApiProperty({ example: 'Riverside' }) @IsString() @MinLength(1) @MaxLength(120) name!: string;
  @ApiProperty({ example: 'America/New_York', description: 'IANA time zone; blocks and dates are local to it.' }) @IsString() @MaxLength(64) timezone!: string;
}

export class GenerateSeriesDto {
  @ApiProperty({ minimum: 1, maximum: 26, example: 4 }) @IsInt() @Min(1) @Max(26) weeks!: number;
  @ApiPropertyOptional({ description: 'First week (any day of it); default: this week at the location.' }) @IsOptional() @IsLocalDate() from?: string;
}

/** POST /v1/locations. */
export class LocationCreatedDto {
  @ApiProperty({ format: 'uuid' }) locationId!: string;
  @ApiProperty({ type: 'integer', description: 'Block sessions scheduled for its first 4 weeks.' }) sessionsScheduled!: number;
}

/** PUT /v1/locations/{id}/blocks: the blocks now in force. */
export class BlocksReplacedDto {
  @ApiProperty({ format: 'uuid' }) locationId!: string;
  @ApiProperty({ type: [SessionBlockDto] }) blocks!: SessionBlockDto[];
}

/** PUT /v1/locations/{locationId}/curriculum: the version saved, and the weeks already scheduled that keep their sessions. */
/** What a saved curriculum version re-planned in the weeks already generated (CurriculumReplaced). */
export class CurriculumReplacedDto {
  @ApiProperty({ type: [String], format: 'date', description: 'Mondays of the generated weeks from effectiveFrom on (those re-planned).' }) weeks!: string[];
  @ApiProperty({ type: 'integer', description: 'Sessions the version plans identically: left as they were, bookings and all.' }) sessionsUnchanged!: number;
  @ApiProperty({ type: 'integer', description: 'Sessions left untouched although the version plans otherwise: they had begun or had attendance.' }) sessionsHeld!: number;
  @ApiProperty({ type: 'integer' }) sessionsCancelled!: number;
  @ApiProperty({ type: 'integer' }) sessionsCreated!: number;
  @ApiProperty({ type: 'integer', description: 'Places (seats and waitlist places) given back on the cancelled sessions.' }) placesReleased!: number;
  @ApiProperty({ type: 'integer', description: 'Seats booked on the new sessions.' }) seatsBooked!: number;
  @ApiProperty({ type: 'integer', description: 'Enrolled episodes that were released or booked.' }) episodesRebooked!: number;
}

export class CurriculumSavedDto extends CurriculumDto {
  @ApiProperty({ format: 'uuid' }) locationId!: string;
  @ApiProperty({ type: [String], format: 'date', description: 'Mondays of the weeks from effectiveFrom on with sessions left as they were (begun or attended).' }) weeksKept!: string[];
  @ApiProperty({ type: CurriculumReplacedDto }) replaced!: CurriculumReplacedDto;
}

/** POST /v1/locations/{id}/series. */
export class SeriesScheduledDto {
  @ApiProperty({ format: 'uuid' }) locationId!: string;
  @ApiProperty({ type: [String], format: 'date', description: 'The Mondays of the weeks asked for.' }) weeks!: string[];
  @ApiProperty({ type: 'integer', description: 'Sessions newly scheduled (weeks already scheduled add none).' }) sessionsScheduled!: number;
}
