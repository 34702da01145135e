/**
 * Faults survived, bounded in time and count: admissions is killed with SIGKILL in the middle of a burst of 500
 * admissions and restarted. Afterwards every PatientAdmitted in its store reached Kafka, and every consumer applied
 * each exactly once (the counts match exactly).
 */
import { randomBytes } from 'node:crypto';
import { anHourAgo, api, eventually, expectStatus } from './api';
import { Cluster } from './cluster';
import { countRows as count } from './db';
import { testKafka, tokenFor, uniqueId } from '../libs/testing/src';

jest.setTimeout(600_000);

const BURST = 500;
const tenant = `faults-${randomBytes(4).toString('hex')}`;
const today = new Date().toISOString().slice(0, 10);


/** Runs `fn` over `items` with `width` workers. */
async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

async function distinctOnTopic(topic: string, type: string, expected: number): Promise<number> {
  const consumer = testKafka().consumer({ groupId: uniqueId('faults-reader'), maxWaitTimeInMs: 200 });
  const ids = new Set<string>();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => {
    if (message.headers?.ce_type?.toString() === type) ids.add(message.headers.ce_id!.toString());
  } });
  await eventually(async () => (ids.size >= expected ? true : undefined), 120_000, `${expected} ${type} on ${topic}`).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 1000));
  await consumer.disconnect();
  return ids.size;
}

describe('faults', () => {
  // One intake token sends the whole burst: what is tested is surviving the kill, not the per-caller rate limit.
  const cluster = new Cluster({ label: 'faults', env: { HTTP_RATE_LIMIT: '1000000' } });
  let intake: string;
  let clinician: string;

  beforeAll(async () => {
    await cluster.start();
    intake = await tokenFor(tenant, ['intake'], 'faults-intake');
    clinician = await tokenFor(tenant, ['clinician'], 'faults-clinician');
  });
  afterAll(() => cluster.stop());

  it(`kill -9 admissions during a burst of ${BURST} admissions: nothing lost, every consumer applies each exactly once`, async () => {
    const admin = await tokenFor(tenant, ['admin'], 'faults-admin');
    const adm = () => cluster.url('admissions');
    const loc = await api(cluster.url('scheduling'), 'POST', '/v1/locations', admin, {
      name: 'Lakeside', timezone: 'America/Chicago', blocks: [{ track: 'evening', days: ['MON', 'TUE', 'WED', 'THU'], start: '18:00', end: '21:00' }],
    });
    expectStatus(loc, 201);
    const referrals: string[] = [];
    await pool(Array.from({ length: BURST }, (_, i) => i), 8, async (i) => {
      const ref = await api(adm(), 'POST', '/v1/referrals', intake, {
        patient: { firstName: `Pat${i}`, lastName: 'Synthetic', dateOfBirth: '1985-06-01' }, source: 'detox', referredAt: anHourAgo(),
      });
      expectStatus(ref, 201);
      expectStatus(await api(adm(), 'POST', `/v1/referrals/${ref.body.referralId}/assessments`, clinician, { criteriaEdition: 3, ratings: { d1: 1, d2: 1, d3: 1, d4: 2, d5: 2, d6: 1 } }), 201);
      referrals.push(ref.body.referralId);
    });
    const admit = (referralId: string) => api(adm(), 'POST', `/v1/referrals/${referralId}/admission`, intake,
      { locationId: loc.body.locationId, track: 'evening', startDate: today, levelOfCare: '2.1' }, { 'idempotency-key': `admit-${referralId}` }).catch(() => ({ status: 0, body: undefined }));
    await eventually(async () => ((await admit(referrals[0])).status === 201 ? true : undefined), 60_000, 'admissions to learn the location');

    let done = 0;
    const failed: string[] = [];
    let killed: Promise<void> | undefined;
    await pool(referrals.slice(1), 8, async (referralId) => {
      const res = await admit(referralId);
      if (res.status !== 201) failed.push(referralId);
      if (++done === 150) killed = cluster.kill('admissions');
    });
    await killed;
    expect(failed.length).toBeGreaterThan(0);
    await cluster.startService('admissions');
    // Clients retry what failed, with the same Idempotency-Key: a 201 twice for one referral would be a defect. A request
    // that died before its commit left no key (the retry runs); one that died between its commit and its answer left
    // its change and its key: 409 in use for a few seconds, then 409 answer-lost (the count below shows the change).
    await pool(failed, 8, async (referralId) => {
      const res = await eventually(async () => {
        const r = await admit(referralId);
        return r.status === 409 && String(r.body?.type).endsWith('idempotency-key-in-use') ? undefined : r;
      }, 60_000, `the retry of ${referralId}`);
      if (res.status !== 201 && res.status !== 409) throw new Error(`retry of ${referralId}: ${res.status} ${JSON.stringify(res.body)}`);
    });

    const db = (name: 'admissions' | 'scheduling' | 'clinical-notes' | 'outcomes') => cluster.services.get(name)!.db.url;
    const admitted = await count(db('admissions'), "SELECT count(*) AS n FROM events WHERE event_type = 'PatientAdmitted'");
    expect(admitted).toBe(BURST);
    const onKafka = await distinctOnTopic(`${cluster.topicPrefix}iop.admissions.v1`, 'iop.admissions.PatientAdmitted.v1', admitted);
    expect(onKafka).toBe(admitted);
    const applied = async () => ({
      scheduling: await count(db('scheduling'), 'SELECT count(*) AS n FROM enrollments'),
      clinicalNotes: await count(db('clinical-notes'), 'SELECT count(*) AS n FROM charts'),
      outcomes: await count(db('outcomes'), "SELECT count(*) AS n FROM events WHERE event_type = 'EpisodeOpened'"),
    });
    const expected = { scheduling: admitted, clinicalNotes: admitted, outcomes: admitted };
    await eventually(async () => (JSON.stringify(await applied()) === JSON.stringify(expected) ? true : undefined), 180_000, 'every consumer to catch up')
      .catch(async (err: Error) => {
        throw new Error(`${err.message}: ${JSON.stringify(await applied())} vs ${admitted}`);
      });
  });
});
