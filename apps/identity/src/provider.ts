/**
 * The local OpenID Connect provider: oidc-provider (a certified implementation; no protocol code here) with one
 * confidential client, the console, and the demo clinic's users. Authorization code with PKCE (S256 only), refresh
 * tokens, RP-initiated logout. Access tokens are JWTs for the platform's services (RFC 9068: `typ: at+jwt`, audience
 * `iop-platform`, the `tenant`, `roles` and `name` claims the services read) signed with the local ES256 key that
 * `npm run token` signs with, published in this provider's JWKS; the services verify them as they verify the CLI's.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { errors, type KoaContext, type Middleware, Provider } from 'oidc-provider';
import { authenticate, type DemoAccount } from './accounts';
import type { IdentityConfig } from './config';
import { contentSecurityPolicy, errorPage, signedOutPage, signInPage, signOutPage, STYLESHEET, STYLESHEET_PATH } from './pages';

/** The resource indicator of the platform's APIs (RFC 8707): every access token is for it. */
export const PLATFORM_RESOURCE = 'urn:iop:platform';
/** The audience the services expect (AUTH_AUDIENCE's default) and the one scope of the resource. */
export const PLATFORM_AUDIENCE = 'iop-platform';
export const PLATFORM_SCOPE = 'api';

/** The console asks for these: the ID token then carries name, tenant and roles, and the access token is the API's. */
export const CONSOLE_SCOPES = `openid profile iop ${PLATFORM_SCOPE}`;

interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

function signingKey(file: string): Record<string, unknown> {
  let jwk: Record<string, unknown>;
  try {
    jwk = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`identity: cannot read the local signing key ${file} (${(err as Error).message}); npm start (or npm run token) creates it`);
  }
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.d !== 'string') throw new Error(`identity: ${file} is not an ES256 private key`);
  return { ...jwk, alg: 'ES256', use: 'sig' };
}

const FORM_LIMIT_BYTES = 8 * 1024;

