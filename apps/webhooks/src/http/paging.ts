import { ProblemError } from '@iop/platform';

/** `?limit=&cursor=` as every list of the platform reads them; the cursor is an opaque position. */
export function paging(limit: string | undefined, cursor: string | undefined, max = 200): { limit: number; after: number } {
  const size = limit === undefined ? 50 : Number(limit);
  if (!Number.isInteger(size) || size < 1 || size > max) throw new ProblemError(400, `limit must be a whole number from 1 to ${max}.`);
  if (cursor !== undefined && !/^\d{1,18}$/.test(cursor)) throw new ProblemError(400, 'cursor is not one this API returned.');
  return { limit: size, after: cursor === undefined ? 0 : Number(cursor) };
}
