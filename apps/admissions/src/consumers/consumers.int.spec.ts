/**
 * Other services' events on Kafka (real CloudEvents, in this file's topic namespace) into admissions: locations,
 * continued-stay evidence and the evidence-triggered reviews; and admissions' own public events out to Kafka.
 */
import { randomUUID } from 'node:crypto';
import type { KafkaMessage, Producer } from 'kafkajs';
import {
  attendanceRuleBreachedV1, type Contract, contractFor, dimensionalReassessmentRecordedV1, fhirDisclosureRecordedV1, fromKafkaMessage, goalStatusChangedV1,
  locationConfiguredV1, measureRecordedV1, safetyAlertRaisedV1, toKafkaMessage, toPublicEvent, TOPICS, weeklyAttendanceSummarizedV1,
} from '@iop/domain-events';
import { testKafka, uniqueId } from '@iop/testing';
import { daysFromToday, eventually, type Harness, startAdmissions, today } from '../testing/admissions-test-app';
import { DISCLOSURE_RECORDED } from './webhooks.consumer';

describe('consumed and published events', () => {
  let h: Harness;
  let producer: Producer;
  beforeAll(async () => {
    h = await startAdmissions('consumers');
    producer = testKafka('admissions-consumers-spec').producer();
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await h?.close();
  });

  async function publish<T>(contract: Contract<T>, data: T, opts: { tenant?: string; id?: string } = {}): Promise<string> {
    const id = opts.id ?? randomUUID();
    const event = toPublicEvent(contract, { id, subject: 'test', time: new Date().toISOString(), tenantId: opts.tenant ?? h.tenant, correlationId: randomUUID() }, data);
    const key = String((data as Record<string, unknown>)[contract.key]);
    await producer.send({ topic: h.prefix + contract.topic, messages: [toKafkaMessage(key, event)] });
    return id;
  }
  const rows = async (sql: string, params: unknown[]) => (await h.pool.query(sql, params)).rows;
  const reviewsOf = (episodeId: string) => rows('SELECT trigger, recommendation, evidence FROM reviews WHERE episode_id = $1 ORDER BY reviewed_at', [episodeId]);

  it('learns locations from scheduling: the latest configuration wins, and admissions check tracks against it', async () => {
    const locationId = randomUUID();
    const block = (track: 'evening' | 'morning') => ({ track, days: ['MON' as const, 'WED' as const], start: '18:00', end: '21:00' });
    await publish(locationConfiguredV1, { locationId, name: 'Riverside', timezone: 'America/New_York', blocks: [block('evening')], configuredAt: '2025-03-01T08:00:00Z' });
    await publish(locationConfiguredV1, { locationId, name: 'Riverside', timezone: 'America/New_York', blocks: [block('morning')], configuredAt: '2025-02-01T08:00:00Z' });
    await eventually(async () => (await rows('SELECT 1 FROM locations WHERE location_id = $1', [locationId])).length > 0);
    await new Promise((r) => setTimeout(r, 500));
    const { referralId } = await h.refer();
    await h.assess(referralId);
    const admit = (track: string) => h.call('POST', `/v1/referrals/${referralId}/admission`, 'intake', { locationId, track, startDate: today(), levelOfCare: '2.1' });
    expect((await admit('morning')).status).toBe(400);
    expect((await admit('evening')).status).toBe(201);
  });

  it('turns attendance, reassessments, goals, measures and alerts into evidence, reviewing the episode on each', async () => {
    const { episodeId, patientId, locationId } = await h.admitted();
    const now = new Date().toISOString();
    const rule = { minHoursPerDay: 3, minDaysPerWeek: 4 };
    await publish(weeklyAttendanceSummarizedV1, { episodeId, patientId, locationId, weekStart: today(), hoursAttended: 6, daysAttended: 2, daysWithMinimumHours: 2, compliant: false, rule, summarizedAt: now });
    await publish(attendanceRuleBreachedV1, { episodeId, patientId, locationId, weekStart: today(), hoursAttended: 6, requiredHours: 12, rule: 'program-hours', breachedAt: now });
    await publish(dimensionalReassessmentRecordedV1, { reassessmentId: randomUUID(), episodeId, patientId, criteriaEdition: 3, ratings: { d1: 0, d2: 1, d3: 2, d4: 2, d5: 3, d6: 2 }, recordedAt: now });
    await publish(goalStatusChangedV1, { planId: randomUUID(), goalId: randomUUID(), episodeId, patientId, from: 'not-started', to: 'in-progress', changedAt: now });
    await publish(measureRecordedV1, { measureId: randomUUID(), episodeId, patientId, instrument: 'PHQ-9', scores: { total: 21 }, band: 'severe', safetyAlert: true, scoringVersion: 'phq9-2001', administeredAt: now });
    await publish(safetyAlertRaisedV1, { measureId: randomUUID(), episodeId, patientId, instrument: 'PHQ-9', reason: 'phq9-item9-positive', raisedAt: now });
    const reviews = await eventually(async () => { const r = await reviewsOf(episodeId); return r.length === 6 && r; });
    expect(reviews.every((r) => r.trigger === 'evidence')).toBe(true);
    // The topics are consumed in parallel: the clinician's review afterwards sees every piece of evidence.
    const review = await h.call('POST', `/v1/episodes/${episodeId}/reviews`, 'clinician');
    expect(review.body.evidence).toMatchObject({
      weeks: [{ hoursAttended: 6, compliant: false }], breaches: [{ rule: 'program-hours', requiredHours: 12 }], programRule: rule,
      latestRatings: { d5: 3 }, goals: { inProgress: 1 }, recentMeasures: { phq9: { total: 21 } }, safetyAlertsOpen: 1,
    });
  });

  it('applies a redelivered event once, and ignores events about episodes of another tenant', async () => {
    const { episodeId, patientId } = await h.admitted();
    const data = { reassessmentId: randomUUID(), episodeId, patientId, criteriaEdition: 3 as const, ratings: { d1: 0, d2: 0, d3: 1, d4: 1, d5: 1, d6: 1 }, recordedAt: new Date().toISOString() };
    const id = await publish(dimensionalReassessmentRecordedV1, data);
    await publish(dimensionalReassessmentRecordedV1, data, { id });
    await publish(goalStatusChangedV1, { planId: randomUUID(), goalId: randomUUID(), episodeId, patientId, from: 'in-progress', to: 'achieved', changedAt: new Date().toISOString() }, { tenant: 'adm-intruder' });
    const marker = await h.admitted();
    await publish(dimensionalReassessmentRecordedV1, { ...data, reassessmentId: randomUUID(), episodeId: marker.episodeId, patientId: marker.patientId });
    await eventually(async () => (await reviewsOf(marker.episodeId)).length === 1);
    expect(await reviewsOf(episodeId)).toHaveLength(1);
    expect(await rows('SELECT tenant_id FROM evidence_goals WHERE episode_id = $1', [episodeId])).toEqual([{ tenant_id: 'adm-intruder' }]);
    expect(await rows('SELECT count(*)::int AS n FROM dead_letters', [])).toEqual([{ n: 0 }]);
  });

  /** Everything on this file's iop.admissions.v1, read from the beginning, as a consumer would receive it. */
  async function readAdmissionsTopic(): Promise<{ seen: KafkaMessage[]; stop: () => Promise<void> }> {
    const seen: KafkaMessage[] = [];
    const consumer = testKafka().consumer({ groupId: uniqueId('admissions-reader'), maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topic: h.prefix + TOPICS.admissions, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message) });
    return { seen, stop: () => consumer.disconnect() };
  }

  it('publishes PatientReferred and PatientAdmitted on iop.admissions.v1, without the name or date of birth', async () => {
    const { episodeId, patientId } = await h.admitted({ referral: { patient: { firstName: 'Dana', lastName: 'Quinn', dateOfBirth: '1990-05-04' } } });
    const { seen, stop } = await readAdmissionsTopic();
    try {
      const admitted = await eventually(async () => seen.map((m) => fromKafkaMessage(m)).find((r) => r.ok && r.event.type === 'iop.admissions.PatientAdmitted.v1' && (r.event.data as { episodeId: string }).episodeId === episodeId));
      if (!admitted.ok) throw new Error(admitted.reason);
      expect(admitted.key).toBe(episodeId);
      expect(admitted.event).toMatchObject({ tenantId: h.tenant, subject: `episode-${episodeId}` });
      expect(admitted.event.data).toMatchObject({ patientId, displayName: 'Dana Q.', levelOfCare: '2.1', track: 'evening', levelOverridden: false });
      expect(JSON.stringify(admitted.event.data)).not.toMatch(/Quinn|1990-05-04/);
      expect(seen.some((m) => m.headers?.ce_type?.toString() === 'iop.admissions.PatientReferred.v1' && m.key?.toString() === patientId)).toBe(true);
    } finally {
      await stop();
    }
  });

  it('publishes every public event of the journey, each valid against its contract', async () => {
    const { episodeId, patientId } = await h.admitted();
    await h.call('POST', `/v1/episodes/${episodeId}/level-changes`, 'clinician', { toLevel: '2.5', reason: 'D3 worse' });
    await h.call('POST', `/v1/episodes/${episodeId}/reviews`, 'clinician');
    const consent = await h.call('POST', `/v1/patients/${patientId}/consents`, 'intake', { recipient: 'payer:acme', purpose: 'payment', information: ['attendance', 'discharge'], expiresAt: '2099-01-01T00:00:00-05:00' });
    await h.call('POST', `/v1/consents/${consent.body.consentId}/revoke`, 'intake', { information: ['attendance'] });
    const discharged = await h.call('POST', `/v1/episodes/${episodeId}/discharge`, 'clinician', { reason: 'step-up', dischargedAt: new Date().toISOString(), joinAlumni: true, overrideReason: 'to residential' });
    expect(discharged.status).toBe(201);
    const { seen, stop } = await readAdmissionsTopic();
    try {
      const mine = () => seen.map((m) => fromKafkaMessage(m)).filter((r) => r.ok && (r.event.data as { patientId?: string }).patientId === patientId);
      const types = await eventually(async () => { const t = new Set(mine().map((r) => r.ok && r.event.type)); return t.size === 8 && t; });
      expect([...types].sort()).toEqual(['AlumniEnrolled', 'ConsentGranted', 'ConsentRevoked', 'ContinuedStayReviewed', 'LevelOfCareChanged', 'PatientAdmitted', 'PatientDischarged', 'PatientReferred'].map((n) => `iop.admissions.${n}.v1`));
    } finally {
      await stop();
    }
  });

  it('publishes EpisodeCancelled when a planned episode is cancelled, keyed by the episode and without the reason', async () => {
    const { episodeId, patientId } = await h.admitted({ startDate: daysFromToday(7) });
    const cancelled = await h.call('POST', `/v1/episodes/${episodeId}/cancel`, 'intake', { reason: 'Insurance denied for Quinn' });
    expect(cancelled.body).toEqual({ episodeId, status: 'cancelled' });
    const { seen, stop } = await readAdmissionsTopic();
    try {
      const found = await eventually(async () => seen.map((m) => fromKafkaMessage(m)).find((r) => r.ok && r.event.type === 'iop.admissions.EpisodeCancelled.v1' && (r.event.data as { episodeId: string }).episodeId === episodeId));
      if (!found.ok) throw new Error(found.reason);
      expect(found.key).toBe(episodeId);
      expect(found.event).toMatchObject({ tenantId: h.tenant, subject: `episode-${episodeId}` });
      expect(found.event.data).toEqual({ episodeId, patientId, cancelledAt: expect.any(String) });
      expect(JSON.stringify(found.event.data)).not.toMatch(/Insurance|Quinn/);
    } finally {
      await stop();
    }
  });

  it('logs disclosures from the webhooks service for the accounting of disclosures', async () => {
    const contract = contractFor(DISCLOSURE_RECORDED)! as Contract<Record<string, unknown>>;
    const { patientId } = await h.refer();
    const disclosureId = randomUUID();
    await publish(contract, { disclosureId, patientId, recipient: 'payer:acme-health', purpose: 'payment', eventType: 'iop.admissions.PatientAdmitted.v1', eventId: randomUUID(), disclosedAt: new Date().toISOString() });
    await eventually(async () => (await rows('SELECT 1 FROM disclosures WHERE disclosure_id = $1', [disclosureId])).length > 0);
  });

  it('logs the FHIR facade\'s disclosures too, with their interaction and resources', async () => {
    const { patientId } = await h.refer();
    const disclosureId = randomUUID();
    const resources = [`Patient/${patientId}`];
    await publish(fhirDisclosureRecordedV1 as Contract<Record<string, unknown>>, {
      disclosureId, patientId, recipient: 'payer:acme-health', purpose: 'payment', consentId: randomUUID(), interaction: 'read', resources, disclosedAt: new Date().toISOString(),
    });
    await eventually(async () => (await rows("SELECT 1 FROM disclosures WHERE disclosure_id = $1 AND channel = 'fhir' AND interaction = 'read' AND event_type IS NULL", [disclosureId])).length > 0);
  });
});
