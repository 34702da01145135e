import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsIn, IsInt, Max, Min, ValidateNested, IsDefined } from 'class-validator';
import { INSTRUMENTS, type Instrument } from '@iop/domain-events';

/** Single-field bounds; rules across fields live in outcome-settings.rules.ts. */
class MeasurementScheduleDto {
  @ApiProperty({ enum: INSTRUMENTS, isArray: true, uniqueItems: true, example: ['PHQ-9', 'GAD-7', 'BAM'] })
  @IsIn(INSTRUMENTS, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  instruments!: Instrument[];

  @ApiProperty({ example: 7, description: 'Days after the first program day by which the baseline is due.' })
  @IsInt() @Min(1) @Max(30) baselineWithinDays!: number;

  @ApiProperty({ example: 14, description: 'Days between periodic measures, counted from the first program day.' })
  @IsInt() @Min(7) @Max(90) intervalDays!: number;

  @ApiProperty({ example: 3, description: 'Days before a due date from which a measure counts for it.' })
  @IsInt() @Min(0) @Max(14) leadDays!: number;

  @ApiProperty({ example: true }) @IsBoolean() atDischarge!: boolean;
}

class FollowUpsDto {
  @ApiProperty({ example: [30, 90, 180], uniqueItems: true, description: 'Days after discharge, ascending.' })
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(730, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(6)
  offsetsDays!: number[];

  @ApiProperty({ example: 14, description: 'Days either side of the due date that a contact counts for the follow-up.' })
  @IsInt() @Min(0) @Max(60) windowDays!: number;
}

export class OutcomeSettingsDto {
  @ApiProperty({ type: MeasurementScheduleDto }) @IsDefined() @ValidateNested() @Type(() => MeasurementScheduleDto) measurementSchedule!: MeasurementScheduleDto;
  @ApiProperty({ type: FollowUpsDto }) @IsDefined() @ValidateNested() @Type(() => FollowUpsDto) followUps!: FollowUpsDto;
}
