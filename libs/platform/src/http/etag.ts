import { ProblemError } from './problem';

/**
 * `If-Match: "3"` (or `W/"3"`, or `3`) -> 3; absent or `*` -> undefined (no precondition). ETags of this platform are
 * stream versions (docs/CONTRACTS.md, "HTTP conventions"): a client that read version 3 edits "as of 3", and a stream that moved on refuses.
 */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw new ProblemError(400, 'If-Match must be an ETag this service returned, e.g. "3".');
  return Number(match[1]);
}

export const etagOf = (version: number): string => `"${version}"`;

/** The OpenAPI description of a command's optional `If-Match` (`@ApiHeader(ifMatchHeader('episode', '/v1/episodes/{episodeId}'))`). */
export const ifMatchHeader = (resource: string, readRoute: string) => ({
  name: 'If-Match', required: false, description: `The ETag of GET ${readRoute}: refused with 409 if the ${resource} changed since.`,
});

/**
 * The OpenAPI description of the `ETag` a success answer carries (`@ApiOkResponse({ type, headers: etagHeader('episode') })`):
 * the resource's version after the request, to send back as `If-Match`.
 */
export const etagHeader = (resource: string) => ({
  ETag: { description: `The ${resource}'s version now, for If-Match on its next command.`, required: true, schema: { type: 'string', pattern: '^"[0-9]+"$', example: '"4"' } },
});
