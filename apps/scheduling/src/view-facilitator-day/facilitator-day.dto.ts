import { ApiProperty } from '@nestjs/swagger';
import { SessionViewDto } from '../read-models/session-view.dto';

/** GET /v1/facilitators/{staffId}/day. */
export class FacilitatorDayDto {
  @ApiProperty() staffId!: string;
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ type: [SessionViewDto], description: 'By start time.' }) sessions!: SessionViewDto[];
}
