import { Pool } from 'pg';
import { runMigrations } from '@iop/platform';
import { buildConsoleServer } from './app';
import { type ConsoleConfig, loadConsoleConfig } from './config';
import { OpenIdProvider } from './oidc';
import { CONSOLE_MIGRATIONS, PostgresSessionStore } from './pg-sessions';
import { MemorySessionStore, type SessionStore } from './sessions';

/** A configuration error prints one line and exits 78, as the services do; a start-up failure exits 1. */
let config: ConsoleConfig;
try {
  config = loadConsoleConfig();
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(78);
}

async function main(): Promise<void> {
  const oidc = new OpenIdProvider(config.oidc, `${config.publicUrl}/auth/callback`, `${config.publicUrl}/`);
  const sessions = await sessionStore(config);
  const { app } = await buildConsoleServer(config, oidc, { sessions });
  await app.listen({ port: config.port, host: config.host });
  app.log.info(`console listening on http://${config.host}:${config.port} (public URL ${config.publicUrl}, identity provider ${config.oidc.issuer})`);
  // Discovery now rather than at the first sign-in; /health/ready reports it, and a failure is retried on use.
  oidc.ready().catch((err: unknown) => app.log.warn(`console: identity provider not reachable yet (${(err as Error).message}); retried at the first sign-in`));
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** PostgreSQL when configured (its two tables created or brought up to date first, under an advisory lock), else memory. */
async function sessionStore(c: ConsoleConfig): Promise<SessionStore> {
  if (!c.databaseUrl) return new MemorySessionStore(c.session);
  await runMigrations(c.databaseUrl, CONSOLE_MIGRATIONS);
  // A plain pool: the services' statement-batching client sends some statements as text, and these carry binary values.
  const pool = new Pool({ connectionString: c.databaseUrl, max: 10, connectionTimeoutMillis: 3_000, idleTimeoutMillis: 30_000 });
  pool.on('error', (err) => process.stderr.write(`console: session database connection lost (${err.message})\n`));
  return new PostgresSessionStore(pool, c.session.secret, c.session);
}

main().catch((err: unknown) => {
  process.stderr.write(`console failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
