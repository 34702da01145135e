import { ProblemError } from './problem';

/**
 * `If-Match: "3"` (or `W/"3"`, or `3`) -> 3; absent or `*` -> undefined (no precondition). ETags of this platform are
 * stream versions (CONTRACTS.md): a client that read version 3 edits "as of 3", and a stream that moved on refuses.
 */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw new ProblemError(400, 'If-Match must be an ETag this service returned, e.g. "3".');
  return Number(match[1]);
}

export const etagOf = (version: number): string => `"${version}"`;
