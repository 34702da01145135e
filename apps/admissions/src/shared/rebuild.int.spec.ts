/**
 * Rebuilding a read model is a platform operation: it spans every tenant of the service, so only the platform's
 * operator may start it, and one rebuild of a read model runs at a time across every replica (a session advisory
 * lock the rebuild holds; held here by the test, as another replica's rebuild would).
 */
import { type Harness, startAdmissions } from '../testing/admissions-test-app';

async function until(done: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('projection rebuilds', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startAdmissions('rebuilds');
  });
  afterAll(() => h?.close());

  it('are for the platform operator, not a clinic\'s admin', async () => {
    expect((await h.call('POST', '/v1/admin/projections/patients/rebuild', 'admin')).status).toBe(403);
    expect((await h.call('GET', '/v1/admin/projections/patients/rebuild', 'admin')).status).toBe(403);
    const started = await h.call('POST', '/v1/admin/projections/patients/rebuild', 'operator');
    expect(started.status).toBe(202);
    await until(async () => (await h.call('GET', '/v1/admin/projections/patients/rebuild', 'operator')).body.done === true);
  });

  it('run one at a time across replicas: while another holds the rebuild, asking again is a 409', async () => {
    const other = await h.pool.connect();
    try {
      await other.query('SELECT pg_advisory_lock(hashtext($1))', ['rebuild:referrals']);
      const refused = await h.call('POST', '/v1/admin/projections/referrals/rebuild', 'operator');
      expect([refused.status, refused.body.type]).toEqual([409, expect.stringContaining('rebuild-in-progress')]);
      await other.query('SELECT pg_advisory_unlock(hashtext($1))', ['rebuild:referrals']);
      expect((await h.call('POST', '/v1/admin/projections/referrals/rebuild', 'operator')).status).toBe(202);
    } finally {
      other.release();
    }
  });
});
