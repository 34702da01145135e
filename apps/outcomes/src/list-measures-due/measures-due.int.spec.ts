/**
 * The measurement schedule over HTTP: episodes arrive as PatientAdmitted/PatientDischarged on Kafka, measures over
 * HTTP, and the due and overdue lists follow the tenant's schedule (baseline within 7 days, every 14, at discharge).
 */
import { admitted, discharged, gad7, phq9, testEpisode } from '../testing/outcomes.fixtures';
import { type OutcomesKit, startOutcomesKit } from '../testing/outcomes.test-kit';
import { L2 } from '../testing/synthetic-cohort.fixtures';

const TENANT = 'outcomes-due';
const active = testEpisode(TENANT, { startDate: '2025-03-10', admittedOn: '2025-03-07' });
const leaving = testEpisode(TENANT, { startDate: '2025-03-03', locationId: L2 });
type Item = { episodeId: string; instrument: string; occasion: string; windowStart: string; dueDate: string };
const brief = (items: Item[]) => items.map((i) => `${i.episodeId === active.episodeId ? 'active' : 'leaving'} ${i.occasion} ${i.instrument} ${i.dueDate}`);

describe('measures due and overdue', () => {
  let kit: OutcomesKit;
  let clinician: string;
  const list = (which: 'due' | 'overdue', query: string, token = clinician) => kit.app.request('GET', `/v1/measures/${which}?${query}`, { token });
  const measure = (episodeId: string, instrument: string, answers: number[], day: string) =>
    kit.app.request('POST', '/v1/measures', { token: clinician, body: { episodeId, instrument, answers, administeredAt: `${day}T18:00:00-05:00` } });

  beforeAll(async () => {
    kit = await startOutcomesKit();
    clinician = await kit.token(TENANT, ['clinician'], 'clinician-due');
    await kit.publish([admitted(active), admitted(leaving), discharged(leaving, '2025-03-28', 'completed')]);
    await kit.until(() => kit.db.query("SELECT 1 FROM outcome_episodes WHERE status = 'discharged'").then((r) => r.rowCount), (n) => n === 1);
    expect((await measure(active.episodeId, 'PHQ-9', phq9(8), '2025-03-11')).status).toBe(201);
  });
  afterAll(() => kit?.close());

  it('lists the baseline as due for each instrument not yet measured', async () => {
    const res = await list('due', `asOf=2025-03-12&locationId=${active.locationId}`);
    expect(res.status).toBe(200);
    expect(brief(res.body.items)).toEqual(['active baseline BAM 2025-03-17', 'active baseline GAD-7 2025-03-17']);
    expect(res.body.items[0]).toMatchObject({ windowStart: '2025-03-10', patientId: active.patientId, sequence: 0 });
    expect(res.body.nextCursor).toBeNull();
  });

  it('lists a missed baseline as overdue until the next window opens, then the next occasion as due', async () => {
    expect(brief((await list('overdue', `asOf=2025-03-19&locationId=${active.locationId}`)).body.items)).toEqual([
      'active baseline BAM 2025-03-17', 'active baseline GAD-7 2025-03-17',
    ]);
    expect((await list('overdue', `asOf=2025-03-21&locationId=${active.locationId}`)).body.items).toEqual([]);
    expect(brief((await list('due', `asOf=2025-03-22&locationId=${active.locationId}`)).body.items)).toEqual([
      'active periodic BAM 2025-03-24', 'active periodic GAD-7 2025-03-24', 'active periodic PHQ-9 2025-03-24',
    ]);
  });

  it('lists the discharge measures as overdue after discharge, and clears one once recorded', async () => {
    const before = await list('overdue', `asOf=2025-03-29&locationId=${L2}`);
    expect(brief(before.body.items)).toEqual(['leaving discharge BAM 2025-03-28', 'leaving discharge GAD-7 2025-03-28', 'leaving discharge PHQ-9 2025-03-28']);
    expect((await measure(leaving.episodeId, 'GAD-7', gad7(3), '2025-03-27')).status).toBe(201);
    const after = await list('overdue', `asOf=2025-03-29&locationId=${L2}`);
    expect(brief(after.body.items)).toEqual(['leaving discharge BAM 2025-03-28', 'leaving discharge PHQ-9 2025-03-28']);
  });

  it('pages with limit and cursor', async () => {
    const first = await list('overdue', 'asOf=2025-03-29&limit=3');
    expect(first.body.items).toHaveLength(3);
    const second = await list('overdue', `asOf=2025-03-29&limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ nextCursor: null });
    expect(brief([...first.body.items, ...second.body.items])).toEqual([
      'active periodic BAM 2025-03-24', 'active periodic GAD-7 2025-03-24', 'active periodic PHQ-9 2025-03-24',
      'leaving discharge BAM 2025-03-28', 'leaving discharge PHQ-9 2025-03-28',
    ]);
  });

  it("refuses the due list's cursor on the overdue list, and a tampered or malformed cursor, as 400 problems", async () => {
    const due = await list('due', 'asOf=2025-03-22&limit=1');
    expect(due.body.nextCursor).toEqual(expect.any(String));
    const payload = JSON.parse(Buffer.from(due.body.nextCursor, 'base64url').toString('utf8'));
    const tampered = Buffer.from(JSON.stringify({ ...payload, k: ['2025-03-24', payload.k[1], payload.k[2], 'one'] })).toString('base64url');
    for (const [which, cursor] of [['overdue', due.body.nextCursor], ['due', tampered], ['due', 'MTI']] as const) {
      const res = await list(which, `asOf=2025-03-22&cursor=${cursor}`);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ type: 'https://iop.example/problems/invalid-cursor', errors: [{ path: 'cursor' }] });
    }
  });

  it('follows the tenant\'s schedule at once when an admin changes it', async () => {
    const admin = await kit.token(TENANT, ['admin']);
    const policy = { measurementSchedule: { instruments: ['PHQ-9'], baselineWithinDays: 5, intervalDays: 14, leadDays: 3, atDischarge: false }, followUps: { offsetsDays: [30], windowDays: 14 } };
    const bad = { ...policy, measurementSchedule: { ...policy.measurementSchedule, leadDays: 14 } };
    expect((await kit.app.request('PUT', '/v1/admin/outcome-settings', { token: admin, body: bad })).status).toBe(400);
    expect((await kit.app.request('PUT', '/v1/admin/outcome-settings', { token: admin, body: policy })).status).toBe(200);
    expect((await kit.app.request('GET', '/v1/admin/outcome-settings', { token: admin })).body).toEqual(policy);
    expect(brief((await list('overdue', 'asOf=2025-03-29')).body.items)).toEqual(['active periodic PHQ-9 2025-03-24']);
  });

  it('is for clinical roles only, per tenant, and audited per patient shown', async () => {
    expect((await list('due', 'asOf=2025-03-12', await kit.token(TENANT, ['analyst']))).status).toBe(403);
    expect((await list('overdue', 'asOf=2025-03-29', await kit.token('outcomes-due-other', ['clinician']))).body.items).toEqual([]);
    expect((await list('due', 'asOf=2025-13-01')).status).toBe(400);
    const { rows } = await kit.db.query("SELECT DISTINCT patient_id FROM audit_log WHERE actor = 'clinician-due' AND resource = 'measures/overdue'");
    expect(rows.map((r) => r.patient_id).sort()).toEqual([active.patientId, leaving.patientId].sort());
  });
});
