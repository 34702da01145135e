/**
 * `npm start`: the whole platform on this machine. Provisions and starts PostgreSQL and Kafka (or reuses running
 * ones), starts the five services, then the local OpenID Connect provider and the console, waits until each is ready,
 * prints the URLs, the demo users and a dev token per role. Ctrl-C stops every child it started, the console and
 * services first, then Kafka and PostgreSQL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEV_ISSUER, down, ensureDevKeys, mintToken, ROOT, serviceDatabaseUrl, STACK_DIR, up, type StackState } from '../infra/local';
import { ROLES } from '../libs/platform/src/auth/roles';
import { SERVICES, type ServiceName } from '../libs/platform/src/config/service-config';
import { build, buildConsoleWeb, CONSOLE_WEB_CONFIG, CONSOLE_WEB_DIST, DIST, prioritise, SERVICE_NODE_FLAGS, serviceNice } from './build';
import { seedDemoClinic } from './seed/seed-demo';

const LOG_DIR = join(STACK_DIR, 'logs');
/** The services, then `identity` (the local OpenID Connect provider) and `console` (its backend-for-frontend). */
type ChildName = ServiceName | 'identity' | 'console';
const children = new Map<ChildName, ChildProcess>();

const IDENTITY_PORT = Number(process.env.IDENTITY_PORT ?? 3099);
const CONSOLE_PORT = Number(process.env.CONSOLE_PORT ?? 3100);
/** One issuer for the provider, `npm run token` and the services (each is told the others' choice). */
const ISSUER = process.env.IDENTITY_ISSUER ?? (process.env.IDENTITY_PORT ? `http://127.0.0.1:${IDENTITY_PORT}` : DEV_ISSUER);
const CONSOLE_URL = process.env.CONSOLE_PUBLIC_URL ?? `http://127.0.0.1:${CONSOLE_PORT}`;
let stack: StackState | undefined;
let stopping = false;

const say = (msg: string) => process.stdout.write(`${msg}\n`);

function startService(name: ServiceName): ChildProcess {
  return startChild(name, join(ROOT, 'dist', 'apps', name, 'src', 'main.js'), {
    // The local cluster through its Unix socket (see localPgUrl), unless a URL is given.
    [`${name.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`]: process.env[`${name.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`] ?? serviceDatabaseUrl(SERVICES[name].database),
    // Lets a developer receive webhooks on http://127.0.0.1 (production allows no private target).
    WEBHOOKS_ALLOWED_CIDRS: process.env.WEBHOOKS_ALLOWED_CIDRS ?? '127.0.0.0/8,::1/128',
    WEBHOOKS_ALLOW_HTTP: process.env.WEBHOOKS_ALLOW_HTTP ?? 'true',
  }, serviceNice(name));
}

