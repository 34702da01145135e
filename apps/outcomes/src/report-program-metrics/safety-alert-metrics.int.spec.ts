/**
 * Time to acknowledge and to resolve safety alerts as program metrics: clinical notes' alert events arrive through
 * Kafka, the metrics answer median and 90th percentile minutes with their counts, by location, and analysts see no
 * figure about fewer than 11 patients.
 */
import { randomUUID } from 'node:crypto';
import {
  type Contract, patientAdmittedV1, type PublicEvent, safetyAlertAcknowledgedV1, safetyAlertOpenedV1, safetyAlertResolvedV1, TOPICS, toPublicEvent,
  validateEvent,
} from '@iop/domain-events';
import { type OutcomesKit, startOutcomesKit } from '../testing/outcomes.test-kit';

const TENANT = `alerts-${randomUUID().slice(0, 8)}`;
const L1 = randomUUID();
const L2 = randomUUID();
const OPENED = Date.parse('2026-03-10T02:00:00.000Z');
const at = (minutes: number) => new Date(OPENED + minutes * 60_000).toISOString();
const event = <T>(contract: Contract<T>, data: T): PublicEvent =>
  toPublicEvent(contract, { id: randomUUID(), subject: randomUUID(), time: new Date().toISOString(), tenantId: TENANT, correlationId: randomUUID() }, data) as PublicEvent;

/** One episode's admission and alert: opened, then acknowledged and resolved after the given minutes (null: not yet). */
function alertEvents(locationId: string, ackMinutes: number | null, resolveMinutes: number | null): PublicEvent[] {
  const base = { alertId: randomUUID(), episodeId: randomUUID(), patientId: randomUUID(), signal: 'phq9-item9-positive' as const, openedAt: at(0) };
  const admitted = event(patientAdmittedV1, {
    ...patientAdmittedV1.example, episodeId: base.episodeId, patientId: base.patientId, referralId: randomUUID(), locationId, startDate: '2026-03-02',
    admittedAt: '2026-02-27T15:00:00Z',
  });
  const events = [admitted, event(safetyAlertOpenedV1, { ...base, locationId, signalAt: at(0), routedTo: 'supervisor' })];
  if (ackMinutes !== null) events.push(event(safetyAlertAcknowledgedV1, { ...base, acknowledgedBy: 'auth0|dr-lee', acknowledgedAt: at(ackMinutes) }));
  if (resolveMinutes !== null) events.push(event(safetyAlertResolvedV1, { ...base, summaryDocumented: true, resolvedBy: 'auth0|dr-lee', resolvedAt: at(resolveMinutes) }));
  return events;
}

describe('safety alert response times', () => {
  let kit: OutcomesKit;
  const metrics = async (query: string, roles = ['admin'], range = 'from=2026-03-01&to=2026-03-31') =>
    (await kit.app.request('GET', `/v1/metrics/program?${range}${query}`, { token: await kit.token(TENANT, roles) })).body;

  beforeAll(async () => {
    kit = await startOutcomesKit();
    // L1: acknowledged after 2..12 minutes (11 alerts), resolved after 30..130 (the last one not yet); L2: one alert.
    const all = [...Array.from({ length: 11 }, (_, i) => alertEvents(L1, 2 + i, i === 10 ? null : 30 + 10 * i)).flat(), ...alertEvents(L2, 60, null)];
    // Admissions first: a stage of an alert outcomes has no episode for waits (retried) until the admission arrives.
    await kit.publish(all.filter((e) => e.type === patientAdmittedV1.type));
    await kit.until(() => kit.db.query('SELECT count(*) AS n FROM outcome_episodes').then((r) => Number(r.rows[0].n)), (n) => n === 12);
    await kit.publish(all.filter((e) => e.type !== patientAdmittedV1.type));
    await kit.until(() => kit.db.query('SELECT count(*) FILTER (WHERE acknowledged_at IS NOT NULL) AS n FROM outcome_safety_alerts').then((r) => Number(r.rows[0].n)), (n) => n === 12);
    await kit.until(() => kit.db.query('SELECT count(*) FILTER (WHERE resolved_at IS NOT NULL) AS n FROM outcome_safety_alerts').then((r) => Number(r.rows[0].n)), (n) => n === 10);
  }, 60_000);
  afterAll(() => kit?.close());

  it('answers median and p90 minutes with counts, by location', async () => {
    const l1 = await metrics(`&locationId=${L1}`);
    expect(l1.safetyAlertTimeToAcknowledgeMinutes).toEqual({ median: 7, p90: 11, count: 11, patients: 11 });
    // Resolved after 30, 40, ..., 120: median 75, nearest-rank p90 the 9th of 10.
    expect(l1.safetyAlertTimeToResolveMinutes).toEqual({ median: 75, p90: 110, count: 10, patients: 10 });
    expect((await metrics('')).safetyAlertTimeToAcknowledgeMinutes).toMatchObject({ count: 12 });
    expect((await metrics('', ['admin'], 'from=2026-04-01&to=2026-04-30')).safetyAlertTimeToAcknowledgeMinutes).toEqual({ median: null, p90: null, count: 0, patients: 0 });
  });

  it('gives analysts each stage in minutes, under pseudonyms, with no id or instant', async () => {
    const messages = await kit.readTopic(TOPICS.analytics, (m) => m.filter((x) => String(x.headers?.ce_type).includes('SafetyAlertTimed')).length >= 22);
    const timed = messages.filter((m) => String(m.headers?.ce_type).includes('SafetyAlertTimed')).map((m) => JSON.parse(m.value!.toString()));
    expect(timed).toHaveLength(22);
    for (const data of timed) expect(validateEvent('iop.analytics.SafetyAlertTimed.v1', data)).toEqual({ ok: true });
    expect(timed.filter((d) => d.stage === 'resolved').map((d) => d.minutesFromOpening).sort((a, b) => a - b)).toEqual([30, 40, 50, 60, 70, 80, 90, 100, 110, 120]);
    expect(JSON.stringify(timed)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|2026-03/);
  });

  it('suppresses for analysts what concerns 1 to 10 patients', async () => {
    const l1 = await metrics(`&locationId=${L1}`, ['analyst']);
    expect(l1.safetyAlertTimeToAcknowledgeMinutes).toEqual({ median: 7, p90: 11, count: 11, patients: 11 });
    expect(l1.safetyAlertTimeToResolveMinutes).toEqual({ median: null, p90: null, count: null, patients: null, suppressed: true });
  });
});
