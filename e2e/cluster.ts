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
import { Client } from 'pg';
import { createTestDatabase, createTopicNamespace, freePort, testKafka, type TestDatabase } from '../libs/testing/src';

export const SERVICE_NAMES = Object.keys(SERVICES) as ServiceName[];

export interface RunningService {
  name: ServiceName;
  url: string;
  port: number;
  db: TestDatabase;
  process?: ChildProcess;
  /** 0 for the first process of a service; its further replicas share its database and topics, each on its own port. */
  replica: number;
}

export interface ClusterOptions {
  env?: Record<string, string>;
  /** Name for the log files under .stack/logs/e2e. */
  label?: string;
  /** A private PostgreSQL and Kafka (fault tests stop and start them); default: the shared local stack. */
  servers?: { pg: { host: string; port: number }; kafkaBrokers: string[] };
  /** The services to run (default: all). A benchmark leaves one out to place a regression (BENCH_JOURNEY_WITHOUT). */
  only?: readonly ServiceName[];
  /** Processes per service (default 1), all on the service's one database and the same topics. */
  replicas?: number;
}

const envName = (name: ServiceName) => name.toUpperCase().replace(/-/g, '_');

export class Cluster {
  /** The first replica of each service (what a cluster of one replica per service is). */
  readonly services = new Map<ServiceName, RunningService>();
  /** Every replica of each service; index 0 is the one in `services`. */
  readonly replicas = new Map<ServiceName, RunningService[]>();
  private prefix = '';

  constructor(private readonly options: ClusterOptions = {}) {}

  get topicPrefix(): string {
    return this.prefix;
  }

  url(name: ServiceName, replica = 0): string {
    return this.replica(name, replica).url;
  }

  replica(name: ServiceName, replica = 0): RunningService {
    return this.replicas.get(name)![replica];
  }

  /** The services this cluster runs. */
  get names(): readonly ServiceName[] {
    return this.options.only ?? SERVICE_NAMES;
  }

  async start(): Promise<void> {
    this.prefix = await createTopicNamespace(this.options.servers?.kafkaBrokers);
    for (const name of this.names) {
      const port = await freePort();
      const db = await createTestDatabase(`e2e_${name.replace('-', '_')}`, this.options.servers?.pg);
      const first: RunningService = { name, port, db, url: `http://127.0.0.1:${port}`, replica: 0 };
      this.services.set(name, first);
      this.replicas.set(name, [first]);
      for (let replica = 1; replica < (this.options.replicas ?? 1); replica++) {
        const p = await freePort();
        this.replicas.get(name)!.push({ name, port: p, db, url: `http://127.0.0.1:${p}`, replica });
      }
    }
    await Promise.all(this.names.map((n) => this.startService(n)));
    // The further replicas once the first ones run: the first of each service leads its subscriptions (the publisher).
    for (let replica = 1; replica < (this.options.replicas ?? 1); replica++) {
      await Promise.all(this.names.map((n) => this.startService(n, replica)));
    }
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
    return this.names.flatMap((name) => this.replicas.get(name)?.map((s) => this.logFile(name, s.replica)) ?? [this.logFile(name, 0)]);
  }

  logFile(name: ServiceName, replica = 0): string {
    return join(STACK_DIR, 'logs', 'e2e', `${this.options.label ?? 'cluster'}-${name}${replica ? `-${replica}` : ''}.log`);
  }

  async startService(name: ServiceName, replica = 0): Promise<void> {
    const s = this.replica(name, replica);
    mkdirSync(join(STACK_DIR, 'logs', 'e2e'), { recursive: true });
    const log = createWriteStream(this.logFile(name, replica), { flags: 'a' });
    // IOP_SERVICE_NODE_ARGS: extra node flags for the services, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile a benchmark.
    const nodeArgs = (process.env.IOP_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const nice = serviceNice(name);
    const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, ...nodeArgs, serviceMain(name)], {
      cwd: ROOT,
      // Each replica on its own port, on the service's one database.
      env: { ...process.env, ...this.env(), [`${envName(name)}_PORT`]: String(s.port), [`${envName(name)}_DATABASE_URL`]: s.db.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    prioritise(child.pid, nice);
    s.process = child;
    await this.waitReady(name, 120_000, replica);
  }

  async waitReady(name: ServiceName, timeoutMs: number, replica = 0): Promise<void> {
    const s = this.replica(name, replica);
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
  async kill(name: ServiceName, replica = 0): Promise<void> {
    const child = this.replica(name, replica).process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return; // exited, or killed by a signal
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM, as an orchestrator stops a replica: its consumers leave their groups (SIGKILL after 10 s). */
  async stopService(name: ServiceName, replica = 0): Promise<void> {
    const child = this.replica(name, replica).process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return; // exited, or killed by a signal
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /**
   * Waits until the cluster has nothing left to do: every service's publisher has sent all its events and every
   * consumer group of this cluster's topics has committed up to the end of each partition, twice in a row (offsets
   * are committed on an interval). A benchmark that seeded thousands of events measures its screen after this, not
   * while six services are still working through the backlog.
   */
  async settled(timeoutMs = 300_000): Promise<void> {
    const admin = testKafka('iop-settle', this.options.servers?.kafkaBrokers).admin();
    await admin.connect();
    const clients = await Promise.all([...this.services.values()].map(async (s) => {
      const client = new Client({ connectionString: s.db.url });
      await client.connect();
      // Row-level security hides every tenant's events from a session without a tenant; the projector role sees them all.
      await client.query("SELECT set_config('app.role', 'projector', false)");
      return client;
    }));
    const pending = async (): Promise<number> => {
      let left = 0;
      for (const client of clients) {
        const { rows } = await client.query<{ n: number }>(`
          SELECT CASE WHEN to_regclass('subscription_checkpoints') IS NULL THEN 0 ELSE (
            SELECT count(*) FROM events e, subscription_checkpoints c
            WHERE (e.transaction_id, e.global_position) > (c.transaction_id, c.global_position)) END::int AS n`);
        left += rows[0].n;
      }
      const { groups } = await admin.listGroups();
      for (const { groupId } of groups) {
        for (const t of await admin.fetchOffsets({ groupId })) {
          if (!t.topic.startsWith(this.prefix)) continue;
          const ends = await admin.fetchTopicOffsets(t.topic);
          for (const p of t.partitions) left += Math.max(0, Number(ends.find((e) => e.partition === p.partition)?.high ?? 0) - Math.max(0, Number(p.offset)));
        }
      }
      return left;
    };
    const deadline = Date.now() + timeoutMs;
    try {
      for (let quiet = 0; quiet < 2;) {
        quiet = (await pending()) === 0 ? quiet + 1 : 0;
        if (Date.now() > deadline) throw new Error(`the cluster still had work after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 1_000));
      }
    } finally {
      await admin.disconnect();
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.replicas.values()].flat().map((s) => this.stopService(s.name, s.replica)));
    // IOP_KEEP_DATABASES=1 keeps them, to look into after a run (a benchmark's, say); drop them by hand.
    if (process.env.IOP_KEEP_DATABASES) return;
    await Promise.all([...this.services.values()].map((s) => s.db.drop().catch(() => undefined)));
  }
}
