/**
 * Safety alerts against real PostgreSQL and Kafka: scheduling's roster and enrollment, outcomes' PHQ-9 item 9 signal
 * and drug screen, and this service's own crisis note all arrive as CloudEvents on Kafka; the alert is routed to whoever
 * is on call, acknowledged, resolved, escalated by the timer; what goes back on Kafka carries no summary text.
 */
import { randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import {
  crisisDocumentedV1, drugScreenResultedV1, fromKafkaMessage, onCallRosterChangedV1, safetyAlertRaisedV1, TOPICS, validateEvent,
} from '@iop/domain-events';
import { Commands, EventStore } from '@iop/event-store';
import { testKafka, uniqueId } from '@iop/testing';
import { ClinicalNotesKit, until, type Episode } from '../testing/clinical-notes.test-kit';
import { escalateOverdueAlerts } from './safety-alert-escalation.job';

const HOUR = 3_600_000;
const MARKER = `MARKER-${randomUUID()}`;
let kit: ClinicalNotesKit;
let drLee: string;
const locationId = randomUUID();

type Alert = { alertId: string; episodeId: string; signal: string; status: string; routedTo: string; routedToStaffId?: string; summary?: string; noteId?: string; escalatedAt?: string };

const alertsOf = async (e: Episode, query = ''): Promise<Alert[]> =>
  (await kit.t.request('GET', `/v1/safety-alerts?episodeId=${e.episodeId}${query}`, { token: drLee })).body.items;

/** A patient admitted ten days ago to the location whose on-call roster the tests set (the alert's routing reads it). */
function admitted(): Promise<Episode> {
  return kit.admit({ startDate: new Date(Date.now() - 10 * 24 * HOUR).toISOString().slice(0, 10), locationId });
}

const phq9 = (e: Episode, raisedAt = new Date().toISOString()) => kit.publish(safetyAlertRaisedV1, {
  ...safetyAlertRaisedV1.example, measureId: randomUUID(), episodeId: e.episodeId, patientId: e.patientId, raisedAt,
});

beforeAll(async () => {
  kit = await ClinicalNotesKit.start('safety-alerts', { CLINICAL_NOTES_SAFETY_ESCALATION_INTERVAL_MS: '0' });
  drLee = await kit.token(['clinician'], 'auth0|dr-lee');
  const now = Date.now();
  await kit.publish(onCallRosterChangedV1, {
    locationId, from: new Date(now - 2 * HOUR).toISOString(), to: new Date(now + 10 * HOUR).toISOString(), overlapAllowed: false, changedAt: new Date().toISOString(),
    shifts: [
      { staffId: 'auth0|kim', from: new Date(now - 2 * HOUR).toISOString(), to: new Date(now - HOUR).toISOString() },
      { staffId: 'auth0|dr-lee', from: new Date(now - HOUR).toISOString(), to: new Date(now + 10 * HOUR).toISOString() },
    ],
  });
});
afterAll(() => kit?.close());

describe('PHQ-9 item 9 -> alert -> acknowledge -> resolve', () => {
  it('opens one alert for the episode, routed to the clinician on call at the signal time', async () => {
    const episode = await admitted();
    await phq9(episode);
    await phq9(episode); // a second positive answer while the first alert is open adds nothing
    const alerts = await alertsOf(episode);
    expect(alerts).toEqual([expect.objectContaining({ signal: 'phq9-item9-positive', status: 'open', routedTo: 'on-call-clinician', routedToStaffId: 'auth0|dr-lee' })]);
    // Routed as of the signal's time: an hour and a half ago it was kim's shift.
    const earlier = await admitted();
    await phq9(earlier, new Date(Date.now() - 1.5 * HOUR).toISOString());
    expect((await alertsOf(earlier))[0]).toMatchObject({ routedToStaffId: 'auth0|kim' });

    const { alertId } = alerts[0];
    expect((await kit.t.request('POST', `/v1/safety-alerts/${alertId}/resolve`, { token: drLee, body: { summary: 'x' } })).status).toBe(409);
    const ack = await kit.t.request('POST', `/v1/safety-alerts/${alertId}/acknowledge`, { token: drLee });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'auth0|dr-lee' });
    expect((await kit.t.request('POST', `/v1/safety-alerts/${alertId}/acknowledge`, { token: drLee })).status).toBe(409);
    expect((await kit.t.request('POST', `/v1/safety-alerts/${alertId}/resolve`, { token: drLee, body: {} })).status).toBe(400);
    expect((await kit.t.request('POST', `/v1/safety-alerts/${alertId}/resolve`, { token: drLee, body: { noteId: randomUUID() } })).status).toBe(400);
    const resolved = await kit.t.request('POST', `/v1/safety-alerts/${alertId}/resolve`, { token: drLee, body: { summary: `Called the patient; safety plan reviewed. ${MARKER}` } });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolvedBy: 'auth0|dr-lee', summary: expect.stringContaining(MARKER) });
    expect(await alertsOf(episode, '&status=open')).toEqual([]);
    expect(await alertsOf(episode, '&status=resolved')).toHaveLength(1);

    // Resolved: the next signal opens a new alert.
    await phq9(episode);
    expect(await alertsOf(episode, '&status=open')).toHaveLength(1);

    const published = await readClinicalNotesTopic((types) => types.includes('iop.clinical-notes.SafetyAlertResolved.v1'));
    const ours = published.filter((m) => (m.data as { alertId?: string }).alertId === alertId);
    expect(ours.map((m) => m.type)).toEqual([
      'iop.clinical-notes.SafetyAlertOpened.v1', 'iop.clinical-notes.SafetyAlertAcknowledged.v1', 'iop.clinical-notes.SafetyAlertResolved.v1',
    ]);
    for (const m of ours) expect(validateEvent(m.type, m.data)).toEqual({ ok: true });
    expect(ours[2].data).toMatchObject({ summaryDocumented: true });
    expect(JSON.stringify(published)).not.toContain(MARKER);
  });

  it('routes to the supervisor role when nobody is on call (or the location is unknown), and says so', async () => {
    const unplaced = await kit.admit();
    await phq9(unplaced);
    expect((await alertsOf(unplaced))[0]).toMatchObject({ routedTo: 'supervisor' });
    expect((await alertsOf(unplaced))[0]).not.toHaveProperty('routedToStaffId');
    const episode = await admitted();
    await phq9(episode, new Date(Date.now() + 11 * HOUR).toISOString());
    expect((await alertsOf(episode))[0]).toMatchObject({ routedTo: 'supervisor' });
  });
});

