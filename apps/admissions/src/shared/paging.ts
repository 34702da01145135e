import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ProblemError } from '@iop/platform';

/** `?limit=&cursor=` (docs/CONTRACTS.md, "HTTP conventions"): keyset pages over (sort key, id), so inserts never shift a page. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional() @IsString() @MaxLength(400)
  cursor?: string;
}

export type Page<T> = { items: T[]; nextCursor: string | null };
export type PageRequest = { limit: number; after?: [key: string, id: string] };

/** Keys are dates or timestamps as PostgreSQL prints them; ids are uuids. Anything else was not issued here. */
const KEY = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?)?$/;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function pageRequest(q: PageQueryDto): PageRequest {
  const limit = q.limit ?? 50;
  if (!q.cursor) return { limit };
  try {
    const after = JSON.parse(Buffer.from(q.cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(after) && after.length === 2 && KEY.test(String(after[0])) && ID.test(String(after[1]))) return { limit, after: after as [string, string] };
  } catch {
    // falls through to the 400 below
  }
  throw new ProblemError(400, 'The cursor is not one this service issued.', [{ path: 'cursor', message: 'is not valid' }]);
}

/** Rows were read with `LIMIT limit + 1`, each with `cursor_key` and `cursor_id`; those columns are not shown. */
export function pageOf<R extends { cursor_key: string; cursor_id: string }, T>(rows: R[], limit: number, view: (row: R) => T): Page<T> {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last ? Buffer.from(JSON.stringify([last.cursor_key, last.cursor_id])).toString('base64url') : null;
  return { items: page.map(view), nextCursor };
}

/**
 * The keyset condition and its parameters, numbered from `firstParam`. The cursor holds the key as PostgreSQL printed
 * it (`key::text`), and is compared as the column's own type, so the order is the ORDER BY's, to the microsecond.
 */
export function afterClause(
  req: PageRequest, key: string, keyType: string, id: string, firstParam: number, order: 'asc' | 'desc' = 'asc',
): { sql: string; params: string[] } {
  if (!req.after) return { sql: 'TRUE', params: [] };
  const op = order === 'asc' ? '>' : '<';
  return { sql: `(${key}, ${id}) ${op} ($${firstParam}::${keyType}, $${firstParam + 1}::uuid)`, params: req.after };
}
