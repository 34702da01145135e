import { ApiProperty } from '@nestjs/swagger';

/** POST /v1/abstinence-reports. */
export class AbstinenceReportedDto {
  @ApiProperty({ format: 'uuid' }) reportId!: string;
}
