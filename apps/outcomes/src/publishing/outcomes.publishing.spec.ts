import { CE_HEADERS, TOPICS, validateEvent } from '@iop/domain-events';
import type { StoredEvent } from '@iop/event-store';
import type { EpisodeEvent } from '../domain/episode/episode.events';
import { admitted, closed, EPISODE_ID, followUpIds, opened, PATIENT_ID, scheduled } from '../domain/episode/episode.fixtures';
import { analyticsPseudonymizer } from './analytics-keys';
import { deidentifiedMessage } from './analytics-publisher';
import { onTopic, outcomesPublicMapping } from './outcomes.publishing';

const p = analyticsPseudonymizer({ IOP_ENV: 'development' });
const mapping = outcomesPublicMapping(p);
const stored = (e: EpisodeEvent, i = 0): StoredEvent => ({
  ...e, id: `e0000000-0000-4000-8000-00000000000${i}`, schemaVersion: 1, streamId: `episode-${EPISODE_ID}`, streamType: 'episode',
  streamVersion: i + 1, globalPosition: String(i + 1), transactionId: '1', recordedAt: new Date('2026-02-17T13:45:12Z'),
  metadata: { tenantId: 'clinic-a', actor: { subject: 'dr-jones' }, correlationId: 'request-42', causationId: 'admissions-event-1', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
});
const measured: EpisodeEvent = {
  type: 'MeasureRecorded',
  data: {
    measureId: 'a0000000-0000-4000-8000-00000000000a', episodeId: EPISODE_ID, patientId: PATIENT_ID, instrument: 'PHQ-9', answers: [1, 1, 1, 1, 1, 1, 1, 1, 1],
    scores: { total: 9 }, band: 'mild', safetyAlert: true, scoringVersion: 'phq9-2001', codeSystem: 'http://loinc.org', code: '44261-6',
    administeredAt: '2025-03-12T18:10:00-04:00', administeredBy: 'dr-jones', daysSinceStart: 2,
  },
};
const { followUpId, sequence } = scheduled[0].data as { followUpId: string; sequence: number };
const lost: EpisodeEvent = { type: 'FollowUpLost', data: { followUpId, episodeId: EPISODE_ID, patientId: PATIENT_ID, sequence, offsetDays: 30, lostAt: '2025-06-16T00:00:00Z' } };
const events = [opened, measured, closed, ...scheduled, lost].map(stored);

describe('the public mapping', () => {
  it('maps every event to valid contracts on the outcomes and analytics topics', () => {
    const messages = events.flatMap(mapping);
    for (const m of messages) expect([m.contract.type, validateEvent(m.contract.type, m.data)]).toEqual([m.contract.type, { ok: true }]);
    expect(messages.map((m) => m.contract.type)).toEqual([
      'iop.analytics.EpisodeStarted.v1', 'iop.outcomes.MeasureRecorded.v1', 'iop.analytics.MeasureRecorded.v1', 'iop.analytics.EpisodeEnded.v1',
      'iop.outcomes.FollowUpScheduled.v1', 'iop.outcomes.FollowUpScheduled.v1', 'iop.outcomes.FollowUpScheduled.v1',
      'iop.outcomes.FollowUpLost.v1', 'iop.analytics.FollowUpOutcome.v1',
    ]);
  });

  it('retracts a cancelled episode for analysts: EpisodeCancelled under the same pseudonyms as its EpisodeStarted, dated to the month', () => {
    const cancelled: EpisodeEvent = { type: 'EpisodeCancelled', data: { episodeId: EPISODE_ID, patientId: PATIENT_ID, cancelledAt: '2025-03-06T09:15:00-05:00' } };
    const [started] = mapping(stored(opened));
    const messages = mapping(stored(cancelled, 1));
    expect(messages.map((m) => m.contract.type)).toEqual(['iop.analytics.EpisodeCancelled.v1']);
    expect(validateEvent(messages[0].contract.type, messages[0].data)).toEqual({ ok: true });
    const { subjectKey, episodeKey, keyVersion } = started.data as Record<string, unknown>;
    expect(messages[0].data).toEqual({ subjectKey, episodeKey, keyVersion, cancelledMonth: '2025-03' });
  });

  it('publishes scores but never raw answers or staff ids', () => {
    const text = JSON.stringify(events.flatMap(mapping).map((m) => m.data));
    expect(text).not.toMatch(/answers|dr-jones|administeredBy|recordedBy/);
  });

  it('gives analysts pseudonyms, months and day counts: no ids and no exact dates', () => {
    const analytics = events.flatMap(onTopic(mapping, TOPICS.analytics));
    const text = JSON.stringify(analytics.map((m) => m.data));
    for (const id of [EPISODE_ID, PATIENT_ID, admitted.referralId, measured.data.measureId, followUpIds[0]]) expect(text).not.toContain(id);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(analytics[0].data).toMatchObject({ admittedMonth: '2025-03', daysFromReferral: 4, keyVersion: 1, subjectKey: p.subjectKey('clinic-a', PATIENT_ID) });
    expect(analytics[2].data).toMatchObject({ lengthOfStayDays: 53, dischargedMonth: '2025-05' });
  });
});

describe('session attendance for analysts', () => {
  const attended = (alumni: boolean, extra: object = {}): EpisodeEvent => ({
    type: 'SessionAttendanceNoted',
    data: {
      episodeId: EPISODE_ID, patientId: PATIENT_ID, sessionId: 'c0000000-0000-4000-8000-00000000000c', status: 'present', minutesAttended: 90,
      sessionDate: '2025-03-13', sessionType: 'smart-recovery', locationId: admitted.locationId, daysSinceStart: 3, alumni, ...extra,
    },
  });

  it('tells analysts the type of session attended, the day of the program and whether it was an alumnus\' session, under pseudonyms', () => {
    const [message, ...rest] = mapping(stored(attended(true)));
    expect(rest).toEqual([]);
    expect(message.contract.type).toBe('iop.analytics.SessionAttended.v1');
    expect(validateEvent(message.contract.type, message.data)).toEqual({ ok: true });
    expect(message.data).toEqual({
      subjectKey: p.subjectKey('clinic-a', PATIENT_ID), episodeKey: p.episodeKey('clinic-a', EPISODE_ID), keyVersion: 1,
      locationId: p.locationId('clinic-a', admitted.locationId), sessionType: 'smart-recovery', status: 'present', minutesAttended: 90, daysSinceStart: 3, alumni: true,
    });
    expect(JSON.stringify(message.data)).not.toMatch(/2025-03-13|c0000000/);
  });

  it('publishes nothing for attendance noted before the session type was kept', () => {
    expect(mapping(stored(attended(false, { sessionType: undefined, locationId: undefined, daysSinceStart: undefined })))).toEqual([]);
  });
});

describe('the analytics envelope', () => {
  const event = events[1];
  const [out] = onTopic(mapping, TOPICS.analytics)(event);
  const message = deidentifiedMessage(event, out, 0, p);

  it('names the subject by its pseudonym and dates it to the month only', () => {
    expect(message.key).toBe(p.subjectKey('clinic-a', PATIENT_ID));
    expect(message.headers[CE_HEADERS.subject]).toBe(message.key);
    expect(message.headers[CE_HEADERS.time]).toBe('2026-02-01T00:00:00Z');
    // The record timestamp too: left to the producer it would be the moment of publishing.
    expect(message.timestamp).toBe(String(Date.parse('2026-02-01T00:00:00Z')));
  });

  it('names the clinic and its sites by pseudonyms, never by the ids other topics carry', () => {
    expect(message.headers[CE_HEADERS.tenantId]).toBe(p.tenantId('clinic-a'));
    expect(message.headers[CE_HEADERS.tenantId]).toMatch(/^anon-[0-9a-f]{40}$/);
    expect(message.headers[CE_HEADERS.source]).toBe(`/tenants/${p.tenantId('clinic-a')}/analytics`);
    expect(JSON.stringify(message)).not.toContain('clinic-a');
    const started = deidentifiedMessage(events[0], onTopic(mapping, TOPICS.analytics)(events[0])[0], 0, p);
    const locationId = (events[0].data as { locationId: string }).locationId;
    expect(JSON.stringify(started)).not.toContain(locationId);
    expect(JSON.parse(started.value).locationId).toBe(p.locationId('clinic-a', locationId));
    expect(p.tenantId('clinic-b')).not.toBe(p.tenantId('clinic-a'));
  });

  it('carries no id, correlation, causation or trace that links it to identified events', () => {
    const headers = JSON.stringify(message.headers);
    for (const linkable of [event.id, 'request-42', 'admissions-event-1', '0af7651916cd43dd8448eb211c80319c', event.streamId]) expect(headers).not.toContain(linkable);
    expect(message.headers).not.toHaveProperty(CE_HEADERS.causationId);
    expect(message.headers).not.toHaveProperty(CE_HEADERS.traceparent);
    expect(deidentifiedMessage(event, out, 0, p).headers[CE_HEADERS.id]).toBe(message.headers[CE_HEADERS.id]);
  });
});
