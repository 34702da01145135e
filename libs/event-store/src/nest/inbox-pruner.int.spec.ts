/**
 * The inbox pruner against real PostgreSQL: rows past the retention go, in batches; younger rows stay (a redelivery
 * of their events is still possible); a second replica pruning at the same time neither fails nor deletes more; the
 * configuration refuses a retention the topics outlive.
 */
import { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '@iop/testing';
import { ConfigError, INBOX_RETENTION_MIN_DAYS, loadServiceConfig, runMigrations, type ServiceConfig } from '@iop/platform';
import { EVENT_STORE_MIGRATIONS } from '../store/event-store.migrations';
import { InboxPruner } from './inbox-pruner';

describe('InboxPruner', () => {
  let db: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    db = await createTestDatabase('inbox_prune');
    await runMigrations(db.url, EVENT_STORE_MIGRATIONS);
    pool = new Pool({ connectionString: db.url, max: 4 });
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  const rows = async (ageDays: number, n: number, consumer = 'enrollments') => {
    await pool.query(
      `INSERT INTO inbox (consumer, event_id, processed_at) SELECT $1, gen_random_uuid(), now() - make_interval(days => $2) FROM generate_series(1, $3)`,
      [consumer, ageDays, n],
    );
  };
  const count = async () => Number((await pool.query('SELECT count(*) AS n FROM inbox')).rows[0].n);

  it('deletes the rows older than the retention, across batches, and keeps the younger ones', async () => {
    await rows(60, 12_000);
    await rows(44, 3);
    await rows(0, 5, 'consents');
    const pruner = new InboxPruner(pool, { inboxRetentionDays: 45 } as ServiceConfig);
    expect(await pruner.prune()).toBe(12_000);
    expect(await count()).toBe(8);
    expect(await pruner.prune()).toBe(0);
  });

  it('two replicas at once: together they delete each row once', async () => {
    await pool.query('TRUNCATE inbox');
    await rows(50, 20_000);
    await rows(1, 7);
    const config = { inboxRetentionDays: 45 } as ServiceConfig;
    const [a, b] = await Promise.all([new InboxPruner(pool, config).prune(), new InboxPruner(pool, config).prune()]);
    // The one that found the other at it stops; whatever it left, a later run takes.
    const later = await new InboxPruner(pool, config).prune();
    expect(a + b + later).toBe(20_000);
    expect(await count()).toBe(7);
  });

  it('an event redelivered after pruning would apply again: the retention may not be shorter than the topics keep events', () => {
    const env = { ADMISSIONS_DATABASE_URL: 'postgres://x@localhost/x', IOP_ENV: 'development' };
    expect(loadServiceConfig('admissions', { ...env }).inboxRetentionDays).toBe(45);
    expect(() => loadServiceConfig('admissions', { ...env, INBOX_RETENTION_DAYS: String(INBOX_RETENTION_MIN_DAYS - 1) })).toThrow(ConfigError);
    expect(loadServiceConfig('admissions', { ...env, INBOX_RETENTION_DAYS: String(INBOX_RETENTION_MIN_DAYS) }).inboxRetentionDays).toBe(INBOX_RETENTION_MIN_DAYS);
  });
});