describe('other signals', () => {
  it('a crisis note rated high or imminent, not moderate', async () => {
    const episode = await admitted();
    const noteId = randomUUID();
    await kit.publish(crisisDocumentedV1, { ...crisisDocumentedV1.example, noteId: randomUUID(), episodeId: episode.episodeId, patientId: episode.patientId, riskLevel: 'moderate', documentedAt: new Date().toISOString() });
    expect(await alertsOf(episode)).toEqual([]);
    await kit.publish(crisisDocumentedV1, { ...crisisDocumentedV1.example, noteId, episodeId: episode.episodeId, patientId: episode.patientId, riskLevel: 'imminent', documentedAt: new Date().toISOString() });
    expect(await alertsOf(episode)).toEqual([expect.objectContaining({ signal: 'crisis-high-risk', routedToStaffId: 'auth0|dr-lee' })]);
  });

  it('a crisis note signed here reaches the worklist through the bus', async () => {
    const episode = await admitted();
    const alice = await kit.token(['clinician'], 'alice');
    const draft = await kit.t.request('POST', '/v1/notes', {
      token: alice, body: { episodeId: episode.episodeId, type: 'crisis', body: `crisis ${MARKER}`, crisis: { riskLevel: 'high', safetyPlan: 'Plan.' } },
    });
    expect(draft.status).toBeLessThan(300);
    expect((await kit.t.request('POST', `/v1/notes/${draft.body.noteId}/sign`, { token: alice })).status).toBeLessThan(300);
    await until(async () => (await alertsOf(episode)).length === 1, 30_000);
    const [alert] = await alertsOf(episode);
    expect(alert).toMatchObject({ signal: 'crisis-high-risk' });
    await kit.t.request('POST', `/v1/safety-alerts/${alert.alertId}/acknowledge`, { token: drLee });
    const resolved = await kit.t.request('POST', `/v1/safety-alerts/${alert.alertId}/resolve`, { token: drLee, body: { noteId: draft.body.noteId } });
    expect(resolved.body).toMatchObject({ status: 'resolved', noteId: draft.body.noteId });
  });

  it('a positive drug screen after an unexcused absence within the window', async () => {
    const episode = await admitted();
    const today = new Date().toISOString().slice(0, 10);
    const screen = (results: { analyte: string; result: 'positive' | 'negative' }[]) => kit.publish(drugScreenResultedV1, {
      screenId: randomUUID(), episodeId: episode.episodeId, patientId: episode.patientId, collectedOn: today, results,
    });
    await screen([{ analyte: 'fentanyl', result: 'positive' }]);
    expect(await alertsOf(episode)).toEqual([]); // no absence yet
    await kit.attend(episode, { status: 'absent-unexcused', minutesAttended: 0, sessionStartsAt: new Date(Date.now() - 2 * 24 * HOUR).toISOString() });
    await screen([{ analyte: 'fentanyl', result: 'negative' }]);
    expect(await alertsOf(episode)).toEqual([]);
    await screen([{ analyte: 'fentanyl', result: 'positive' }]);
    expect(await alertsOf(episode)).toEqual([expect.objectContaining({ signal: 'missed-session-positive-screen' })]);
  });
});

