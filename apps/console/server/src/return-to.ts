/**
 * Where a user goes after signing in: a path on the console's own origin, never another site (an open redirect would
 * let a link that starts at the clinic's console end on a look-alike page).
 */

const MAX_LENGTH = 2_048;

/**
 * The same-origin path and query `raw` names, or undefined when it is not one: it must start with a single `/`
 * (`//host` and `/\host` are other origins to a browser), hold no control characters or backslashes, and resolve to
 * the console's own origin. The fragment is dropped. The sign-in routes themselves are not destinations.
 */
export function safeReturnTo(raw: unknown, publicOrigin: string): string | undefined {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_LENGTH) return undefined;
  if (!raw.startsWith('/') || raw.startsWith('//')) return undefined;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\\\u0000-\u001f\u007f]/.test(raw)) return undefined;
  let url: URL;
  try {
    url = new URL(raw, publicOrigin);
  } catch {
    return undefined;
  }
  if (url.origin !== publicOrigin) return undefined;
  if (url.pathname === '/auth' || url.pathname.startsWith('/auth/')) return undefined;
  return `${url.pathname}${url.search}`;
}
