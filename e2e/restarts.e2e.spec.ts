/**
 * Faults on a private PostgreSQL and Kafka (stopping the shared ones would break the other test files):
 * Kafka stopped and started during a burst loses nothing and publishing resumes on its own; PostgreSQL stopped and
 * started turns readiness 503 then 200, refuses commands with 503 meanwhile, and loses no accepted (201) command,
 * all without restarting a service.
 */
import { randomBytes } from 'node:crypto';
import { anHourAgo, api, eventually, expectStatus } from './api';
import { Cluster } from './cluster';
import { countRows as count } from './db';
import { startPrivateStack, type PrivateStack } from './private-stack';
import { tokenFor } from '../libs/testing/src';

jest.setTimeout(600_000);

const tenant = `restarts-${randomBytes(4).toString('hex')}`;
const today = new Date().toISOString().slice(0, 10);


describe('restarts of PostgreSQL and Kafka', () => {
  let servers: PrivateStack;
  let cluster: Cluster;
  let intake: string;
  let clinician: string;
  let locationId: string;

  beforeAll(async () => {
    servers = await startPrivateStack();
    cluster = new Cluster({ label: 'restarts', servers });
    await cluster.start();
    [intake, clinician] = await Promise.all([tokenFor(tenant, ['intake']), tokenFor(tenant, ['clinician'])]);
    const loc = await api(cluster.url('scheduling'), 'POST', '/v1/locations', await tokenFor(tenant, ['admin']), {
      name: 'Harbor', timezone: 'America/New_York', blocks: [{ track: 'evening', days: ['MON', 'TUE', 'WED', 'THU'], start: '18:00', end: '21:00' }],
    });
    expectStatus(loc, 201);
    locationId = loc.body.locationId;
  });
  afterAll(async () => {
    await cluster?.stop();
    await servers?.destroy();
  });

  const referAndAssess = async (i: number): Promise<string> => {
    const ref = await api(cluster.url('admissions'), 'POST', '/v1/referrals', intake, { patient: { firstName: `R${i}`, lastName: 'Synthetic', dateOfBirth: '1979-09-09' }, source: 'self', referredAt: anHourAgo() });
    expectStatus(ref, 201);
    expectStatus(await api(cluster.url('admissions'), 'POST', `/v1/referrals/${ref.body.referralId}/assessments`, clinician, { criteriaEdition: 3, ratings: { d1: 0, d2: 0, d3: 1, d4: 2, d5: 2, d6: 1 } }), 201);
    return ref.body.referralId;
  };
  const admit = (referralId: string) => api(cluster.url('admissions'), 'POST', `/v1/referrals/${referralId}/admission`, intake, { locationId, track: 'evening', startDate: today, levelOfCare: '2.1' });

  it('Kafka stopped and started during a burst of admissions: no loss, publishing and consuming resume on their own', async () => {
    const referrals: string[] = [];
    for (let i = 0; i < 60; i++) referrals.push(await referAndAssess(i));
    await eventually(async () => ((await admit(referrals[0])).status === 201 ? true : undefined), 60_000, 'the location in admissions');
    for (const [i, r] of referrals.slice(1).entries()) {
      if (i === 20) await servers.stack('kafka-stop');
      expectStatus(await admit(r), 201); // the write path needs PostgreSQL only
    }
    expect((await api(cluster.url('admissions'), 'GET', '/health/ready')).status).toBe(503);
    await servers.stack('kafka-start');
    const enrolled = () => count(cluster.services.get('scheduling')!.db.url, 'SELECT count(*) AS n FROM enrollments');
    await eventually(async () => ((await enrolled()) === referrals.length ? true : undefined), 180_000, `${referrals.length} enrollments`)
      .catch(async (err: Error) => { throw new Error(`${err.message}: ${await enrolled()}`); });
    await eventually(async () => ((await api(cluster.url('admissions'), 'GET', '/health/ready')).status === 200 ? true : undefined), 60_000, 'ready again');
  });

  it('PostgreSQL stopped and started: 503 meanwhile, 200 after, no accepted command lost, no service restarted', async () => {
    const before = await count(cluster.services.get('admissions')!.db.url, "SELECT count(*) AS n FROM events WHERE event_type = 'PatientReferred'");
    const accepted: string[] = [];
    const referral = () => api(cluster.url('admissions'), 'POST', '/v1/referrals', intake, { patient: { firstName: 'Down', lastName: 'Synthetic', dateOfBirth: '1980-01-01' }, source: 'self', referredAt: anHourAgo() }).catch(() => ({ status: 0, body: undefined }));
    for (let i = 0; i < 5; i++) {
      const r = await referral();
      if (r.status === 201) accepted.push(r.body.referralId);
    }
    await servers.stack('pg-stop');
    for (const name of ['admissions', 'scheduling'] as const) {
      await eventually(async () => ((await api(cluster.url(name), 'GET', '/health/ready')).status === 503 ? true : undefined), 30_000, `${name} not ready`);
    }
    const refused = await referral();
    expect(refused.status).toBe(503);
    await servers.stack('pg-start');
    for (const name of ['admissions', 'scheduling', 'clinical-notes', 'outcomes', 'webhooks'] as const) {
      await eventually(async () => ((await api(cluster.url(name), 'GET', '/health/ready')).status === 200 ? true : undefined), 60_000, `${name} ready again`);
    }
    for (let i = 0; i < 5; i++) {
      const r = await eventually(async () => { const x = await referral(); return x.status === 201 ? x : undefined; }, 30_000, 'a referral after the restart');
      accepted.push(r.body.referralId);
    }
    const after = await count(cluster.services.get('admissions')!.db.url, "SELECT count(*) AS n FROM events WHERE event_type = 'PatientReferred'");
    expect(after - before).toBe(accepted.length);
    expect([...cluster.services.values()].every((s) => s.process?.exitCode === null)).toBe(true);
  });
});
