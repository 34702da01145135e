import { ProblemError } from '@iop/platform';

export type Page<T> = { items: T[]; nextCursor: string | null };

/** Keyset pagination (`?limit=&cursor=`): the cursor is the opaque sort key of the last item served. */
export async function pageOf<T>(
  limit: string | undefined, cursor: string | undefined,
  fetch: (max: number, after: string[] | null) => Promise<{ item: T; key: string[] }[]>,
): Promise<Page<T>> {
  const max = limit === undefined ? 50 : Number(limit);
  if (!Number.isInteger(max) || max < 1 || max > 200) throw new ProblemError(400, 'limit is a whole number from 1 to 200.');
  const rows = await fetch(max + 1, cursor === undefined ? null : decodeCursor(cursor));
  const items = rows.slice(0, max);
  const nextCursor = rows.length > max ? Buffer.from(JSON.stringify(items[items.length - 1].key)).toString('base64url') : null;
  return { items: items.map((r) => r.item), nextCursor };
}

function decodeCursor(cursor: string): string[] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && key.every((k) => typeof k === 'string')) return key;
  } catch {
    // fall through to the problem below
  }
  throw new ProblemError(400, 'cursor is not one this service returned.');
}
