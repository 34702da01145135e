/**
 * Typed clients of the services through the console's origin (`/api/<service>`, proxied by the BFF with the user's
 * token: the browser never holds one). Every unsafe request carries the session's CSRF token; a 401 (no session, or
 * one the BFF could not refresh) sends the browser to sign in and back to where it was.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths as AdmissionsPaths } from './admissions';
import type { paths as ClinicalNotesPaths } from './clinical-notes';
import type { paths as OutcomesPaths } from './outcomes';
import type { components, paths as SchedulingPaths } from './scheduling';
import type { paths as WebhooksPaths } from './webhooks';

/** A problem+json answer (RFC 9457), as every service documents it. */
export type ProblemBody = components['schemas']['Problem'];

/** GET /auth/session (the BFF): who is signed in, and the token unsafe requests must echo. */
export type Session = { subject: string; name: string; tenant: string; roles: string[]; csrfToken: string };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Where the BFF signs the user in and brings them back to (the current path and query). */
export function signIn(): never {
  const returnTo = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  // The page is being replaced: nothing after this should run or render an error meanwhile.
  throw new SigningIn();
}

export class SigningIn extends Error {
  constructor() {
    super('Signing in');
  }
}

let current: Promise<Session> | undefined;

/** The session, fetched once per page load (a failed fetch is retried next time). */
export function getSession(): Promise<Session> {
  current ??= fetch('/auth/session', { credentials: 'same-origin', headers: { accept: 'application/json' } }).then(async (res) => {
    if (res.status === 401) signIn();
    if (!res.ok) throw new ApiError(res.status, await problemOf(res));
    return (await res.json()) as Session;
  });
  current.catch(() => {
    current = undefined;
  });
  return current;
}

/** An answer that is not a success: its status and problem+json body (a stand-in when the body was not one). */
export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: ProblemBody) {
    super(problem.detail ?? problem.title);
  }

  /** A 409: someone else changed it (or it is in a state that refuses this): reloading shows the current state. */
  get conflict(): boolean {
    return this.status === 409;
  }
}

async function problemOf(res: Response): Promise<ProblemBody> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    // not JSON: a generic problem below
  }
  return asProblem(body, res);
}

function asProblem(body: unknown, res: Response): ProblemBody {
  if (body && typeof body === 'object' && typeof (body as ProblemBody).title === 'string') {
    const problem = body as ProblemBody;
    return { ...problem, type: problem.type ?? 'about:blank', status: res.status };
  }
  return { type: 'about:blank', title: res.statusText || `HTTP ${res.status}`, status: res.status };
}

const sessionMiddleware: Middleware = {
  async onRequest({ request }) {
    if (!SAFE_METHODS.has(request.method.toUpperCase())) {
      request.headers.set('X-CSRF-Token', (await getSession()).csrfToken);
    }
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) signIn();
    return response;
  },
};

function clientFor<Paths extends object>(service: string) {
  const client = createClient<Paths>({ baseUrl: `/api/${service}`, credentials: 'same-origin' });
  client.use(sessionMiddleware);
  return client;
}

export const admissions = clientFor<AdmissionsPaths>('admissions');
export const scheduling = clientFor<SchedulingPaths>('scheduling');
export const clinicalNotes = clientFor<ClinicalNotesPaths>('clinical-notes');
export const outcomes = clientFor<OutcomesPaths>('outcomes');
export const webhooks = clientFor<WebhooksPaths>('webhooks');

/**
 * The fhir service's platform routes only (its own are FHIR's, under /fhir, and the console does not read them): its
 * dead letters are the platform's event-store routes every service serves, so their typing is the other services'
 * (its /v1 document is not generated for the console).
 */
type PlatformAdminPaths = Pick<SchedulingPaths, '/v1/admin/dead-letters' | '/v1/admin/dead-letters/{consumer}/{id}/replay' | '/v1/admin/dead-letters/{consumer}/{id}/discard'>;
export const fhirPlatform = clientFor<PlatformAdminPaths>('fhir');

/** What an openapi-fetch call resolves to: `data` typed from the path's documented success response. */
type Answer<D> = { data?: D; error?: unknown; response: Response };

/** The body of a successful answer, typed as the service documents it, or an ApiError with the problem. */
export async function unwrap<D>(call: Promise<Answer<D>>): Promise<D> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, asProblem(error, response));
  return data as D;
}

/** A fresh Idempotency-Key: a retried save of the same attempt is then answered once. */
export const idempotencyKey = (): string => crypto.randomUUID();

/** unwrap, with the answer's ETag (the version to send back as If-Match with a command on what was read). */
export async function unwrapWithEtag<D>(call: Promise<Answer<D>>): Promise<{ body: D; etag: string | null }> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, asProblem(error, response));
  return { body: data as D, etag: response.headers.get('etag') };
}
