/**
 * UNDOCUMENTED: TO BE REPLACED BY REGENERATION (`npm run openapi`).
 *
 * The one success body the console reads that no service's OpenAPI document describes yet: scheduling's
 * GET /v1/locations (a page of these) answers without a response schema. Written from the generated request schema the
 * location echoes (name, timezone, blocks) plus what the read model adds; once scheduling documents the response, use
 * `components['schemas'][...]` from ./scheduling with `unwrap` and delete this file.
 */
import type { components } from './scheduling';

export type LocationView = components['schemas']['ConfigureLocationDto'] & { locationId: string; configuredAt: string };

export type LocationPage = { items: LocationView[]; nextCursor: string | null };
