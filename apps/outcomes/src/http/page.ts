import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ProblemError } from '@iop/platform';

/** `?limit=&cursor=` (docs/CONTRACTS.md, "HTTP conventions"). The cursor is an opaque offset: these lists are short and append-mostly. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page.' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/)
  cursor?: string;
}

export type Page<T> = { items: T[]; nextCursor: string | null };

export function offsetOf(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const offset = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) throw new ProblemError(400, 'The cursor is not one this list issued.');
  return offset;
}

/** `rows` fetched with LIMIT limit + 1: the extra row only tells whether another page exists. */
export function pageOf<T>(rows: T[], query: PageQuery): Page<T> {
  const limit = query.limit ?? 50;
  const offset = offsetOf(query.cursor);
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? Buffer.from(String(offset + limit), 'utf8').toString('base64url') : null };
}
