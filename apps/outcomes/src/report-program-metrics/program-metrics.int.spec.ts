/**
 * A synthetic cohort fed as real CloudEvents through Kafka (admissions, attendance, discharges), then measures
 * and follow-up results over HTTP; every program metric is worked out by hand below. Afterwards the analysts'
 * stream is scanned: no name, date of birth, patient, episode or referral id, exact date or linkable header.
 */
import { ConfigResourceTypes, type KafkaMessage } from 'kafkajs';
import { TOPICS, validateEvent } from '@iop/domain-events';
import { gad7, phq9 } from '../testing/outcomes.fixtures';
import { type OutcomesKit, startOutcomesKit } from '../testing/outcomes.test-kit';
import { testKafka } from '@iop/testing';
import { admissions, alumniAttendance, attendance, COHORT, discharges, L1, L2, OTHER_TENANT, TENANT } from '../testing/synthetic-cohort.fixtures';

const RANGE = 'from=2025-01-01&to=2025-06-30';
const count = (kit: OutcomesKit, sql: string) => kit.db.query(sql).then((r) => Number(r.rows[0].n));

async function feedCohort(kit: OutcomesKit): Promise<void> {
  await kit.publish(admissions());
  await kit.until(() => count(kit, 'SELECT count(*) AS n FROM outcome_episodes'), (n) => n === COHORT.length);
  await kit.publish(attendance());
  const replaced = "SELECT count(*) AS n FROM outcome_session_attendance WHERE status = 'absent-excused'";
  await kit.until(async () => [await count(kit, 'SELECT count(*) AS n FROM outcome_attendance_weeks'), await count(kit, replaced)], ([w, r]) => w === 11 && r === 1);
  await kit.publish(discharges());
  await kit.until(() => count(kit, 'SELECT count(*) AS n FROM outcome_follow_ups'), (n) => n === COHORT.length * 3);
  await kit.publish(alumniAttendance());
  await kit.until(() => count(kit, 'SELECT count(*) AS n FROM outcome_session_attendance WHERE alumni'), (n) => n === 7);
}

async function recordMeasuresAndFollowUps(kit: OutcomesKit): Promise<void> {
  for (const { episode, measures, followUps } of COHORT) {
    const token = await kit.token(episode.tenantId, ['clinician']);
    for (const [instrument, day, total] of measures) {
      const answers = instrument === 'PHQ-9' ? phq9(total) : gad7(total);
      const res = await kit.app.request('POST', '/v1/measures', { token, body: { episodeId: episode.episodeId, instrument, answers, administeredAt: `${day}T18:30:00-05:00` } });
      expect([res.status, res.body.scores]).toEqual([201, { total }]);
    }
    for (const [sequence, day, abstinent, total] of followUps) {
      const { rows } = await kit.db.query('SELECT follow_up_id FROM outcome_follow_ups WHERE episode_id = $1 AND sequence = $2', [episode.episodeId, sequence]);
      const measuresAtContact = total === undefined ? undefined : [{ instrument: 'PHQ-9', answers: phq9(total) }];
      const body = { abstinent, completedAt: `${day}T10:00:00-04:00`, measures: measuresAtContact };
      expect((await kit.app.request('POST', `/v1/follow-ups/${rows[0].follow_up_id}/result`, { token, body })).status).toBe(201);
    }
  }
}

