/**
 * The console's backend-for-frontend: settings read once at start and validated like the services' (a wrong or missing
 * variable stops it with the variable's name). Production needs the clinic's OpenID Connect provider over https, an
 * https public URL (so cookies are Secure) and its own secrets; development has working defaults for the local stack.
 */
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError, intSetting, withSecretFiles, type Deployment, deploymentOf, LOCAL_IDENTITY_ISSUER, SERVICES, type ServiceName } from '@iop/platform';

type Env = Record<string, string | undefined>;

/** Development defaults only; production refuses them. The client secret is the local provider's default too (apps/identity). */
const DEV_CLIENT_SECRET = 'iop-console-development-secret';
const DEV_SESSION_SECRET = 'iop-console-development-session-secret-not-for-production';

export const CONSOLE_SERVICES = Object.keys(SERVICES) as ServiceName[];

export interface ConsoleConfig {
  deployment: Deployment;
  host: string;
  port: number;
  /** Where browsers reach the console (scheme, host, port): redirect URIs, the Origin check and cookie security follow it. */
  publicUrl: string;
  publicOrigin: string;
  /** Cookies are Secure (and the session cookie `__Host-` prefixed) when the public URL is https. */
  secureCookies: boolean;
  oidc: {
    issuer: string;
    clientId: string;
    clientSecret: string;
    scopes: string;
    /** An RFC 8707 resource indicator sent with the authorization request, for providers that need one. */
    resource?: string;
    /** Where the ID token holds the tenant and the roles (a claim name or a dotted path), as the services read them. */
    tenantClaim: string;
    rolesClaim: string;
  };
  /**
   * Where sessions are kept: a PostgreSQL database (several replicas share it; a restart signs nobody out), or, without
   * one, this process's memory (development and a single replica only; production requires the database).
   */
  databaseUrl?: string;
  session: {
    /** Signs the session cookie (the id is random already; the signature refuses a forged or altered one early). */
    secret: string;
    idleMs: number;
    absoluteMs: number;
  };
  /** Each service's base URL, which `/api/<service>/...` is proxied to. */
  services: Record<ServiceName, string>;
  /** The built single-page app (Vite's output). */
  staticDir: string;
  logLevel: string;
}

