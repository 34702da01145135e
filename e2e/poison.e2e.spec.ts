/**
 * A poison message on a real topic, across the running services: scheduling parks it, parks the later event of the
 * same key behind it (per-aggregate order), keeps enrolling everyone else, and an admin replays the parked event.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { CE_HEADERS, patientAdmittedV1, toKafkaMessage, toPublicEvent } from '../libs/domain-events/src';
import { testKafka, tokenFor } from '../libs/testing/src';
import { anHourAgo, api, eventually, expectStatus } from './api';
import { Cluster } from './cluster';

jest.setTimeout(300_000);

const tenant = `poison-${randomBytes(4).toString('hex')}`;
const today = new Date().toISOString().slice(0, 10);

async function parked(url: string): Promise<{ id: number; reason: string; message_key: string; status: string }[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query("SELECT id::int, reason, message_key, status FROM dead_letters WHERE consumer = 'admissions-episodes' ORDER BY id")).rows;
  } finally {
    await c.end();
  }
}

describe('a poison message on iop.admissions.v1', () => {
  const cluster = new Cluster({ label: 'poison' });
  beforeAll(() => cluster.start());
  afterAll(() => cluster.stop());

  it('is parked with the later events of its key; the rest flows; replay delivers the parked event', async () => {
    const [admin, intake, clinician] = await Promise.all(['admin', 'intake', 'clinician'].map((r) => tokenFor(tenant, [r])));
    const loc = await api(cluster.url('scheduling'), 'POST', '/v1/locations', admin, {
      name: 'Pier', timezone: 'America/New_York', blocks: [{ track: 'evening', days: ['MON', 'TUE', 'WED', 'THU'], start: '18:00', end: '21:00' }],
    });
    expectStatus(loc, 201);
    const topic = `${cluster.topicPrefix}iop.admissions.v1`;
    const episodeId = randomUUID();
    const meta = { id: randomUUID(), subject: `episode-${episodeId}`, time: new Date().toISOString(), tenantId: tenant, correlationId: randomUUID() };
    const good = toKafkaMessage(episodeId, toPublicEvent(patientAdmittedV1, meta, {
      ...patientAdmittedV1.example, episodeId, locationId: loc.body.locationId, track: 'evening', startDate: today, plannedEndDate: today,
    }));
    // Same headers and key, but a payload that breaks the contract: it must be parked, never crash the consumer.
    const poison = { ...good, value: JSON.stringify({ episodeId: 'not-a-uuid' }), headers: { ...good.headers, [CE_HEADERS.id]: randomUUID() } };
    const producer = testKafka('poison').producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [poison] });
    await producer.send({ topic, acks: -1, messages: [good] });
    await producer.disconnect();

    const db = cluster.services.get('scheduling')!.db.url;
    await eventually(async () => ((await parked(db)).length === 2 ? true : undefined), 60_000, 'two parked messages');
    const rows = await parked(db);
    expect(rows.map((r) => [r.reason, r.message_key, r.status])).toEqual([['invalid', episodeId, 'parked'], ['behind', episodeId, 'parked']]);

    const ref = await api(cluster.url('admissions'), 'POST', '/v1/referrals', intake, { patient: { firstName: 'Flow', lastName: 'Synthetic', dateOfBirth: '1991-03-03' }, source: 'self', referredAt: anHourAgo() });
    expectStatus(await api(cluster.url('admissions'), 'POST', `/v1/referrals/${ref.body.referralId}/assessments`, clinician, { criteriaEdition: 3, ratings: { d1: 0, d2: 0, d3: 1, d4: 2, d5: 2, d6: 1 } }), 201);
    const admitted = await eventually(async () => {
      const r = await api(cluster.url('admissions'), 'POST', `/v1/referrals/${ref.body.referralId}/admission`, intake, { locationId: loc.body.locationId, track: 'evening', startDate: today, levelOfCare: '2.1' });
      return r.status === 201 ? r.body : undefined;
    }, 60_000, 'an admission');
    await eventually(async () => ((await api(cluster.url('scheduling'), 'GET', `/v1/enrollments/${admitted.episodeId}`, clinician)).status === 200 ? true : undefined), 60_000, 'the other key to flow');
    expect((await api(cluster.url('scheduling'), 'GET', `/v1/enrollments/${episodeId}`, clinician)).status).toBe(404);

    const behind = rows[1];
    const replay = await api(cluster.url('scheduling'), 'POST', `/v1/admin/dead-letters/admissions-episodes/${behind.id}/replay`, admin);
    expectStatus(replay, 200);
    expect(replay.body.replayed).toEqual([behind.id]);
    expect((await api(cluster.url('scheduling'), 'GET', `/v1/enrollments/${episodeId}`, clinician)).status).toBe(200);
    expect((await parked(db)).map((r) => r.status)).toEqual(['parked', 'replayed']);
  });
});
