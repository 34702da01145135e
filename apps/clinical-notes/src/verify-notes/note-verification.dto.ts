import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** GET /v1/notes/{id}/verification (hash-chain.ts ChainVerdict). */
export class ChainVerdictDto {
  @ApiProperty({ description: 'Every stored version links to its predecessor and the chain holds every version the note has.' }) valid!: boolean;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Versions stored (a draft has none).' }) versions!: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'When not valid: the first version that breaks the chain (or is missing).' }) brokenAt?: number;
}
