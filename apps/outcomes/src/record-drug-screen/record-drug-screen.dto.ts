import { ApiProperty } from '@nestjs/swagger';

/** POST /v1/drug-screens. */
export class DrugScreenRecordedDto {
  @ApiProperty({ format: 'uuid' }) screenId!: string;
}