function httpUrl(env: Env, name: string, fallback: string | undefined, httpsOnly: boolean): string {
  const raw = env[name] || fallback;
  if (!raw) throw new ConfigError(name, 'must be set in production');
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be a URL (got "${raw}")`);
  }
  const allowed = httpsOnly ? ['https:'] : ['http:', 'https:'];
  if (!allowed.includes(parsed.protocol)) throw new ConfigError(name, `must be a ${allowed.join(' or ')} URL${httpsOnly ? ' in production' : ''} (got "${raw}")`);
  if (parsed.search || parsed.hash || parsed.username || parsed.password) throw new ConfigError(name, `must have no query, fragment or credentials (got "${raw}")`);
  return raw.replace(/\/+$/, '');
}

function claimPath(env: Env, name: string, fallback: string): string {
  const raw = env[name] ?? fallback;
  if (!/^[A-Za-z0-9_:/-]+(\.[A-Za-z0-9_:/-]+)*$/.test(raw)) throw new ConfigError(name, `must be a claim name or a dotted path such as realm_access.roles (got "${raw}")`);
  return raw;
}

/** The workspace root, from the sources (apps/console/server/src) or from their compiled copy under dist/. */
const workspaceRoot = (): string => {
  const up = resolve(__dirname, '..', '..', '..', '..');
  return basename(up) === 'dist' ? dirname(up) : up;
};

const envPrefix = (service: ServiceName) => service.toUpperCase().replace(/-/g, '_');

export function loadConsoleConfig(raw: Env = process.env): ConsoleConfig {
  // Secrets may come from files (`<NAME>_FILE`), as the services read theirs.
  const env = withSecretFiles(raw);
  const deployment = deploymentOf(env);
  const production = deployment === 'production';
  const port = intSetting(env, 'CONSOLE_PORT', 3100, 0, 65535);
  const publicUrl = httpUrl(env, 'CONSOLE_PUBLIC_URL', production ? undefined : `http://127.0.0.1:${port}`, production);
  const parsedPublic = new URL(publicUrl);
  if (parsedPublic.pathname !== '/') throw new ConfigError('CONSOLE_PUBLIC_URL', `must be an origin without a path: the console is served at the root (got "${publicUrl}")`);

  const issuer = httpUrl(env, 'CONSOLE_OIDC_ISSUER', production ? undefined : LOCAL_IDENTITY_ISSUER, production);
  const clientSecret = (env.CONSOLE_OIDC_CLIENT_SECRET || undefined) ?? (production ? undefined : DEV_CLIENT_SECRET);
  if (!clientSecret) throw new ConfigError('CONSOLE_OIDC_CLIENT_SECRET', 'must be set in production: the console\'s client secret at the identity provider');
  if (production && clientSecret === DEV_CLIENT_SECRET) throw new ConfigError('CONSOLE_OIDC_CLIENT_SECRET', 'must not be the development default in production');
  const sessionSecret = (env.CONSOLE_SESSION_SECRET || undefined) ?? (production ? undefined : DEV_SESSION_SECRET);
  if (!sessionSecret) throw new ConfigError('CONSOLE_SESSION_SECRET', 'must be set in production: at least 32 random characters that sign the session cookie');
  if (sessionSecret.length < 32) throw new ConfigError('CONSOLE_SESSION_SECRET', 'must be at least 32 characters');
  if (production && sessionSecret === DEV_SESSION_SECRET) throw new ConfigError('CONSOLE_SESSION_SECRET', 'must not be the development default in production');

  const databaseUrl = env.CONSOLE_DATABASE_URL || undefined;
  if (production && !databaseUrl) {
    throw new ConfigError('CONSOLE_DATABASE_URL', 'must be set in production: the sessions\' PostgreSQL database, which every replica shares (memory holds them for one process only)');
  }
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ConfigError('CONSOLE_DATABASE_URL', 'must be a postgres:// URL');

  const resource = env.CONSOLE_OIDC_RESOURCE || undefined;
  if (resource !== undefined) {
    try {
      new URL(resource);
    } catch {
      throw new ConfigError('CONSOLE_OIDC_RESOURCE', `must be an absolute URI (got "${resource}")`);
    }
  }
  const scopes = (env.CONSOLE_OIDC_SCOPES ?? 'openid profile iop api').trim().split(/\s+/).join(' ');
  if (!scopes.split(' ').includes('openid')) throw new ConfigError('CONSOLE_OIDC_SCOPES', `must include openid (got "${scopes}")`);

  const services = Object.fromEntries(CONSOLE_SERVICES.map((s) => {
    const servicePort = intSetting(env, `${envPrefix(s)}_PORT`, SERVICES[s].port, 1, 65535);
    return [s, httpUrl(env, `CONSOLE_${envPrefix(s)}_URL`, `http://127.0.0.1:${servicePort}`, false)];
  })) as Record<ServiceName, string>;

  return {
    deployment,
    host: env.HOST ?? '127.0.0.1',
    port,
    publicUrl,
    publicOrigin: parsedPublic.origin,
    secureCookies: parsedPublic.protocol === 'https:',
    oidc: {
      issuer,
      clientId: env.CONSOLE_OIDC_CLIENT_ID || 'iop-console',
      clientSecret,
      scopes,
      resource,
      tenantClaim: claimPath(env, 'AUTH_TENANT_CLAIM', 'tenant'),
      rolesClaim: claimPath(env, 'AUTH_ROLES_CLAIM', 'roles'),
    },
    databaseUrl,
    session: {
      secret: sessionSecret,
      idleMs: intSetting(env, 'CONSOLE_SESSION_IDLE_MINUTES', 30, 1, 24 * 60) * 60_000,
      absoluteMs: intSetting(env, 'CONSOLE_SESSION_MAX_HOURS', 12, 1, 7 * 24) * 3_600_000,
    },
    services,
    staticDir: env.CONSOLE_STATIC_DIR || join(workspaceRoot(), 'dist', 'apps', 'console', 'web'),
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
