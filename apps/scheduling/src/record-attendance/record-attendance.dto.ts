import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { ATTENDANCE_STATUSES, type AttendanceStatus } from '@iop/domain-events';
import { WeekDto } from '../view-enrollments/enrollment-views.dto';

/** A whole roster is at most a group's size; the bound keeps one request's transaction short. */
export const MAX_BULK_RECORDS = 200;

export class RecordAttendanceDto {
  @ApiProperty() @IsUUID() episodeId!: string;
  @ApiProperty({ enum: ATTENDANCE_STATUSES }) @IsIn(ATTENDANCE_STATUSES) status!: AttendanceStatus;
  @ApiPropertyOptional({ description: 'Minutes attended, at most the session\'s length; 0 (or omitted) when absent.' })
  @IsOptional() @IsInt() @Min(0) @Max(1440) minutesAttended?: number;
}

/**
 * The records are validated one by one in the handler, not here: a bad record is reported in its result and the
 * others are kept. Only a body that is not a list of objects is refused as a whole.
 */
export class BulkAttendanceDto {
  @ApiProperty({
    type: [RecordAttendanceDto], maxItems: MAX_BULK_RECORDS,
    description: 'One record per patient, as the single POST /v1/sessions/{sessionId}/attendance takes it. Each is validated alone: one that is not valid is reported in its result (outcome rejected), never refusing the others.',
  })
  @IsArray() @ArrayMaxSize(MAX_BULK_RECORDS)
  records!: unknown[];
}

export class AttendanceRecordedDto {
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ enum: ATTENDANCE_STATUSES }) status!: AttendanceStatus;
  @ApiProperty({ type: 'integer', minimum: 0 }) minutesAttended!: number;
  @ApiProperty({ type: 'string', format: 'date', isArray: true, description: 'Program weeks (their Mondays) this record closed and summarized.' })
  weeksClosed!: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The outreach task a no-show opened; null otherwise.' })
  outreachTaskId!: string | null;
}

export const BULK_OUTCOMES = ['recorded', 'rejected'] as const;

export class BulkAttendanceResultDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'The record\'s position in `records`.' }) index!: number;
  @ApiProperty({ type: String, nullable: true, description: 'The record\'s episodeId as sent; null when it sent none (or not as a string).' })
  episodeId!: string | null;
  @ApiProperty({ enum: BULK_OUTCOMES }) outcome!: (typeof BULK_OUTCOMES)[number];
  @ApiPropertyOptional({ type: AttendanceRecordedDto, description: 'When recorded: what the single POST answers.' })
  attendance?: AttendanceRecordedDto;
  @ApiPropertyOptional({
    type: WeekDto,
    description: "When recorded: the patient's program week of this session as the record left it (its hours count at once; the week closes later).",
  })
  week?: WeekDto;
  @ApiPropertyOptional({
    allOf: [{ $ref: '#/components/schemas/Problem' }],
    description: 'When rejected: the problem the single POST would have answered for this record (status, type, and `errors` with paths inside the record, e.g. `minutesAttended`).',
  })
  problem?: Record<string, unknown>;
}

export class BulkAttendanceOutcomeDto {
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ type: [BulkAttendanceResultDto], description: 'One per record, in the order sent.' }) results!: BulkAttendanceResultDto[];
  @ApiProperty({ type: 'integer', minimum: 0 }) recorded!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) rejected!: number;
}
