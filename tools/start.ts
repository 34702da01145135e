/**
 * `npm start`: the whole platform on this machine. Provisions and starts PostgreSQL and Kafka (or reuses running
 * ones), starts the five services, waits until each is ready, prints the URLs and a dev token. Ctrl-C stops every
 * child it started, services first, then Kafka and PostgreSQL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { down, ensureDevKeys, mintToken, ROOT, serviceDatabaseUrl, STACK_DIR, up, type StackState } from '../infra/local';
import { SERVICES, type ServiceName } from '../libs/platform/src/config/service-config';
import { build, prioritise, SERVICE_NODE_FLAGS, serviceNice } from './build';
import { seedDemoClinic } from './seed/seed-demo';

const LOG_DIR = join(STACK_DIR, 'logs');
const children = new Map<ServiceName, ChildProcess>();
let stack: StackState | undefined;
let stopping = false;

const say = (msg: string) => process.stdout.write(`${msg}\n`);

function startService(name: ServiceName): ChildProcess {
  const nice = serviceNice(name);
  const out = createWriteStream(join(LOG_DIR, `${name}.log`), { flags: 'a' });
  const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, join(ROOT, 'dist', 'apps', name, 'src', 'main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: process.env.NODE_ENV ?? 'development',
      // The local identity's keys and the development secrets are allowed on this machine only because it says so.
      IOP_ENV: process.env.IOP_ENV ?? 'development',
      // The local cluster through its Unix socket (see localPgUrl), unless a URL is given.
      [`${name.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`]: process.env[`${name.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`] ?? serviceDatabaseUrl(SERVICES[name].database),
      // Lets a developer receive webhooks on http://127.0.0.1 (production allows no private target).
      WEBHOOKS_ALLOWED_CIDRS: process.env.WEBHOOKS_ALLOWED_CIDRS ?? '127.0.0.0/8,::1/128',
      WEBHOOKS_ALLOW_HTTP: process.env.WEBHOOKS_ALLOW_HTTP ?? 'true',
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

async function waitReady(name: ServiceName, timeoutMs: number): Promise<void> {
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

const portOf = (name: ServiceName): number => {
  const env = process.env[`${name.toUpperCase().replace(/-/g, '_')}_PORT`];
  return env ? Number(env) : SERVICES[name].port;
};

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
  say('starting PostgreSQL and Kafka…');
  say(`compiled ${build()} source files into dist/`);
  stack = await up();
  await ensureDevKeys();
  const names = Object.keys(SERVICES) as ServiceName[];
  for (const name of names) children.set(name, startService(name));
  say(`starting ${names.join(', ')} (logs in .stack/logs/)…`);
  await Promise.all(names.map((n) => waitReady(n, 180_000)));
  const tenant = process.env.DEMO_TENANT ?? 'demo-clinic';
  say('seeding the demo clinic (first start only)…');
  const seeded = await seedDemoClinic((n) => `http://127.0.0.1:${portOf(n)}`, tenant).catch((err: Error) => `Demo seeding failed (${err.message}); the services are up.`);
  say(`\nIOP platform ready in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
  for (const name of names) say(`  ${name.padEnd(15)} http://127.0.0.1:${portOf(name)}   docs: http://127.0.0.1:${portOf(name)}/docs`);
  say(`\n${seeded}`);
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