/** An application/x-www-form-urlencoded body, at most 8 KiB (a user name and a password). */
async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > FORM_LIMIT_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export function createProvider(config: IdentityConfig, accounts: readonly DemoAccount[], log: Logger): Provider {
  const bySubject = new Map(accounts.map((a) => [a.subject, a]));
  const csp = contentSecurityPolicy(config.consoleUrl);
  const html = (ctx: KoaContext, status: number, body: string) => {
    ctx.status = status;
    ctx.type = 'html';
    ctx.set('Content-Security-Policy', csp);
    ctx.set('Cache-Control', 'no-store');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.body = body;
  };

  const provider = new Provider(config.issuer, {
    clients: [
      {
        client_id: config.clientId,
        client_secret: config.clientSecret,
        client_name: 'IOP console',
        redirect_uris: [`${config.consoleUrl}/auth/callback`],
        post_logout_redirect_uris: [`${config.consoleUrl}/`],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'ES256',
      },
    ],
    // Also the algorithm of JWT access tokens: the local key is ES256, and only ES256 is offered.
    clientDefaults: { grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic', id_token_signed_response_alg: 'ES256' },
    enabledJWA: { idTokenSigningAlgValues: ['ES256'], userinfoSigningAlgValues: ['ES256'] },
    jwks: { keys: [signingKey(config.privateKeyFile)] },
    claims: { openid: ['sub'], profile: ['name'], iop: ['tenant', 'roles'] },
    scopes: ['openid', 'offline_access', 'profile', 'iop'],
    pkce: { methods: ['S256'], required: () => true },
    // The code flow only: no implicit or hybrid responses that would put tokens in a browser's URL.
    responseTypes: ['code'],
    async findAccount(_ctx: unknown, sub: string) {
      const account = bySubject.get(sub);
      if (!account) return undefined;
      return { accountId: account.subject, claims: async () => ({ sub: account.subject, name: account.name, tenant: account.tenant, roles: account.roles }) };
    },
    /** What the services read from an access token: the tenant, the roles and the display name. */
    async extraTokenClaims(_ctx: unknown, token: { accountId?: string }) {
      const account = token.accountId ? bySubject.get(token.accountId) : undefined;
      return account ? { tenant: account.tenant, roles: account.roles, name: account.name } : undefined;
    },
    // Refresh tokens for the console without offline_access (which OpenID Connect ties to a consent prompt): they end
    // with the sign-in at this provider (expiresWithSession), so signing out here stops them.
    async issueRefreshToken(_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) {
      return client.grantTypeAllowed('refresh_token');
    },
    ttl: {
      AccessToken: config.accessTokenTtlS,
      AuthorizationCode: 60,
      IdToken: config.accessTokenTtlS,
      Interaction: 10 * 60,
      Session: config.sessionTtlS,
      Grant: config.sessionTtlS,
      RefreshToken: config.sessionTtlS,
    },
    cookies: {
      keys: config.cookieKeys,
      // Lax, not None: over http (a developer's machine) a SameSite=None cookie without Secure is dropped by browsers,
      // and every request that needs the session is a top-level navigation.
      long: { httpOnly: true, sameSite: 'lax' },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx: KoaContext, form: string) {
          html(ctx, 200, signOutPage(form, ctx.host));
        },
        async postLogoutSuccessSource(ctx: KoaContext) {
          html(ctx, 200, signedOutPage(config.consoleUrl));
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => PLATFORM_RESOURCE,
        useGrantedResource: async () => true,
        async getResourceServerInfo(_ctx: unknown, indicator: string) {
          if (indicator !== PLATFORM_RESOURCE) throw new errors.InvalidTarget(`the only resource here is ${PLATFORM_RESOURCE}`);
          return { scope: PLATFORM_SCOPE, audience: PLATFORM_AUDIENCE, accessTokenTTL: config.accessTokenTtlS, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } };
        },
      },
    },
    async renderError(ctx: KoaContext, out: { error?: string; error_description?: string }) {
      html(ctx, ctx.status >= 400 ? ctx.status : 400, errorPage(out.error_description ?? out.error ?? 'Something went wrong.', config.consoleUrl));
    },
  });

  provider.on('server_error', (_ctx, err) => log.error({ err }, 'identity: server error'));

  const routes: Middleware = async (ctx, next) => {
    if (ctx.method === 'GET' && (ctx.path === '/health/live' || ctx.path === '/health/ready')) {
      ctx.type = 'json';
      ctx.body = { status: 'ok' };
      return;
    }
    if (ctx.method === 'GET' && ctx.path === STYLESHEET_PATH) {
      ctx.type = 'text/css';
      ctx.set('Cache-Control', 'public, max-age=3600');
      ctx.set('X-Content-Type-Options', 'nosniff');
      ctx.body = STYLESHEET;
      return;
    }
    const match = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/.exec(ctx.path);
    if (!match) return next();
    const [, uid, login] = match;
    let details;
    try {
      details = await provider.interactionDetails(ctx.req, ctx.res);
    } catch {
      html(ctx, 400, errorPage('This sign-in has expired or was started in another window.', config.consoleUrl));
      return;
    }
    if (details.uid !== uid) {
      html(ctx, 400, errorPage('This sign-in was started in another window.', config.consoleUrl));
      return;
    }
    if (details.prompt.name === 'login') {
      if (!login && ctx.method === 'GET') {
        html(ctx, 200, signInPage({ uid, tenant: config.tenant }));
        return;
      }
      if (login && ctx.method === 'POST') {
        const form = await readForm(ctx.req);
        const username = form?.get('username') ?? '';
        const account = authenticate(accounts, username, form?.get('password'));
        if (!account) {
          log.info({ uid }, 'identity: sign-in refused');
          html(ctx, 200, signInPage({ uid, tenant: config.tenant, username, error: 'The user or the password is not right. Try again.' }));
          return;
        }
        const returnTo = await provider.interactionResult(ctx.req, ctx.res, { login: { accountId: account.subject } }, { mergeWithLastSubmission: false });
        ctx.status = 303;
        ctx.redirect(returnTo);
        return;
      }
    }
    if (details.prompt.name === 'consent' && !login && ctx.method === 'GET') {
      // The console is this clinic's own application: what it asks for is granted without a consent screen.
      if (details.params.client_id !== config.clientId || !details.session) {
        html(ctx, 400, errorPage('Only the IOP console signs in here.', config.consoleUrl));
        return;
      }
      const grant = details.grantId
        ? (await provider.Grant.find(details.grantId))!
        : new provider.Grant({ accountId: details.session.accountId, clientId: config.clientId });
      const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
      const grantId = await grant.save();
      const returnTo = await provider.interactionResult(ctx.req, ctx.res, { consent: details.grantId ? {} : { grantId } }, { mergeWithLastSubmission: true });
      ctx.status = 303;
      ctx.redirect(returnTo);
      return;
    }
    html(ctx, 405, errorPage(`Nothing to do here for ${ctx.method} at this step of the sign-in.`, config.consoleUrl));
  };
  provider.use(routes);
  return provider;
}
