/**
 * Cross-site request forgery defences for what changes something (POST, PUT, PATCH, DELETE to /api and /auth/logout):
 * a synchronizer token that only the console's own pages can read (GET /auth/session) sent back in `X-CSRF-Token`,
 * and the browser's own word on where the request comes from (`Origin`, `Sec-Fetch-Site`). The session cookie is
 * SameSite=Lax besides, which browsers leave off cross-site POSTs.
 */
import { timingSafeEqual } from 'node:crypto';

export const UNSAFE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Headers = Record<string, string | string[] | undefined>;

const header = (headers: Headers, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * False when the browser says the request comes from another origin: an `Origin` other than the console's (`null`
 * included: a sandboxed frame or a redirect chain), or `Sec-Fetch-Site: cross-site`. Clients that send neither (a
 * script, a test) rely on the token alone.
 */
export function fromOwnOrigin(headers: Headers, publicOrigin: string): boolean {
  const origin = header(headers, 'origin');
  if (origin !== undefined && origin !== publicOrigin) return false;
  return header(headers, 'sec-fetch-site') !== 'cross-site';
}

/** Whether the request's `X-CSRF-Token` is the session's token (compared in constant time). */
export function csrfTokenMatches(headers: Headers, expected: string): boolean {
  const given = header(headers, 'x-csrf-token');
  if (!given) return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
