import { ApiProperty } from '@nestjs/swagger';

/** POST /v1/admin/follow-ups/close-windows. */
export class FollowUpWindowsClosedDto {
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty({ type: [String], format: 'uuid', description: 'The follow-ups marked lost by this run.' }) lost!: string[];
}
