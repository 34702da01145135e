import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SESSION_TYPES, type SessionType } from '@iop/domain-events';

export class EnrollmentPlaceDto {
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ enum: SESSION_TYPES }) type!: SessionType;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T18:00:00-05:00' }) startsAt!: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T21:00:00-05:00' }) endsAt!: string;
  @ApiPropertyOptional({ type: Boolean, description: 'Present (true) on an alumni no-charge session only.' }) noCharge?: true;
}

export class EnrollmentDto {
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ format: 'uuid' }) locationId!: string;
  @ApiProperty() track!: string;
  @ApiProperty({ enum: ['active', 'discharged', 'alumni', 'cancelled'] }) status!: string;
  @ApiProperty({ example: 'America/New_York' }) timezone!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'null for an alumni-only enrollment.' }) startDate!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) plannedEndDate!: string | null;
  @ApiProperty({ minimum: 0 }) weeklyHoursPlanned!: number;
  @ApiProperty({ description: 'Every full week of the booked plan meets the program hours rule.' }) meetsProgramRule!: boolean;
  @ApiProperty({ type: [EnrollmentPlaceDto] }) bookings!: EnrollmentPlaceDto[];
  @ApiProperty({ type: [EnrollmentPlaceDto], description: 'Sessions the episode waits for a seat on.' }) waitlisted!: EnrollmentPlaceDto[];
}

export class HoursRuleDto {
  @ApiProperty({ minimum: 0 }) minHoursPerDay!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) minDaysPerWeek!: number;
}

export class WeekDto {
  @ApiProperty({ format: 'date', description: 'The Monday of the local week.' }) weekStart!: string;
  @ApiProperty({ minimum: 0, description: 'Hours attended (no-charge sessions excluded), to two decimals.' }) hoursAttended!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) daysAttended!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) daysWithMinimumHours!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Program days the plan offered that week.' }) plannedDays!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Days with the minimum hours the week is held to.' }) requiredDays!: number;
  @ApiProperty() compliant!: boolean;
  @ApiProperty({ description: 'A whole week below the ASAM floor for this level (9 h adults, 6 h adolescents).' }) belowAsamMinimum!: boolean;
  @ApiProperty({ description: 'Summarized (published); an open week still moves with each record.' }) closed!: boolean;
}

export class EnrollmentWeeksDto {
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ example: 'America/New_York' }) timezone!: string;
  @ApiProperty({ type: HoursRuleDto }) rule!: HoursRuleDto;
  @ApiProperty({ type: [WeekDto], description: 'The program weeks up to and including the current one, oldest first.' }) items!: WeekDto[];
}
