import { ApiProperty } from '@nestjs/swagger';
import { MeasureResultDto } from '../record-measure/record-measure.dto';

/** POST /v1/follow-ups/{followUpId}/result: FollowUpCompleted, with the measures scored. */
export class FollowUpResultRecordedDto {
  @ApiProperty({ format: 'uuid' }) followUpId!: string;
  @ApiProperty({ enum: ['completed'] }) status!: string;
  @ApiProperty() abstinent!: boolean;
  @ApiProperty({ format: 'date-time' }) completedAt!: string;
  @ApiProperty({ description: 'The contact fell inside the follow-up\'s window.' }) withinWindow!: boolean;
  @ApiProperty({ type: [MeasureResultDto] }) measures!: MeasureResultDto[];
}
