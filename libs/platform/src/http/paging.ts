/**
 * `?limit=&cursor=`, the one paging contract of every list of every service (docs/CONTRACTS.md): keyset pages, so a
 * row inserted or removed while a client pages never shifts, repeats or skips another.
 *
 * A list declares its sort key once (`keyset(name, columns)`); the same declaration orders the query, selects the key,
 * builds the "after the cursor" condition and encodes the next cursor. The cursor is opaque to clients: base64url of
 * `{ l: list name, k: key values }`. Decoding checks the list name (a cursor of another list is refused, not
 * silently misread) and the type of every key value (a tampered cursor is refused before it reaches PostgreSQL, where
 * a bad timestamp or uuid would otherwise fail as a 500). Both are a 400 problem+json.
 */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { isCalendarDate, utcMidnight } from '@iop/calendar';
import { ProblemError } from './problem';

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 200;
/** A cursor holds a list name and a few keys: anything longer was not issued here. */
export const MAX_CURSOR_LENGTH = 1000;

export type Page<T> = { items: T[]; nextCursor: string | null };

/** The PostgreSQL type a key value is compared as. `bigint` keys are carried as decimal strings (no precision loss). */
export type KeyType = 'uuid' | 'timestamptz' | 'date' | 'text' | 'bigint';

export interface KeyColumn {
  /** The SQL expression the list is ordered by, e.g. `e.start_date`. */
  readonly sql: string;
  readonly type: KeyType;
  readonly desc?: boolean;
}

/** A decoded `?limit=&cursor=`: the page size and, after the first page, the key of the last item already served. */
export interface PageRequest {
  readonly limit: number;
  readonly after?: readonly string[];
}

/** The query parameters themselves, as the DTOs below validate them. */
export interface PageParams {
  limit?: number;
  cursor?: string;
}

/** The row column `keyset.keySelect` adds: the key as PostgreSQL prints it, so the next page starts at the exact value. */
export const PAGE_KEY = 'page_key';
export type KeyedRow = { [PAGE_KEY]: string[] };

function pageQueryClass(maxLimit: number) {
  class PageQuery implements PageParams {
    @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: maxLimit, default: DEFAULT_PAGE_LIMIT, description: 'Items per page.' })
    @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(maxLimit)
    limit?: number;

    @ApiPropertyOptional({
      type: 'string', maxLength: MAX_CURSOR_LENGTH,
      description: 'Opaque: the nextCursor of the previous page of this same list, passed back unchanged. Omit it for the first page.',
    })
    @IsOptional() @IsString() @MaxLength(MAX_CURSOR_LENGTH)
    cursor?: string;
  }
  return PageQuery;
}

/** `?limit=` (1 to 200, default 50) and `?cursor=`; a list with more query parameters extends it. */
export class PageQuery extends pageQueryClass(MAX_PAGE_LIMIT) {}

/** The same query for a list whose pages are bounded otherwise, e.g. `class Q extends pageQueryUpTo(100) {}`. */
export const pageQueryUpTo = (maxLimit: number) => pageQueryClass(maxLimit);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:Z|([+-])(\d{2})(?::?(\d{2})(?::?(\d{2}))?)?)?$/;
const BIGINT = /^-?\d{1,18}$/;
const MAX_TEXT_KEY = 500;

/** Whether PostgreSQL would read `value` as a `type` without an error (the values this platform prints, not every spelling). */
export function isKeyValue(type: KeyType, value: string): boolean {
  switch (type) {
    case 'uuid':
      return UUID.test(value);
    case 'date':
      return isCalendarDate(value);
    case 'timestamptz': {
      const m = TIMESTAMP.exec(value);
      return m !== null && isCalendarDate(m[1]) && Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4]) < 60
        && (m[7] === undefined || Number(m[7]) <= 15) && (m[8] === undefined || Number(m[8]) < 60) && (m[9] === undefined || Number(m[9]) < 60);
    }
    case 'bigint':
      return BIGINT.test(value);
    case 'text':
      // PostgreSQL text cannot hold NUL.
      return value.length <= MAX_TEXT_KEY && !value.includes('\u0000');
  }
}

const invalidCursor = (detail: string): ProblemError => new ProblemError(400, detail, [{ path: 'cursor', message: detail }], 'invalid-cursor');

const NOT_ISSUED = 'cursor is not one this API issued: pass back the nextCursor of the previous page unchanged, or omit it for the first page.';

export function encodeCursor(list: string, key: readonly string[]): string {
  return Buffer.from(JSON.stringify({ l: list, k: key }), 'utf8').toString('base64url');
}

/** The key a cursor of `list` carries, its values checked against `types`; anything else is a 400 problem. */
export function decodeCursor(list: string, types: readonly KeyType[], cursor: string): string[] {
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw invalidCursor(NOT_ISSUED);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor(NOT_ISSUED);
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw invalidCursor(NOT_ISSUED);
  const { l, k } = payload as { l?: unknown; k?: unknown };
  if (typeof l !== 'string' || !Array.isArray(k)) throw invalidCursor(NOT_ISSUED);
  if (l !== list) throw invalidCursor('cursor belongs to another list: pass back the nextCursor this list returned, or omit it for the first page.');
  if (k.length !== types.length || !k.every((v, i) => typeof v === 'string' && isKeyValue(types[i], v))) throw invalidCursor(NOT_ISSUED);
  return k as string[];
}