describe('escalation and settings', () => {
  it('escalates an unacknowledged alert past the clinic\'s time to the supervisor, once', async () => {
    const admin = await kit.token(['admin']);
    expect((await kit.t.request('GET', '/v1/safety-alert-settings', { token: drLee })).body).toEqual({ escalateAfterMinutes: 30, missedSessionWindowDays: 7 });
    expect((await kit.t.request('PUT', '/v1/safety-alert-settings', { token: drLee, body: { escalateAfterMinutes: 10, missedSessionWindowDays: 7 } })).status).toBe(403);
    expect((await kit.t.request('PUT', '/v1/safety-alert-settings', { token: admin, body: { escalateAfterMinutes: 10, missedSessionWindowDays: 7 } })).status).toBe(200);
    const episode = await admitted();
    await phq9(episode);
    const store = kit.t.app.get(EventStore);
    const commands = kit.t.app.get(Commands);
    await escalateOverdueAlerts(store, commands, new Date(Date.now() + 5 * 60_000), kit.tenant);
    expect((await alertsOf(episode))[0]).not.toHaveProperty('escalatedAt');
    expect(await escalateOverdueAlerts(store, commands, new Date(Date.now() + 11 * 60_000), kit.tenant)).toBeGreaterThanOrEqual(1);
    const [escalated] = await alertsOf(episode);
    expect(escalated).toMatchObject({ status: 'open', escalatedAt: expect.any(String) });
    await escalateOverdueAlerts(store, commands, new Date(Date.now() + 12 * 60_000), kit.tenant);
    expect((await alertsOf(episode))[0].escalatedAt).toBe(escalated.escalatedAt);
  });

  it('is for the clinical roles: front desk, intake and analysts get 403', async () => {
    for (const role of ['front-desk', 'intake', 'analyst', 'admin']) {
      expect([role, (await kit.t.request('GET', '/v1/safety-alerts', { token: await kit.token([role]) })).status]).toEqual([role, 403]);
    }
    expect((await kit.t.request('GET', '/v1/safety-alerts', { token: await kit.token(['nurse']) })).status).toBe(200);
  });
});

async function readClinicalNotesTopic(done: (types: string[]) => boolean): Promise<{ type: string; data: unknown }[]> {
  const consumer = testKafka().consumer({ groupId: uniqueId('safety-scan'), maxWaitTimeInMs: 200 });
  const seen: { type: string; data: unknown; raw: string }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [kit.prefix + TOPICS.clinicalNotes], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }: { message: KafkaMessage }) => {
      const parsed = fromKafkaMessage(message);
      if (parsed.ok) seen.push({ type: parsed.event.type, data: parsed.event.data, raw: message.value?.toString() ?? '' });
    },
  });
  try {
    await until(() => done(seen.map((m) => m.type)), 30_000);
    return seen;
  } finally {
    await consumer.disconnect();
  }
}
