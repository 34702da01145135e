/**
 * The five services as real processes (what `npm start` runs), each on a free port with a fresh database, all on
 * one topic namespace: for end-to-end tests, fault injection (kill -9, restart) and the journey benchmark.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, STACK_DIR } from '../infra/local';
import { prioritise, SERVICE_NODE_FLAGS, serviceMain, serviceNice } from '../tools/build';
import { SERVICES, type ServiceName } from '../libs/platform/src/config/service-config';
import { createTestDatabase, createTopicNamespace, freePort, type TestDatabase } from '../libs/testing/src';

export const SERVICE_NAMES = Object.keys(SERVICES) as ServiceName[];

export interface RunningService {
  name: ServiceName;
  url: string;
  port: number;
  db: TestDatabase;
  process?: ChildProcess;
}

export interface ClusterOptions {
  env?: Record<string, string>;
  /** Name for the log files under .stack/logs/e2e. */
  label?: string;
  /** A private PostgreSQL and Kafka (fault tests stop and start them); default: the shared local stack. */
  servers?: { pg: { host: string; port: number }; kafkaBrokers: string[] };
}

const envName = (name: ServiceName) => name.toUpperCase().replace(/-/g, '_');

export class Cluster {
  readonly services = new Map<ServiceName, RunningService>();
  private prefix = '';

  constructor(private readonly options: ClusterOptions = {}) {}

  get topicPrefix(): string {
    return this.prefix;
  }

  url(name: ServiceName): string {
    return this.services.get(name)!.url;
  }

  async start(): Promise<void> {
    this.prefix = await createTopicNamespace(this.options.servers?.kafkaBrokers);
    for (const name of SERVICE_NAMES) {
      const port = await freePort();
      const db = await createTestDatabase(`e2e_${name.replace('-', '_')}`, this.options.servers?.pg);
      this.services.set(name, { name, port, db, url: `http://127.0.0.1:${port}` });
    }
    await Promise.all(SERVICE_NAMES.map((n) => this.startService(n)));
  }

  private env(): Record<string, string> {
    const env: Record<string, string> = {
      // The local identity's keys and the development secrets: a cluster of this machine is a development one.
      IOP_ENV: 'development',
      KAFKA_TOPIC_PREFIX: this.prefix,
      LOG_LEVEL: 'warn',
      WEBHOOKS_ALLOWED_CIDRS: '127.0.0.0/8,::1/128',
      WEBHOOKS_ALLOW_HTTP: 'true',
      ...(this.options.servers ? { KAFKA_BROKERS: this.options.servers.kafkaBrokers.join(',') } : {}),
      ...(this.options.env ?? {}),
    };
    for (const s of this.services.values()) {
      env[`${envName(s.name)}_PORT`] = String(s.port);
      env[`${envName(s.name)}_DATABASE_URL`] = s.db.url;
    }
    return env;
  }

  /** The log file of each service of this cluster (appended to across runs). */
  logFiles(): string[] {
    return SERVICE_NAMES.map((name) => join(STACK_DIR, 'logs', 'e2e', `${this.options.label ?? 'cluster'}-${name}.log`));
  }

  async startService(name: ServiceName): Promise<void> {
    const s = this.services.get(name)!;
    const logDir = join(STACK_DIR, 'logs', 'e2e');
    mkdirSync(logDir, { recursive: true });
    const log = createWriteStream(join(logDir, `${this.options.label ?? 'cluster'}-${name}.log`), { flags: 'a' });
    // IOP_SERVICE_NODE_ARGS: extra node flags for the services, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile a benchmark.
    const nodeArgs = (process.env.IOP_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const nice = serviceNice(name);
    const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, ...nodeArgs, serviceMain(name)], {
      cwd: ROOT,
      env: { ...process.env, ...this.env() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    prioritise(child.pid, nice);
    s.process = child;
    await this.waitReady(name, 120_000);
  }

  async waitReady(name: ServiceName, timeoutMs: number): Promise<void> {
    const s = this.services.get(name)!;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (s.process && s.process.exitCode !== null) throw new Error(`${name} exited with ${s.process.exitCode}; see .stack/logs/e2e`);
      const res = await fetch(`${s.url}/health/ready`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
      if (res?.status === 200) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${name} was not ready within ${timeoutMs} ms`);
  }

  /** kill -9: no shutdown hooks, no flushing: what a crash looks like. */
  async kill(name: ServiceName): Promise<void> {
    const child = this.services.get(name)!.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.services.values()].map(async (s) => {
        const child = s.process;
        if (!child || child.exitCode !== null) return;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }),
    );
    // IOP_KEEP_DATABASES=1 keeps them, to look into after a run (a benchmark's, say); drop them by hand.
    if (process.env.IOP_KEEP_DATABASES) return;
    await Promise.all([...this.services.values()].map((s) => s.db.drop().catch(() => undefined)));
  }
}
