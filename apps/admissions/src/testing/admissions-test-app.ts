/**
 * Integration-test harness (test-only): the real admissions module on a throwaway database and its own Kafka topic
 * namespace, tokens per role for the file's own tenant, and shortcuts along the patient journey.
 */
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { addDays, localDateIn } from '@iop/calendar';
import { inTransaction, PROJECTOR_SETTING } from '@iop/platform';
import { startTestApp, type TestApp, type TestResponse } from '@iop/platform/testing';
import { createTestDatabase, createTopicNamespace, tokenFor, type TestDatabase } from '@iop/testing';
import { saveLocation } from '../read-models/location.queries';
import { admissionsService } from '../service';

export const IOP_RATINGS = { d1: 0, d2: 1, d3: 2, d4: 2, d5: 3, d6: 2 };

export interface Harness {
  t: TestApp;
  pool: Pool;
  prefix: string;
  tenant: string;
  /** A token of the file's tenant (or another) with these roles. */
  as(roles: string | string[], tenant?: string): Promise<string>;
  call(method: string, url: string, roles: string | string[], body?: unknown, tenant?: string): Promise<TestResponse>;
  seedLocation(tracks?: ('evening' | 'morning')[], tenant?: string): Promise<string>;
  refer(body?: Record<string, unknown>, tenant?: string): Promise<{ referralId: string; patientId: string }>;
  assess(referralId: string, ratings?: Record<string, number>, tenant?: string): Promise<TestResponse>;
  /** Refer, assess and admit at a new location: the episode starts `startDate` (default today). */
  admitted(opts?: { startDate?: string; tenant?: string; referral?: Record<string, unknown> }): Promise<{ episodeId: string; referralId: string; patientId: string; locationId: string }>;
  eventCount(streamId: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * Today at the test locations (all in America/New_York): the clinic's day, which the services judge start dates by.
 * UTC's date is a day ahead of it from 00:00 to 04:00 or 05:00 UTC, and a test using it would fail then.
 */
export const today = () => localDateIn(new Date().toISOString(), 'America/New_York');
export const daysFromToday = (n: number) => addDays(today(), n);
const patient = () => ({ firstName: 'Alex', lastName: `Rivera${randomBytes(2).toString('hex')}`, dateOfBirth: '1990-05-04' });

export async function startAdmissions(name: string): Promise<Harness> {
  const db: TestDatabase = await createTestDatabase('admissions');
  const prefix = await createTopicNamespace();
  const tenant = `adm-${name}-${randomBytes(3).toString('hex')}`;
  const t = await startTestApp(admissionsService({
    ...process.env, ADMISSIONS_DATABASE_URL: db.url, KAFKA_TOPIC_PREFIX: prefix, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ADMISSIONS_REVIEW_INTERVAL_MS: '0',
  }));
  // Tests read every tenant's rows, as the projector does (read models enforce row-level security on their owner too).
  const pool = new Pool({ connectionString: db.url, max: 3, options: '-c app.role=projector' });
  pool.on('error', () => undefined); // the database is dropped (WITH FORCE) after the file
  // pool.end() resolves before its sockets close; the database's forced drop then ends them with an error.
  pool.on('error', () => undefined);
  const tokens = new Map<string, Promise<string>>();
  const as = (roles: string | string[], tn = tenant) => {
    const list = Array.isArray(roles) ? roles : [roles];
    const key = `${tn}:${list.join(',')}`;
    if (!tokens.has(key)) tokens.set(key, tokenFor(tn, list, `${list[0]}-user`));
    return tokens.get(key)!;
  };
  const call = async (method: string, url: string, roles: string | string[], body?: unknown, tn?: string) =>
    t.request(method, url, { token: await as(roles, tn), ...(body !== undefined ? { body } : {}) });

  const h: Harness = {
    t, pool, prefix, tenant, as, call,
    async seedLocation(tracks = ['evening'], tn = tenant) {
      const locationId = crypto.randomUUID();
      const blocks = tracks.map((track) => ({ track, days: ['MON', 'TUE', 'WED', 'THU'] as never, start: track === 'evening' ? '18:00' : '09:00', end: track === 'evening' ? '21:00' : '12:00' }));
      // As the consumer writes it: in a transaction marked as the projector's.
      await inTransaction(pool, async (client) => {
        await client.query(PROJECTOR_SETTING);
        await saveLocation(client, tn, { locationId, name: 'Riverside', timezone: 'America/New_York', blocks, configuredAt: new Date().toISOString() });
      });
      return locationId;
    },
    async refer(body = {}, tn) {
      const res = await call('POST', '/v1/referrals', 'intake', { patient: patient(), source: 'residential', referredAt: new Date(Date.now() - 3_600_000).toISOString(), ...body }, tn);
      if (res.status !== 201) throw new Error(`refer: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    assess: (referralId, ratings = IOP_RATINGS, tn) => call('POST', `/v1/referrals/${referralId}/assessments`, 'clinician', { criteriaEdition: 3, ratings }, tn),
    async admitted(opts = {}) {
      const locationId = await h.seedLocation(['evening'], opts.tenant);
      const { referralId, patientId } = await h.refer(opts.referral ?? {}, opts.tenant);
      await h.assess(referralId, IOP_RATINGS, opts.tenant);
      const res = await call('POST', `/v1/referrals/${referralId}/admission`, 'intake', { locationId, track: 'evening', startDate: opts.startDate ?? today(), levelOfCare: '2.1' }, opts.tenant);
      if (res.status !== 201) throw new Error(`admit: ${res.status} ${JSON.stringify(res.body)}`);
      return { episodeId: res.body.episodeId, referralId, patientId, locationId };
    },
    async eventCount(streamId) {
      return (await pool.query('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [streamId])).rows[0].n;
    },
    async close() {
      await t?.close();
      await pool?.end();
      await db?.drop();
    },
  };
  return h;
}

/** Polls until `check` holds (asynchronous consumers), failing after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}
