import { ApiProperty } from '@nestjs/swagger';
import { INSTRUMENTS } from '@iop/domain-events';

/** One measurement occasion of an episode (measurement-worklist.ts WorklistItem). */
export class WorklistItemDto {
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ format: 'uuid' }) locationId!: string;
  @ApiProperty({ enum: INSTRUMENTS }) instrument!: string;
  @ApiProperty({ enum: ['baseline', 'periodic', 'discharge'] }) occasion!: string;
  @ApiProperty({ type: 'integer', description: 'The occasion\'s number in the episode\'s schedule.' }) sequence!: number;
  @ApiProperty({ format: 'date', description: 'From this day a measure counts for the occasion.' }) windowStart!: string;
  @ApiProperty({ format: 'date' }) dueDate!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'The last day a measure counts for it; null when open-ended.' }) lastDay!: string | null;
}

export class WorklistPageDto {
  @ApiProperty({ type: [WorklistItemDto] }) items!: WorklistItemDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass back as ?cursor= for the next page; null on the last page.' }) nextCursor!: string | null;
}
