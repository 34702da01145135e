/** The waitlist migration against real PostgreSQL: waitlist places stored as bookings rows move into `waitlists`. */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@iop/testing';
import { PLATFORM_MIGRATIONS, runMigrations } from '@iop/platform';
import { SCHEDULING_MIGRATIONS } from './scheduling.migrations';

describe('SchedulingWaitlists migration', () => {
  let db: TestDatabase;
  afterAll(() => db?.drop());

  it('moves each waitlisting\'s places into one row and leaves seats and cancelled places alone', async () => {
    db = await createTestDatabase('sched_mig');
    const before = SCHEDULING_MIGRATIONS.filter((m) => m.name !== 'SchedulingWaitlists1795900000000');
    expect(before).toHaveLength(SCHEDULING_MIGRATIONS.length - 1);
    await runMigrations(db.url, [...PLATFORM_MIGRATIONS, ...before]);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const [waiting, seated] = [randomUUID(), randomUUID()];
      const sessions = [randomUUID(), randomUUID(), randomUUID()];
      await client.query("SELECT set_config('app.role', 'projector', false)");
      await client.query(
        `INSERT INTO bookings (episode_id, session_id, tenant_id, status, cancel_reason, since) VALUES
           ($1, $3, 't-1', 'waitlisted', NULL, '2026-11-02T10:00:00Z'), ($1, $4, 't-1', 'waitlisted', NULL, '2026-11-02T10:00:00Z'),
           ($1, $5, 't-1', 'cancelled', 'discharged', '2026-11-20T10:00:00Z'), ($2, $3, 't-2', 'booked', NULL, '2026-11-01T10:00:00Z')`,
        [waiting, seated, ...sessions]);
      await runMigrations(db.url, [...PLATFORM_MIGRATIONS, ...SCHEDULING_MIGRATIONS]);
      const { rows: lists } = await client.query('SELECT episode_id, tenant_id, since, session_ids FROM waitlists');
      expect(lists).toEqual([{ episode_id: waiting, tenant_id: 't-1', since: new Date('2026-11-02T10:00:00Z'), session_ids: [sessions[0], sessions[1]].sort() }]);
      const { rows: left } = await client.query('SELECT episode_id, status FROM bookings ORDER BY status');
      expect(left).toEqual([{ episode_id: seated, status: 'booked' }, { episode_id: waiting, status: 'cancelled' }]);
      // Tenant isolation holds on the new table as on the others.
      await client.query("SELECT set_config('app.role', '', false), set_config('app.tenant_id', 't-2', false)");
      expect((await client.query('SELECT 1 FROM waitlists')).rows).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