function startChild(name: ChildName, main: string, env: Record<string, string>, nice = 0): ChildProcess {
  const out = createWriteStream(join(LOG_DIR, `${name}.log`), { flags: 'a' });
  const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, main], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: process.env.NODE_ENV ?? 'development',
      // The local identity's keys and the development secrets are allowed on this machine only because it says so.
      IOP_ENV: process.env.IOP_ENV ?? 'development',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  prioritise(child.pid, nice);
  child.once('exit', (code, signal) => {
    children.delete(name);
    if (stopping) return;
    say(`\n${name} exited (${signal ?? code}); last lines of .stack/logs/${name}.log:`);
    say(tail(join(LOG_DIR, `${name}.log`), 15));
    void shutdown(1);
  });
  return child;
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function waitReady(name: ChildName, timeoutMs: number): Promise<void> {
  const url = `http://127.0.0.1:${portOf(name)}/health/ready`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!children.has(name)) throw new Error(`${name} stopped before it was ready`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${name} was not ready within ${timeoutMs / 1000} s; see .stack/logs/${name}.log`);
}

const portOf = (name: ChildName): number => {
  if (name === 'identity') return IDENTITY_PORT;
  if (name === 'console') return CONSOLE_PORT;
  const env = process.env[`${name.toUpperCase().replace(/-/g, '_')}_PORT`];
  return env ? Number(env) : SERVICES[name].port;
};

/** The console's web app, built by Vite when it is not there yet (a later `npx vite build` refreshes it). */
function ensureConsoleWeb(): string | undefined {
  if (existsSync(join(CONSOLE_WEB_DIST, 'index.html'))) return undefined;
  if (!existsSync(CONSOLE_WEB_CONFIG)) return 'The console\'s web app is not in this checkout yet (apps/console/web): the console answers 503 until it is built.';
  say('building the console\'s web app (vite)…');
  try {
    buildConsoleWeb();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('\nstopping services…');
  await Promise.all(
    [...children.values()].map(
      (child) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  await down(stack).catch((err: unknown) => say(`could not stop the stack cleanly: ${(err as Error).message}`));
  say('stopped.');
  process.exit(code);
}

async function main(): Promise<void> {
  const started = Date.now();
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  mkdirSync(LOG_DIR, { recursive: true });
  // The issuer the services accept, which the provider, the demo seed's and the printed tokens (mintToken) all use.
  process.env.AUTH_ISSUER ??= ISSUER;
  say('starting PostgreSQL and Kafka…');
  say(`compiled ${build()} source files into dist/`);
  stack = await up();
  await ensureDevKeys();
  const names = Object.keys(SERVICES) as ServiceName[];
  for (const name of names) children.set(name, startService(name));
  say(`starting ${names.join(', ')} (logs in .stack/logs/)…`);
  await Promise.all(names.map((n) => waitReady(n, 180_000)));
  const webNote = ensureConsoleWeb();
  say('starting the local identity provider and the console…');
  children.set('identity', startChild('identity', join(DIST, 'apps', 'identity', 'src', 'main.js'), {
    IDENTITY_PORT: String(IDENTITY_PORT), IDENTITY_ISSUER: ISSUER, CONSOLE_PUBLIC_URL: CONSOLE_URL,
  }));
  await waitReady('identity', 60_000);
  const serviceUrls = Object.fromEntries(names.map((n) => [`CONSOLE_${n.toUpperCase().replace(/-/g, '_')}_URL`, process.env[`CONSOLE_${n.toUpperCase().replace(/-/g, '_')}_URL`] ?? `http://127.0.0.1:${portOf(n)}`]));
  children.set('console', startChild('console', join(DIST, 'apps', 'console', 'server', 'src', 'main.js'), {
    CONSOLE_PORT: String(CONSOLE_PORT), CONSOLE_PUBLIC_URL: CONSOLE_URL, CONSOLE_OIDC_ISSUER: process.env.CONSOLE_OIDC_ISSUER ?? ISSUER, ...serviceUrls,
  }));
  await waitReady('console', 60_000);
  const tenant = process.env.DEMO_TENANT ?? 'demo-clinic';
  say('seeding the demo clinic (first start only)…');
  const seeded = await seedDemoClinic((n) => `http://127.0.0.1:${portOf(n)}`, tenant).catch((err: Error) => `Demo seeding failed (${err.message}); the services are up.`);
  say(`\nIOP platform ready in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
  for (const name of names) say(`  ${name.padEnd(15)} http://127.0.0.1:${portOf(name)}   docs: http://127.0.0.1:${portOf(name)}/docs`);
  say(`  ${'identity'.padEnd(15)} ${ISSUER}   (development OpenID Connect provider)`);
  say(`\n${seeded}`);
  say(`\nConsole: ${CONSOLE_URL}/today`);
  say(`  sign in as <role>@${tenant} with the password demo; roles: ${ROLES.join(', ')}`);
  say(`  e.g. clinician@${tenant} / demo, intake@${tenant} / demo, front-desk@${tenant} / demo`);
  if (webNote) say(`  ${webNote}`);
  say(`\nDev tokens for tenant ${tenant} (8 h; more with: npm run token -- --tenant ${tenant} --roles intake,clinician):`);
  for (const role of ['admin', 'intake', 'clinician', 'analyst'] as const) {
    say(`  ${role.padEnd(9)} ${await mintToken({ tenant, roles: [role], subject: `demo-${role}` })}`);
  }
  say(`\nTry: curl -H "Authorization: Bearer <token>" http://127.0.0.1:${portOf('admissions')}/v1/me`);
  say('\nCtrl-C stops everything.');
}

main().catch((err: unknown) => {
  say(`npm start failed: ${(err as Error).message}`);
  void shutdown(1);
});
