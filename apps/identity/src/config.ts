/**
 * The local OpenID Connect provider's settings, read once at start and validated like the services' (a wrong or
 * missing variable stops it with the variable's name). It is for development only: in production the console signs
 * in with the clinic's own provider, configured on the console (apps/console/server/README.md).
 */
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError, deploymentOf, intSetting, withSecretFiles } from '@iop/platform';

type Env = Record<string, string | undefined>;

/**
 * The console's client secret when none is set: a development value, the same default as the console's
 * (apps/console/server/src/config.ts), so that neither needs configuring on a developer's machine.
 */
export const DEV_CONSOLE_CLIENT_SECRET = 'iop-console-development-secret';

export interface IdentityConfig {
  host: string;
  port: number;
  /** The issuer identifier, also the provider's base URL (discovery at `<issuer>/.well-known/openid-configuration`). */
  issuer: string;
  /** The console's public URL: its redirect (`/auth/callback`) and post-logout (`/`) URIs are under it. */
  consoleUrl: string;
  clientId: string;
  clientSecret: string;
  /** The demo clinic's tenant: its users are `<role>@<tenant>`. */
  tenant: string;
  accessTokenTtlS: number;
  /** How long a sign-in lasts at the provider (its session, the grant, the refresh tokens). */
  sessionTtlS: number;
  /** The ES256 key `npm run token` signs with (infra/local/dev-identity.ts writes it). */
  privateKeyFile: string;
  /** Signs the provider's cookies; a fresh one per start unless set (a restart then ends every sign-in). */
  cookieKeys: string[];
  logLevel: string;
}

/** An http(s) origin-like URL without query or fragment; a trailing slash is dropped. */
function baseUrl(env: Env, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be an http or https URL (got "${raw}")`);
  }
  if (!['http:', 'https:'].includes(parsed.protocol) || parsed.search || parsed.hash || raw.endsWith('?') || raw.endsWith('#')) {
    throw new ConfigError(name, `must be an http or https URL without query or fragment (got "${raw}")`);
  }
  return raw.replace(/\/+$/, '');
}

/** The workspace root, from the sources (apps/identity/src) or from their compiled copy under dist/. */
const workspaceRoot = (): string => {
  const up = resolve(__dirname, '..', '..', '..');
  return basename(up) === 'dist' ? dirname(up) : up;
};

export function loadIdentityConfig(given: Env = process.env): IdentityConfig {
  // The console's client secret may come as a file (CONSOLE_OIDC_CLIENT_SECRET_FILE), as in compose.
  const env = withSecretFiles(given);
  if (deploymentOf(env) !== 'development') {
    throw new ConfigError('IOP_ENV', 'must be development: the local identity provider signs with keys anyone on this machine can read and knows demo users only. In production the console uses the clinic\'s own OpenID Connect provider (CONSOLE_OIDC_ISSUER, see apps/console/server/README.md)');
  }
  const port = intSetting(env, 'IDENTITY_PORT', 3099, 0, 65535);
  const tenant = env.DEMO_TENANT || 'demo-clinic';
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(tenant)) throw new ConfigError('DEMO_TENANT', `must be a tenant id: letters, digits, "_" and "-" (got "${tenant}")`);
  const clientId = env.CONSOLE_OIDC_CLIENT_ID || 'iop-console';
  const clientSecret = env.CONSOLE_OIDC_CLIENT_SECRET || DEV_CONSOLE_CLIENT_SECRET;
  if (clientSecret.length < 16) throw new ConfigError('CONSOLE_OIDC_CLIENT_SECRET', 'must be at least 16 characters');
  const keysDir = env.AUTH_KEYS_DIR ?? join(env.IOP_STACK_DIR ?? join(workspaceRoot(), '.stack'), 'keys');
  const cookieSecret = env.IDENTITY_COOKIE_SECRET;
  if (cookieSecret !== undefined && cookieSecret.length < 32) throw new ConfigError('IDENTITY_COOKIE_SECRET', 'must be at least 32 characters');
  return {
    host: env.HOST ?? '127.0.0.1',
    port,
    issuer: baseUrl(env, 'IDENTITY_ISSUER', `http://127.0.0.1:${port}`),
    consoleUrl: baseUrl(env, 'CONSOLE_PUBLIC_URL', `http://127.0.0.1:${intSetting(env, 'CONSOLE_PORT', 3100, 1, 65535)}`),
    clientId,
    clientSecret,
    tenant,
    accessTokenTtlS: intSetting(env, 'IDENTITY_ACCESS_TOKEN_TTL_S', 600, 5, 3_600),
    sessionTtlS: intSetting(env, 'IDENTITY_SESSION_TTL_S', 12 * 3_600, 60, 7 * 86_400),
    privateKeyFile: join(keysDir, 'private.jwk.json'),
    cookieKeys: [cookieSecret ?? randomBytes(32).toString('base64url')],
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
