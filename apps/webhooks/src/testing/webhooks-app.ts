/** The real webhooks service in-process, on a database and Kafka topic namespace of its own. */
import { Client } from 'pg';
import { startTestApp, type TestApp } from '@iop/platform/testing';
import { createTestDatabase, createTopicNamespace, testKafka, tokenFor, type TestDatabase } from '@iop/testing';
import { webhooksService } from '../service';

export interface WebhooksHarness {
  t: TestApp;
  db: TestDatabase;
  prefix: string;
  token(roles: string[], tenant?: string): Promise<string>;
  /** Runs SQL as the database owner, outside row-level security's tenant scope (for assertions). */
  sql<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  /** Stops the app (the database and topics stay, for a restart). */
  stop(): Promise<void>;
  restart(env?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

/** Short delays so retries, timeouts and disabling happen within a test. */
export const FAST_ENV: Record<string, string> = {
  WEBHOOKS_RETRY_SCHEDULE: '0,200ms,200ms',
  WEBHOOKS_RETRY_JITTER_PERCENT: '0',
  WEBHOOKS_TIMEOUT: '500ms',
  WEBHOOKS_POLL: '100ms',
};

export async function startWebhooks(tenant: string, env: Record<string, string> = {}): Promise<WebhooksHarness> {
  const db = await createTestDatabase('webhooks');
  const prefix = await createTopicNamespace();
  const define = (extra: Record<string, string>) =>
    webhooksService({ ...process.env, WEBHOOKS_DATABASE_URL: db.url, KAFKA_TOPIC_PREFIX: prefix, LOG_LEVEL: 'silent', ...extra });
  let t: TestApp | undefined = await startTestApp(define(env));
  const harness: WebhooksHarness = {
    get t() {
      if (!t) throw new Error('the app is stopped');
      return t;
    },
    db,
    prefix,
    token: (roles, other = tenant) => tokenFor(other, roles),
    async sql(text, values = []) {
      const client = new Client({ connectionString: db.url, options: '-c app.role=projector' });
      await client.connect();
      try {
        return (await client.query(text, values)).rows;
      } finally {
        await client.end();
      }
    },
    async stop() {
      await consumersReady(prefix).catch(() => undefined);
      await t?.close();
      t = undefined;
    },
    async restart(extra = env) {
      if (t) await harness.stop();
      t = await startTestApp(define(extra));
    },
    async close() {
      if (t) await harness.stop().catch(() => undefined);
      await db.drop();
    },
  };
  return harness;
}

/**
 * Resolves once the service's consumer group is stable (joined, partitions assigned). Closing the app
 * before that leaves kafkajs retrying a join in the background (the inbox consumer's start and stop can race).
 */
export async function consumersReady(prefix: string, timeoutMs = 30_000): Promise<void> {
  const admin = testKafka('webhooks-test-admin').admin();
  await admin.connect();
  try {
    const groups = ['fan-out'].map((name) => `${prefix}webhooks.${name}`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { groups: described } = await admin.describeGroups(groups);
      if (described.every((g) => g.state === 'Stable')) return;
      if (Date.now() > deadline) throw new Error(`consumer groups not stable: ${described.map((g) => `${g.groupId}=${g.state}`).join(', ')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await admin.disconnect();
  }
}