/** Microseconds since the epoch of a timestamp `isKeyValue` accepted (no offset: UTC), exact where `Date` keeps milliseconds. */
function timestampMicros(value: string): number {
  const [, date, h, m, sec, frac = '', sign, oh = '0', om = '0', os = '0'] = TIMESTAMP.exec(value)!;
  const offset = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 3600 + Number(om) * 60 + Number(os));
  const seconds = utcMidnight(date) / 1000 + Number(h) * 3600 + Number(m) * 60 + Number(sec) - offset;
  return seconds * 1_000_000 + Number(frac.padEnd(6, '0'));
}

/** Key values in the list's order, as `ORDER BY` would sort them (for lists paged in memory). */
function compareKeys(columns: readonly KeyColumn[], a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < columns.length; i++) {
    let c: number;
    if (columns[i].type === 'bigint') {
      const x = BigInt(a[i]);
      const y = BigInt(b[i]);
      c = x < y ? -1 : x > y ? 1 : 0;
    } else if (columns[i].type === 'timestamptz') {
      c = Math.sign(timestampMicros(a[i]) - timestampMicros(b[i]));
    } else {
      c = a[i] < b[i] ? -1 : a[i] > b[i] ? 1 : 0;
    }
    if (c !== 0) return columns[i].desc ? -c : c;
  }
  return 0;
}

/** One list's keyset: its name (the cursor's marker) and its sort key, most significant column first, unique as a whole. */
export class Keyset {
  constructor(readonly list: string, readonly columns: readonly KeyColumn[]) {
    if (columns.length === 0) throw new Error(`Keyset ${list} has no key column.`);
  }

  /** `?limit=&cursor=` as this list reads them; a cursor of another list, or a tampered one, is a 400 problem. */
  request(q: PageParams): PageRequest {
    const limit = q.limit ?? DEFAULT_PAGE_LIMIT;
    if (q.cursor === undefined || q.cursor === '') return { limit };
    return { limit, after: decodeCursor(this.list, this.columns.map((c) => c.type), q.cursor) };
  }

  /** `ORDER BY` of the list. */
  get orderBy(): string {
    return this.columns.map((c) => `${c.sql}${c.desc ? ' DESC' : ''}`).join(', ');
  }

  /** A select-list item: the key as text, named `page_key`, which `page` reads and leaves out of the items. */
  get keySelect(): string {
    return `ARRAY[${this.columns.map((c) => `(${c.sql})::text`).join(', ')}] AS ${PAGE_KEY}`;
  }

  /**
   * The condition "after the cursor" and its parameters, numbered from `firstParam` (append them after the query's own).
   * Values are compared as the columns' own types, so the order is the ORDER BY's, to the microsecond.
   */
  where(req: PageRequest, firstParam: number): { sql: string; params: string[] } {
    if (!req.after) return { sql: 'TRUE', params: [] };
    const param = (i: number) => `$${firstParam + i}::${this.columns[i].type}`;
    const sameDirection = this.columns.every((c) => Boolean(c.desc) === Boolean(this.columns[0].desc));
    if (sameDirection) {
      const op = this.columns[0].desc ? '<' : '>';
      return { sql: `(${this.columns.map((c) => c.sql).join(', ')}) ${op} (${this.columns.map((_, i) => param(i)).join(', ')})`, params: [...req.after] };
    }
    // Mixed directions: a row comparison cannot say it, so expand "a > x OR (a = x AND (b < y OR ...))".
    const clause = (i: number): string => {
      const c = this.columns[i];
      const strictly = `${c.sql} ${c.desc ? '<' : '>'} ${param(i)}`;
      return i === this.columns.length - 1 ? strictly : `(${strictly} OR (${c.sql} = ${param(i)} AND ${clause(i + 1)}))`;
    };
    return { sql: clause(0), params: [...req.after] };
  }

  /** The cursor of the page after an item with this key. */
  cursorAfter(key: readonly string[]): string {
    return encodeCursor(this.list, key);
  }

  /**
   * Rows read with `LIMIT limit + 1` and `keySelect`: the page and the next cursor. Items are `view(row)`, or without
   * a view the rows less their `page_key`.
   */
  page<R extends KeyedRow>(rows: R[], req: PageRequest): Page<Omit<R, typeof PAGE_KEY>>;
  page<R extends KeyedRow, T>(rows: R[], req: PageRequest, view: (row: R) => T): Page<T>;
  page<R extends KeyedRow, T>(rows: R[], req: PageRequest, view?: (row: R) => T): Page<T | Omit<R, typeof PAGE_KEY>> {
    const shown = rows.slice(0, req.limit);
    const last = shown[shown.length - 1];
    const nextCursor = rows.length > req.limit && last ? this.cursorAfter(last[PAGE_KEY]) : null;
    const items = shown.map((row) => {
      if (view) return view(row);
      const { [PAGE_KEY]: _, ...rest } = row;
      return rest;
    });
    return { items, nextCursor };
  }

  /** A list already in memory, sorted by this key: the page after the cursor (for lists computed rather than queried). */
  pageOf<R, T = R>(sorted: readonly R[], req: PageRequest, keyOf: (row: R) => readonly string[], view?: (row: R) => T): Page<T> {
    const after = req.after;
    const rest = after ? sorted.filter((r) => compareKeys(this.columns, keyOf(r), after) > 0) : sorted;
    const shown = rest.slice(0, req.limit);
    const last = shown[shown.length - 1];
    const nextCursor = rest.length > req.limit && last !== undefined ? this.cursorAfter(keyOf(last)) : null;
    return { items: shown.map((r) => (view ? view(r) : (r as unknown as T))), nextCursor };
  }
}

/** `keyset('admissions.episodes', [{ sql: 'e.start_date', type: 'date' }, { sql: 'e.episode_id', type: 'uuid' }])`. */
export const keyset = (list: string, columns: readonly KeyColumn[]): Keyset => new Keyset(list, columns);