describe('program metrics of a synthetic cohort', () => {
  let kit: OutcomesKit;
  let analyst: string;
  let admin: string;
  const metrics = async (query: string, token = admin) => kit.app.request('GET', `/v1/metrics/program?${query}`, { token });

  beforeAll(async () => {
    kit = await startOutcomesKit();
    analyst = await kit.token(TENANT, ['analyst']);
    admin = await kit.token(TENANT, ['admin']);
    await feedCohort(kit);
    await recordMeasuresAndFollowUps(kit);
  }, 60_000);
  afterAll(() => kit?.close());

  it('computes every metric as worked out by hand (location L1, 2025-01-01..2025-06-30)', async () => {
    const res = await metrics(`${RANGE}&locationId=${L1}`);
    expect(res.status).toBe(200);
    // Admission cohort (start in range, L1): Alex, Blake, Casey, Drew, Emery, Finley. Gray started in 2024, Harper is at L2.
    // Discharge cohort (discharged in range, L1): Alex, Blake, Casey, Drew, Finley, Gray. Emery left on 2025-07-15.
    expect(res.body.cohorts).toEqual({ admitted: 6, discharged: 6 });
    expect(res.body).toMatchObject({
      // Earliest completed follow-up: Alex #1 yes; Blake #2 no; Casey #1 (recorded after #2, contacted earlier) yes;
      // Finley #1 yes; Gray #1 no; Drew none (left out). 3 of 5.
      abstinenceAtFirstFollowUp: { rate: 0.6, numerator: 3, denominator: 5 },
      // completed: Alex, Finley; step-down: Gray. AMA, transfer, non-attendance are not. 3 of 6.
      completionRate: { rate: 0.5, numerator: 3, denominator: 6 },
      // Last day of week 4 = start + 27: Blake left 02-06 < 02-16 (AMA), Drew 03-10 < 03-16 (non-attendance); the rest stayed or completed.
      retentionWeek4: { rate: 4 / 6, numerator: 4, denominator: 6 },
      // Week 8 = start + 55: Alex 03-02 >= 03-02 stays; Casey transferred 03-20 < 03-30; Emery until July; Finley completed early.
      retentionWeek8: { rate: 0.5, numerator: 3, denominator: 6 },
      // Stays: Blake 17, Drew 21, Finley 25, Casey 45, Alex 55, Gray 67 -> (25 + 45) / 2.
      medianLengthOfStayDays: { median: 35, count: 6 },
      // Referral to admission: Alex 1, Blake 5, Casey 2, Drew 7, Emery 3, Finley 1 -> 1 1 2 3 5 7 -> (2 + 3) / 2.
      medianDaysReferralToAdmission: { median: 2.5, count: 6 },
      // Compliant weeks: Alex 2/3, Blake 1/2, Casey 1/1, Drew 0/2, Emery 2/2 (Gray's 2024 week is not in the cohort) -> 6/10.
      attendanceCompliance: { rate: 0.6, numerator: 6, denominator: 10 },
      // Last - first PHQ-9 within the episode: Alex 6-18=-12, Casey 12-10=+2, Drew 16-20=-4 (his 03-12 measure came after
      // discharge), Finley 4-9=-5 (her follow-up PHQ-9 is excluded); Blake has one. -12 -5 -4 +2 -> (-5 + -4) / 2.
      phq9ChangeMedian: { median: -4.5, count: 4 },
      // GAD-7: Alex 5-14=-9, Casey 8-8=0, Finley 7-12=-5 -> -5.
      gad7ChangeMedian: { median: -5, count: 3 },
      // 2+ further days attended within 34 days of the first: Alex (01-07, 01-08) yes; Blake only 02-05 (absent and
      // left-early do not count); Casey's second session is the same day and 03-10 is day 35; Drew never attended;
      // Emery 04-01 and 04-13 (day 34) yes; Finley's 05-28 was re-recorded as absent. 2 of 6.
      engagement: { rate: 2 / 6, numerator: 2, denominator: 6 },
      // Sessions recorded: Alex 3 of 3; Blake present, left-early, present of 4 (one unexcused absence); Casey 3 of 3; Drew
      // none; Emery 3 of 3; Finley 2 of 3 (05-28 re-recorded as absent). 14 of 16.
      attendanceRate: { rate: 14 / 16, numerator: 14, denominator: 16 },
      // Patient-weeks (12 h compliant, 6 h not): Alex 12+12+6, Blake 6+12, Casey 12, Drew 6+6, Emery 12+12 = 96 h over 10 weeks of 5 episodes.
      averageHoursPerWeek: { mean: 9.6, weeks: 10, patients: 5 },
      // Alex and Finley completed, Gray stepped down, Blake left against advice, Casey transferred, Drew for non-attendance.
      dischargesByReason: {
        total: 6,
        cells: [
          { reason: 'completed', count: 2 }, { reason: 'step-down', count: 1 }, { reason: 'transfer', count: 1 }, { reason: 'step-up', count: 0 },
          { reason: 'against-medical-advice', count: 1 }, { reason: 'administrative', count: 0 }, { reason: 'non-attendance', count: 1 },
        ],
      },
      // Enrolled at the end of 2025-06-30: Emery only (discharged in July).
      census: { asOf: '2025-06-30', total: 1, cells: [{ locationId: L1, track: 'evening', count: 1 }] },
      // Alumni at L1: Alex came three times after his discharge, Gray twice (his absence is no attendance); Harper is at L2.
      // Their alumni sessions leave the admission cohort's attendance and engagement above as they were.
      alumniActive: { count: 2 },
      alumniSessionsAttended: { count: 5, patients: 2 },
      // Neither came in every whole week from their discharge to the end of June.
      alumniAttendingWeekly: { rate: 0, numerator: 0, denominator: 2 },
    });
  });

  it('rates alumni attending weekly over the whole weeks of the period they were alumni', async () => {
    // The weeks of 03-03, 03-10 and 03-17: Alex came in each, Gray missed the week of 03-10 (absent).
    const res = await metrics(`from=2025-03-03&to=2025-03-23&locationId=${L1}`);
    expect(res.body).toMatchObject({ alumniActive: { count: 2 }, alumniSessionsAttended: { count: 5, patients: 2 }, alumniAttendingWeekly: { rate: 0.5, numerator: 1, denominator: 2 } });
    // Every location: Harper too, discharged on 03-15 and at the 03-20 session, alumni for the whole week of 03-17.
    const all = await metrics('from=2025-03-03&to=2025-03-23');
    expect(all.body).toMatchObject({ alumniActive: { count: 3 }, alumniSessionsAttended: { count: 6, patients: 3 }, alumniAttendingWeekly: { rate: 2 / 3, numerator: 2, denominator: 3 } });
    const forAnalyst = await metrics('from=2025-03-03&to=2025-03-23', analyst);
    expect(forAnalyst.body).toMatchObject({
      alumniActive: { count: null, suppressed: true }, alumniSessionsAttended: { count: null, patients: null, suppressed: true },
      alumniAttendingWeekly: { rate: null, numerator: null, denominator: null, suppressed: true },
    });
  });

  it('counts the census on the range\'s last day, per location and track', async () => {
    // On 2025-02-15: Alex and Casey at L1 (Blake left 02-06, Drew starts 02-17, Gray left in January), Harper at L2.
    const res = await metrics('from=2025-01-01&to=2025-02-15');
    expect(res.body.census).toEqual({
      asOf: '2025-02-15', total: 3,
      cells: expect.arrayContaining([{ locationId: L1, track: 'evening', count: 2 }, { locationId: L2, track: 'evening', count: 1 }]),
    });
    expect(res.body.census.cells).toHaveLength(2);
    const forAnalyst = await metrics('from=2025-01-01&to=2025-02-15', analyst);
    expect(forAnalyst.body.census).toEqual({
      asOf: '2025-02-15', total: null,
      cells: expect.arrayContaining([{ locationId: L1, track: 'evening', count: null, suppressed: true }, { locationId: L2, track: 'evening', count: null, suppressed: true }]),
    });
  });

  it('shows analysts no figure about 1 to 10 patients: this cohort of 7 is suppressed whole, JSON and CSV', async () => {
    const res = await metrics(RANGE, analyst);
    expect(res.status).toBe(200);
    expect(res.body.cohorts).toEqual({ admitted: null, discharged: null });
    expect(res.body.completionRate).toEqual({ rate: null, numerator: null, denominator: null, suppressed: true });
    expect(res.body.medianLengthOfStayDays).toEqual({ median: null, count: null, suppressed: true });
    const csv = await metrics(`${RANGE}&format=csv`, analyst);
    const completion = String(csv.body).split('\r\n').find((row: string) => row.startsWith('completionRate,'))!;
    expect(completion.split(',').slice(5)).toEqual(['', '', '', '', '', '', '', '', '', '']);
    expect(res.body.dischargesByReason.total).toBeNull();
    expect(res.body.dischargesByReason.cells).toContainEqual({ reason: 'completed', count: null, suppressed: true });
    expect(res.body.dischargesByReason.cells).toContainEqual({ reason: 'step-up', count: 0 });
    expect(res.body.averageHoursPerWeek).toEqual({ mean: null, weeks: null, patients: null, suppressed: true });
    // Staff who may see these patients see the figures.
    expect((await metrics(RANGE, admin)).body.completionRate).toEqual({ rate: 4 / 7, numerator: 4, denominator: 7 });
  });

  it('counts every location without the filter, and never another tenant\'s episodes', async () => {
    const res = await metrics(RANGE);
    // Harper (L2) joins both cohorts; Indigo belongs to another clinic.
    expect(res.body.cohorts).toEqual({ admitted: 7, discharged: 7 });
    expect(res.body.completionRate).toEqual({ rate: 4 / 7, numerator: 4, denominator: 7 });
    const other = await kit.app.request('GET', `/v1/metrics/program?${RANGE}`, { token: await kit.token('outcomes-cohort-other', ['admin']) });
    expect(other.body.cohorts).toEqual({ admitted: 1, discharged: 1 });
  });

  it('exports the same figures as CSV', async () => {
    const res = await metrics(`${RANGE}&locationId=${L1}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = String(res.body).trim().split('\r\n');
    expect(lines[0]).toBe('metric,cohort,from,to,locationId,rate,numerator,denominator,median,count,p90,patients,mean,weeks,group');
    const scope = `2025-01-01,2025-06-30,${L1}`;
    expect(lines).toContain(`abstinenceAtFirstFollowUp,discharge,${scope},0.6,3,5,,,,,,,`);
    expect(lines).toContain(`medianLengthOfStayDays,discharge,${scope},,,,35,6,,,,,`);
    expect(lines).toContain(`averageHoursPerWeek,admission,${scope},,,,,,,5,9.6,10,`);
    // A breakdown: its total, then a row per cell named in the group column.
    expect(lines).toContain(`dischargesByReason,discharge,${scope},,,,,6,,,,,`);
    expect(lines).toContain(`dischargesByReason,discharge,${scope},,,,,2,,,,,reason=completed`);
    expect(lines).toContain(`census,census,${scope},,,,,1,,,,,locationId=${L1};track=evening`);
    expect(lines).toContain(`alumniActive,alumni,${scope},,,,,2,,,,,`);
    expect(lines).toContain(`alumniSessionsAttended,alumni,${scope},,,,,5,,2,,,`);
    expect(lines).toContain(`alumniAttendingWeekly,alumni,${scope},0,0,2,,,,,,,`);
    // 17 single figures, discharges by reason (total and 7 reasons), the census (total and one cell), and the header.
    expect(lines).toHaveLength(28);
  });

  it('refuses a range whose from is after to, and patient-level roles', async () => {
    const bad = await metrics('from=2025-07-01&to=2025-06-30');
    expect([bad.status, bad.headers['content-type']]).toEqual([400, expect.stringContaining('application/problem+json')]);
    expect((await metrics(RANGE, await kit.token(TENANT, ['clinician']))).status).toBe(403);
    for (const role of ['admin', 'supervisor', 'medical-director'] as const) expect([role, (await metrics(RANGE, await kit.token(TENANT, [role]))).status]).toEqual([role, 200]);
  });

  it('documents each metric\'s cohort in the OpenAPI description', async () => {
    const doc = (await kit.app.request('GET', '/docs-json')).body;
    const description: string = doc.paths['/v1/metrics/program'].get.description;
    expect(description).toContain('abstinenceAtFirstFollowUp (discharge cohort)');
    expect(description).toContain('engagement (admission cohort)');
    expect(description).toMatch(/admission = episodes whose first program day/);
  });

  it('leaves no name, date of birth, id, exact date or linkable header on the analysts\' stream', async () => {
    const analyticsTypes = "('EpisodeOpened','SessionAttendanceNoted','AttendanceWeekNoted','MeasureRecorded','EpisodeClosed','FollowUpCompleted','FollowUpLost')";
    const expected = await count(kit, `SELECT count(*) AS n FROM events WHERE event_type IN ${analyticsTypes}`);
    const messages = await kit.readTopic(TOPICS.analytics, (m) => m.length >= expected);
    expect(messages).toHaveLength(expected);
    assertDeidentified(messages);
  });

  it('keeps the analysts\' records by size, stamped with the month, never restamped by the broker', async () => {
    const admin = testKafka().admin();
    await admin.connect();
    try {
      const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: kit.prefix + TOPICS.analytics }] });
      const config = Object.fromEntries(resources[0].configEntries.map((e) => [e.configName, e.configValue]));
      expect(config).toMatchObject({ 'retention.ms': '-1', 'message.timestamp.type': 'CreateTime' });
    } finally {
      await admin.disconnect();
    }
  });
});

function assertDeidentified(messages: KafkaMessage[]): void {
  // Also the clinic and its sites: their ids appear on the identified topics and in webhooks, so they would link the two.
  const secrets = [TENANT, OTHER_TENANT, L1, L2, ...COHORT.flatMap(({ episode: e }) => [
    ...e.displayName.split(' '), e.dateOfBirth, e.episodeId, e.patientId, e.referralId,
    ...[e.episodeId, e.patientId, e.referralId, e.locationId].map((id) => id.replace(/-/g, '')), e.startDate, e.tenantId,
  ])];
  for (const m of messages) {
    const headers = Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, String(v)]));
    const value = m.value!.toString();
    const wire = `${m.key!.toString()}\n${value}\n${JSON.stringify(headers)}`;
    for (const secret of secrets) expect(wire).not.toContain(secret);
    expect(value).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(validateEvent(headers.ce_type, JSON.parse(value))).toEqual({ ok: true });
    expect(headers.ce_subject).toBe(m.key!.toString());
    expect(headers.ce_time).toMatch(/^\d{4}-\d{2}-01T00:00:00Z$/);
    // The record's own timestamp is no finer than ce_time: not the moment it was published.
    expect(Number(m.timestamp)).toBe(Date.parse(headers.ce_time));
    expect(headers).not.toHaveProperty('ce_causationid');
    expect(headers).not.toHaveProperty('traceparent');
  }
  // One pseudonym per patient, stable across all their messages.
  expect(new Set(messages.map((m) => m.key!.toString())).size).toBe(COHORT.length);
}
