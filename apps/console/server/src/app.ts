/**
 * The console's backend-for-frontend (docs: apps/console/server/README.md): signs staff in with OpenID Connect, keeps
 * their tokens in a server-side session, proxies `/api/<service>/v1/...` to the services with the user's access token,
 * and serves the built single-page app. The browser holds a session cookie (httpOnly) and a CSRF token, nothing more.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyReplyFrom from '@fastify/reply-from';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { problem, type ServiceName } from '@iop/platform';
import { CONSOLE_SERVICES, type ConsoleConfig } from './config';
import { csrfTokenMatches, fromOwnOrigin, UNSAFE_METHODS } from './csrf';
import type { OidcPort } from './oidc';
import { safeReturnTo } from './return-to';
import { MemorySessionStore, type Session, type SessionStore, type SessionTokens } from './sessions';
import { userFromClaims } from './user';

const LOGIN_COOKIE_MAX_AGE_S = 600;
/** Refresh an access token once this much of its life is left (or a quarter of it, for short-lived ones). */
const REFRESH_MARGIN_MS = 30_000;

/** Query parameter names only: a value may name a patient (a search) and logs carry no PHI. */
function redactedUrl(url: string | undefined): string {
  if (!url) return '';
  const q = url.indexOf('?');
  if (q < 0) return url;
  const names = [...new URLSearchParams(url.slice(q + 1)).keys()];
  return `${url.slice(0, q)}${names.length ? `?${names.map((n) => `${n}=…`).join('&')}` : ''}`;
}

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function htmlPage(title: string, message: string, link?: { href: string; text: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · IOP console</title></head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p role="alert">${escapeHtml(message)}</p>
${link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>` : ''}
</main>
</body>
</html>
`;
}

const wantsHtml = (req: FastifyRequest): boolean => /\btext\/html\b/.test(String(req.headers.accept ?? ''));

export interface ConsoleServer {
  app: FastifyInstance;
  sessions: SessionStore;
}

export async function buildConsoleServer(config: ConsoleConfig, oidc: OidcPort, options: { sessions?: SessionStore; logger?: boolean } = {}): Promise<ConsoleServer> {
  const sessions = options.sessions ?? new MemorySessionStore(config.session);
  const secure = config.secureCookies;
  // The __Host- prefix pins a cookie to this origin, path / and Secure (browsers refuse it otherwise): https only.
  const SESSION_COOKIE = secure ? '__Host-iop-console' : 'iop-console';
  const LOGIN_COOKIE = secure ? '__Host-iop-console-login' : 'iop-console-login';
  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, path: '/', secure, signed: true };
  /** Clearing a cookie repeats its attributes: browsers match on name and path, and nothing here is ever script-readable. */
  const clearOptions = { httpOnly: true, sameSite: 'lax' as const, path: '/', secure };
  const staticRoot = resolve(config.staticDir);

  const app = Fastify({
    logger: options.logger === false ? false : {
      level: config.logLevel,
      serializers: {
        req: (req: { method?: string; url?: string }) => ({ method: req.method, url: redactedUrl(req.url) }),
      },
    },
    // Fastify's router caps path parameters at 100 characters by default; the services route longer ones.
    routerOptions: { maxParamLength: 500 },
    trustProxy: false,
  });

  await app.register(fastifyCookie, { secret: config.session.secret });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        // The sign-in redirect leads to the provider; Chrome checks form-action against a form post's redirects too.
        formAction: ["'self'", new URL(config.oidc.issuer).origin],
        ...(secure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: secure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(fastifyStatic, { root: staticRoot, serve: false });

  const sendProblem = (reply: FastifyReply, status: number, detail: string, code?: string) =>
    reply.code(status).header('cache-control', 'no-store').type('application/problem+json').send(problem(status, detail, undefined, code));
  /** An error on a page the browser navigated to (sign-in): readable HTML there, problem+json for scripts. */
  const sendError = (req: FastifyRequest, reply: FastifyReply, status: number, detail: string, code?: string) => {
    if (!wantsHtml(req)) return sendProblem(reply, status, detail, code);
    return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8')
      .send(htmlPage('Sign-in problem', detail, { href: '/auth/login?returnTo=%2F', text: 'Sign in again' }));
  };
  const sessionExpired = (reply: FastifyReply) =>
    sendProblem(reply, 401, 'Your session has ended. Sign in again: GET /auth/login?returnTo=<the page>.', 'session-expired');

  const signedCookie = (req: FastifyRequest, name: string): string | undefined => {
    const raw = req.cookies[name];
    if (!raw) return undefined;
    const unsigned = req.unsignCookie(raw);
    return unsigned.valid && unsigned.value ? unsigned.value : undefined;
  };
  const currentSession = (req: FastifyRequest): Promise<Session | undefined> => sessions.get(signedCookie(req, SESSION_COOKIE));

  /** A valid access token for the session: refreshed once most of its life has passed; undefined when it cannot be. */
  async function accessToken(session: Session, log: FastifyRequest['log']): Promise<string | undefined> {
    const stale = (t: SessionTokens) => t.expiresAt - Date.now() <= Math.min(REFRESH_MARGIN_MS, (t.expiresAt - t.issuedAt) / 4);
    const { tokens } = session;
    if (!stale(tokens)) return tokens.accessToken;
    if (tokens.refreshToken) {
      const fresh = await sessions.refreshTokens(session, stale, async (current) => {
        if (!current.refreshToken) return undefined;
        try {
          return await oidc.refresh(current.refreshToken);
        } catch (err) {
          log.warn({ err: (err as Error).message }, 'console: token refresh failed');
          return undefined;
        }
      });
      if (fresh) return fresh.accessToken;
    }
    return tokens.expiresAt > Date.now() ? tokens.accessToken : undefined;
  }

  /**
   * For unsafe methods: the request comes from the console's own origin and carries the session's CSRF token.
   * Answers (and returns undefined) when it does not, or when there is no session.
   */
  async function guard(req: FastifyRequest, reply: FastifyReply): Promise<Session | undefined> {
    const unsafe = UNSAFE_METHODS.has(req.method);
    if (unsafe && !fromOwnOrigin(req.headers, config.publicOrigin)) {
      void sendProblem(reply, 403, 'This request comes from another site.', 'csrf');
      return undefined;
    }
    const session = await currentSession(req);
    if (!session) {
      void sessionExpired(reply);
      return undefined;
    }
    if (unsafe && !csrfTokenMatches(req.headers, session.csrfToken)) {
      void sendProblem(reply, 403, 'Send the X-CSRF-Token header with the token from GET /auth/session.', 'csrf');
      return undefined;
    }
    return session;
  }

  app.setNotFoundHandler((req, reply) => sendProblem(reply, 404, `Nothing at ${req.method} ${redactedUrl(req.url).split('?')[0]}.`));
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) req.log.error({ err }, 'console: request failed');
    return sendProblem(reply, status, status >= 500 ? 'Something went wrong in the console.' : err.message);
  });

  const sweeper = setInterval(() => {
    sessions.sweep().catch((err: unknown) => app.log.warn({ err: (err as Error).message }, 'console: session sweep failed'));
  }, 60_000);
  sweeper.unref();
  app.addHook('onClose', async () => {
    clearInterval(sweeper);
    await sessions.close();
  });

  app.get('/health/live', async () => ({ status: 'ok' }));
  app.get('/health/ready', async (_req, reply) => {
    try {
      await oidc.ready();
      return { status: 'ok' };
    } catch {
      return sendProblem(reply, 503, 'The identity provider cannot be reached (discovery failed).');
    }
  });

  app.get('/auth/login', async (req, reply) => {
    const raw = (req.query as Record<string, unknown>).returnTo;
    const returnTo = raw === undefined ? '/' : safeReturnTo(raw, config.publicOrigin);
    if (!returnTo) return sendError(req, reply, 400, 'returnTo must be a path of this console (starting with a single "/").', 'invalid-return-to');
    if (await currentSession(req)) return reply.header('cache-control', 'no-store').redirect(returnTo, 303);
    let target: URL;
    try {
      const checks = await oidc.newLoginChecks();
      target = await oidc.authorizationUrl(checks);
      const loginId = await sessions.beginLogin({ state: checks.state, nonce: checks.nonce, codeVerifier: checks.codeVerifier, returnTo });
      reply.setCookie(LOGIN_COOKIE, loginId, { ...cookieOptions, maxAge: LOGIN_COOKIE_MAX_AGE_S });
    } catch (err) {
      req.log.error({ err: (err as Error).message }, 'console: identity provider unavailable');
      return sendError(req, reply, 503, 'The sign-in service cannot be reached. Try again in a moment.', 'identity-unavailable');
    }
    return reply.header('cache-control', 'no-store').redirect(target.href, 303);
  });

  app.get('/auth/callback', async (req, reply) => {
    const pending = await sessions.takeLogin(signedCookie(req, LOGIN_COOKIE));
    reply.clearCookie(LOGIN_COOKIE, clearOptions);
    if (!pending) return sendError(req, reply, 400, 'This sign-in has expired or was started in another window. Start again.', 'login-expired');
    const query = req.query as Record<string, string | undefined>;
    if (query.error) {
      return sendError(req, reply, 403, `The identity provider did not sign you in (${String(query.error).slice(0, 100)}).`, 'login-refused');
    }
    let signedIn;
    try {
      signedIn = await oidc.exchange(new URL(req.url, config.publicUrl), pending);
    } catch (err) {
      req.log.warn({ err: (err as Error).message }, 'console: sign-in callback refused');
      return sendError(req, reply, 400, 'The sign-in could not be completed. Start again.', 'login-failed');
    }
    const user = userFromClaims(signedIn.claims, signedIn.accessTokenClaims, config.oidc);
    if (!user) return sendError(req, reply, 403, 'Your account has no tenant or no role of this platform.', 'no-access');
    // A new id at every sign-in: an id planted before it (session fixation) never becomes a signed-in session.
    await sessions.delete(signedCookie(req, SESSION_COOKIE));
    const session = await sessions.create(user, signedIn.tokens);
    reply.setCookie(SESSION_COOKIE, session.id, cookieOptions);
    req.log.info({ subject: user.subject, tenant: user.tenant }, 'console: signed in');
    return reply.header('cache-control', 'no-store').redirect(pending.returnTo, 303);
  });

  app.get('/auth/session', async (req, reply) => {
    const session = await currentSession(req);
    if (!session) return sessionExpired(reply);
    const { subject, name, tenant, roles } = session.user;
    return reply.header('cache-control', 'no-store').send({ subject, name: name ?? null, tenant, roles, csrfToken: session.csrfToken });
  });

  await app.register(async (logout) => {
    // Whatever body a sign-out request carries (none, `{}`, an empty JSON one) is ignored rather than refused.
    logout.removeAllContentTypeParsers();
    logout.addContentTypeParser('*', (_req, payload, done) => {
      payload.resume();
      done(null);
    });
    logout.post('/auth/logout', async (req, reply) => {
      const session = await guard(req, reply);
      if (!session) return reply;
      await sessions.delete(session.id);
      reply.clearCookie(SESSION_COOKIE, clearOptions);
      // The refresh token is withdrawn at the provider too; the browser then ends the provider's own session there.
      if (session.tokens.refreshToken) {
        oidc.revoke(session.tokens.refreshToken).catch((err: unknown) => req.log.warn({ err: (err as Error).message }, 'console: revocation failed'));
      }
      let logoutUrl = `${config.publicUrl}/`;
      try {
        logoutUrl = (await oidc.endSessionUrl()).href;
      } catch (err) {
        req.log.warn({ err: (err as Error).message }, 'console: no end-session endpoint; signed out of the console only');
      }
      return reply.header('cache-control', 'no-store').send({ logoutUrl });
    });
  });

  await app.register(async (api) => {
    // Bodies go to the service as they came, unparsed: whatever it accepts or refuses (413, 415) is its answer.
    api.removeAllContentTypeParsers();
    api.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    await api.register(fastifyReplyFrom, { disableRequestLogging: true, undici: { headersTimeout: 60_000, bodyTimeout: 60_000 } });

    api.all('/api/:service/*', async (req, reply) => {
      const { service } = req.params as { service: string };
      if (!(CONSOLE_SERVICES as string[]).includes(service)) return sendProblem(reply, 404, `There is no service "${service.slice(0, 50)}".`);
      const rest = req.url.slice(`/api/${service}`.length);
      if (!/^\/v1(\/|\?|$)/.test(rest)) return sendProblem(reply, 404, 'Only the services\' /v1 API is available here.');
      const session = await guard(req, reply);
      if (!session) return reply;
      const token = await accessToken(session, req.log);
      if (!token) {
        await sessions.delete(session.id);
        reply.clearCookie(SESSION_COOKIE, clearOptions);
        return sessionExpired(reply);
      }
      return reply.from(`${config.services[service as ServiceName]}${rest}`, {
        rewriteRequestHeaders: (_req, headers) => {
          const forwarded: Record<string, string | string[] | undefined> = { ...headers };
          // The service sees the user's token and nothing of the console's own credentials.
          delete forwarded.cookie;
          delete forwarded['x-csrf-token'];
          forwarded.authorization = `Bearer ${token}`;
          forwarded['x-forwarded-for'] = req.ip;
          return forwarded as typeof headers;
        },
        rewriteHeaders: (headers) => {
          const answer: Record<string, string | string[] | number | undefined> = { ...headers };
          delete answer['set-cookie'];
          answer['cache-control'] = 'no-store';
          return answer as typeof headers;
        },
        // A service's 503 (with Retry-After) is the caller's to see, not retried here.
        retryDelay: () => null,
        onError: (errorReply, { error }) => {
          req.log.warn({ err: error.message, service }, 'console: service unreachable');
          const timeout = /timeout/i.test(error.name) || /timeout/i.test(error.message);
          void sendProblem(errorReply as unknown as FastifyReply, timeout ? 504 : 502, `The ${service} service did not answer.`, timeout ? 'upstream-timeout' : 'upstream-unavailable');
        },
      });
    });
  });

  /** A file of the built app, or undefined (outside the root, a dotfile, missing). */
  function staticFile(pathname: string): string | undefined {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return undefined;
    }
    if (decoded.includes('\0') || decoded.split('/').some((s) => s.startsWith('.'))) return undefined;
    const file = resolve(staticRoot, `.${decoded}`);
    if (!file.startsWith(staticRoot + sep)) return undefined;
    try {
      return statSync(file).isFile() ? file.slice(staticRoot.length + 1) : undefined;
    } catch {
      return undefined;
    }
  }

  const notBuilt = htmlPage(
    'The console is not built',
    'The console\'s web app has not been built yet. Run: npx vite build --config apps/console/web/vite.config.mts (npm start does it when dist/apps/console/web is missing), then reload.',
  );

  app.get('/*', async (req, reply) => {
    const pathname = req.url.split('?')[0];
    if (/^\/(api|auth|health)(\/|$)/.test(pathname)) return sendProblem(reply, 404, `Nothing at GET ${pathname}.`);
    const file = pathname === '/' ? undefined : staticFile(pathname);
    if (file) {
      // Vite's assets carry a content hash in their names: cached for good. Anything else is checked each time.
      reply.header('cache-control', file.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      return reply.sendFile(file, { cacheControl: false });
    }
    if (/\.[A-Za-z0-9]+$/.test(pathname)) return sendProblem(reply, 404, `No file ${pathname}.`);
    // A console page: for a signed-in user only (the page itself holds no patient data, but what it shows next does).
    if (!(await currentSession(req))) {
      const returnTo = safeReturnTo(req.url, config.publicOrigin) ?? '/';
      return reply.header('cache-control', 'no-store').redirect(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`, 302);
    }
    if (!existsSync(join(staticRoot, 'index.html'))) return reply.code(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(notBuilt);
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html', { cacheControl: false });
  });

  return { app, sessions };
}
