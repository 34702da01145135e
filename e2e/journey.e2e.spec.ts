/**
 * The reference patient journey of docs/CONTRACTS.md ("Reference patient journey"), steps 0 to 11, across the five services running as real processes
 * and talking only through Kafka. Every hop is asserted where a user would notice it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { api, eventually, expectStatus } from './api';
import { Cluster } from './cluster';
import { countRows } from './db';
import { startReceiver, type Receiver } from './receiver';
import { tokenFor } from '../libs/testing/src';

jest.setTimeout(240_000);

const tenant = `e2e-${randomBytes(4).toString('hex')}`;
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const today = new Date().toISOString().slice(0, 10);

describe('the reference patient journey', () => {
  // Access logs on (info): the last step searches every line the services wrote for the patient's details.
  const cluster = new Cluster({ label: 'journey', env: { LOG_LEVEL: 'info' } });
  const logStart = new Map<string, number>();
  let receiver: Receiver;
  const t: Record<string, string> = {};
  const s = (name: Parameters<Cluster['url']>[0]) => cluster.url(name);
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    for (const file of cluster.logFiles()) logStart.set(file, existsSync(file) ? statSync(file).size : 0);
    await cluster.start();
    for (const role of ['admin', 'intake', 'clinician', 'supervisor', 'analyst'] as const) t[role] = await tokenFor(tenant, [role], `e2e-${role}`);
  });
  afterAll(async () => {
    await receiver?.close();
    await cluster.stop();
  });

  it('0. a webhook subscription (webhooks) and a location (scheduling)', async () => {
    receiver = await startReceiver();
    const sub = await api(s('webhooks'), 'POST', '/v1/subscriptions', t.admin, {
      url: receiver.url, recipient: 'payer:acme-health', purpose: 'payment', description: 'billing',
      eventTypes: ['iop.admissions.*', 'iop.scheduling.*', 'iop.clinical-notes.*', 'iop.outcomes.*'],
    });
    expect(sub.status).toBe(201);
    expect(sub.body.secret).toMatch(/^whsec_/);
    receiver.secret = sub.body.secret;
    const loc = await api(s('scheduling'), 'POST', '/v1/locations', t.admin, {
      name: 'Riverside', timezone: 'America/New_York',
      blocks: [{ track: 'evening', days: ['MON', 'TUE', 'WED', 'THU'], start: '18:00', end: '21:00' }],
      // The weekly curriculum: each evening a group, then SMART Recovery (step 4 books its typed sessions).
      curricula: [{ track: 'evening', effectiveFrom: today, sessions: ['MON', 'TUE', 'WED', 'THU'].flatMap((day) => [
        { day, start: '18:00', end: '19:30', type: 'group-therapy' }, { day, start: '19:30', end: '21:00', type: 'smart-recovery' }]) }],
    });
    expectStatus(loc, 201);
    ids.location = loc.body.locationId;
    // Someone on call for the rest of the journey (step 7b): the clinician, from an hour ago for half a day.
    const hour = 3_600_000;
    const roster = await api(s('scheduling'), 'PUT', `/v1/locations/${ids.location}/on-call`, t.supervisor, {
      shifts: [{ staffId: 'e2e-clinician', from: new Date(Date.now() - hour).toISOString(), to: new Date(Date.now() + 11 * hour).toISOString(), contact: 'On-call phone (e2e)' }],
    });
    expectStatus(roster, 200);
  });

  it('1. a referral, and a Part 2 consent for the billing recipient', async () => {
    const ref = await api(s('admissions'), 'POST', '/v1/referrals', t.intake, {
      patient: { firstName: 'Alex', lastName: 'Rivera', dateOfBirth: '1990-04-12' }, source: 'residential', referredAt: `${addDays(today, -3)}T15:00:00Z`,
    });
    expect(ref.status).toBe(201);
    Object.assign(ids, { referral: ref.body.referralId, patient: ref.body.patientId });
    const consent = await api(s('admissions'), 'POST', `/v1/patients/${ids.patient}/consents`, t.intake, {
      recipient: 'payer:acme-health', purpose: 'payment',
      information: ['admission', 'attendance', 'level-of-care', 'notes', 'measures', 'treatment-plan', 'discharge', 'follow-up', 'diagnoses'],
    });
    expect(consent.status).toBe(201);
    // The webhooks service keeps its own copy of the consent ledger (the consent itself is never disclosed).
    const ledger = cluster.services.get('webhooks')!.db.url;
    await eventually(async () => (await countRows(ledger, `SELECT count(*) AS n FROM consents WHERE patient_id = '${ids.patient}'`)) === 1 || undefined, 60_000, 'the consent in webhooks\' ledger');
  });

  it('2. an ASAM assessment recommends intensive outpatient (2.1)', async () => {
    const res = await api(s('admissions'), 'POST', `/v1/referrals/${ids.referral}/assessments`, t.clinician, {
      criteriaEdition: 3, ratings: { d1: 1, d2: 0, d3: 2, d4: 2, d5: 3, d6: 2 },
    });
    expect(res.status).toBe(201);
    expect(res.body.recommendation.level).toBe('2.1');
    expect(res.body.recommendation.rules.length).toBeGreaterThan(0);
  });

  it('3. admission to the evening track at the location admissions learned from scheduling', async () => {
    const admitted = await eventually(async () => {
      const res = await api(s('admissions'), 'POST', `/v1/referrals/${ids.referral}/admission`, t.intake, {
        locationId: ids.location, track: 'evening', startDate: today, levelOfCare: '2.1',
      }, { 'idempotency-key': `admit-${ids.referral}` });
      return res.status === 201 ? res : undefined;
    }, 60_000, 'admissions to know the location');
    ids.episode = admitted.body.episodeId;
    const ep = await api(s('admissions'), 'GET', `/v1/episodes/${ids.episode}`, t.intake);
    expect(ep.body).toMatchObject({ episodeId: ids.episode, patientId: ids.patient, status: expect.any(String), levelOfCare: '2.1', locationId: ids.location, track: 'evening', startDate: today, plannedEndDate: addDays(today, 56) });
  });

  it('4. scheduling enrolls the episode on the curriculum\'s typed sessions: at least 3 h on 4 days a week', async () => {
    const enrollment = await eventually(async () => {
      const res = await api(s('scheduling'), 'GET', `/v1/enrollments/${ids.episode}`, t.clinician);
      return res.status === 200 ? res.body : undefined;
    }, 60_000, 'the enrollment');
    expect(enrollment).toMatchObject({ episodeId: ids.episode, locationId: ids.location, track: 'evening' });
    expect(enrollment.weeklyHoursPlanned).toBeGreaterThanOrEqual(12);
    expect(enrollment.bookings.length).toBeGreaterThan(0);
    // The sessions booked are the curriculum's, typed as it divides each evening.
    const schedule = await api(s('scheduling'), 'GET', `/v1/episodes/${ids.episode}/schedule`, t.clinician);
    expectStatus(schedule, 200);
    const types = new Set((schedule.body.items as { type: string }[]).map((i) => i.type));
    expect([...types].sort()).toEqual(['group-therapy', 'smart-recovery']);
    ids.firstWeekSessions = JSON.stringify(enrollment.bookings.slice(0, 12));
  });

  it('5. attendance for a full program week, summarized by scheduling', async () => {
    const bookings = JSON.parse(ids.firstWeekSessions) as { sessionId: string; startsAt: string; endsAt: string }[];
    const firstMonday = bookings[0].startsAt.slice(0, 10);
    const week = bookings.filter((b) => b.startsAt.slice(0, 10) < addDays(firstMonday, 7));
    for (const b of week) {
      const minutes = Math.round((Date.parse(b.endsAt) - Date.parse(b.startsAt)) / 60_000);
      const res = await api(s('scheduling'), 'POST', `/v1/sessions/${b.sessionId}/attendance`, t.clinician, { episodeId: ids.episode, status: 'present', minutesAttended: minutes });
      expect(res.status).toBe(201);
    }
    ids.session = week[0].sessionId;
    // The week has not ended yet (the journey runs now): it is summarized when the next week's first attendance comes in,
    // and an operator cannot close it ahead of time.
    const early = await api(s('scheduling'), 'POST', '/v1/admin/close-weeks', t.admin, { before: addDays(firstMonday, 7) });
    expect(early.status).toBe(400);
    const next = bookings.find((b) => b.startsAt.slice(0, 10) >= addDays(firstMonday, 7))!;
    const later = await api(s('scheduling'), 'POST', `/v1/sessions/${next.sessionId}/attendance`, t.clinician, { episodeId: ids.episode, status: 'present', minutesAttended: 90 });
    expect(later.status).toBe(201);
    expect(later.body.weeksClosed.length).toBeGreaterThan(0);
    const weeks = await api(s('scheduling'), 'GET', `/v1/enrollments/${ids.episode}/weeks`, t.clinician);
    expect(JSON.stringify(weeks.body)).toContain('"compliant":true');
  });

  it('6. a treatment plan, a signed note and a reassessment (clinical-notes)', async () => {
    const plan = await eventually(async () => {
      const res = await api(s('clinical-notes'), 'POST', `/v1/episodes/${ids.episode}/treatment-plan`, t.clinician, {
        problems: [{
          description: 'Relapse risk after residential care', asamDimensions: ['d5'],
          goals: [{
            description: 'Sustain abstinence', targetDate: addDays(today, 56),
            objectives: [{ description: 'Attend 12 h of programming weekly', measure: 'attendance report', targetDate: addDays(today, 28) }],
            interventions: [
              { description: 'Relapse-prevention group', frequency: '4x weekly', responsibleStaff: 'e2e-clinician' },
              { description: 'Individual CBT', responsibleStaff: 'e2e-clinician', service: 'individual-therapy', cadence: 'weekly', durationMinutes: 50, responsibleRole: 'clinician' },
            ],
          }],
        }],
      });
      return res.status === 201 ? res.body : undefined;
    }, 60_000, 'clinical-notes to open the chart');
    expect((await api(s('clinical-notes'), 'POST', `/v1/treatment-plans/${plan.planId}/sign`, t.clinician, {})).status).toBeLessThan(300);
    // The plan's weekly individual therapy reaches scheduling through Kafka (TreatmentPlanCareSet): booked with the
    // clinician, clear of the patient's evening groups (docs/DOMAIN.md section 9).
    const individual = await eventually(async () => {
      const res = await api(s('scheduling'), 'GET', `/v1/episodes/${ids.episode}/schedule`, t.clinician);
      const items = (res.body?.items ?? []) as { type: string; booking: string; startsAt: string; endsAt: string }[];
      const found = items.filter((i) => i.type === 'individual-therapy' && i.booking === 'booked');
      return found.length > 0 ? { found, groups: items.filter((i) => i.type !== 'individual-therapy' && i.booking === 'booked') } : undefined;
    }, 60_000, 'scheduling to book the plan\'s individual therapy');
    for (const x of individual.found) {
      expect(individual.groups.some((g) => Date.parse(g.startsAt) < Date.parse(x.endsAt) && Date.parse(x.startsAt) < Date.parse(g.endsAt))).toBe(false);
    }
    const note = await api(s('clinical-notes'), 'POST', '/v1/notes', t.clinician, { episodeId: ids.episode, sessionId: ids.session, type: 'group-session', groupSummary: 'Relapse-prevention group: coping with cravings.', body: 'Engaged in group; discussed triggers.' });
    expectStatus(note, 201);
    expect((await api(s('clinical-notes'), 'POST', `/v1/notes/${note.body.noteId}/sign`, t.clinician, {})).status).toBeLessThan(300);
    expect((await api(s('clinical-notes'), 'PATCH', `/v1/notes/${note.body.noteId}`, t.clinician, { body: 'changed' })).status).toBe(409);
    const re = await api(s('clinical-notes'), 'POST', `/v1/episodes/${ids.episode}/reassessments`, t.clinician, { criteriaEdition: 3, ratings: { d1: 0, d2: 0, d3: 1, d4: 1, d5: 2, d6: 1 } });
    expectStatus(re, 201);
  });

  it('7. a PHQ-9 is scored with its band', async () => {
    const res = await eventually(async () => {
      const r = await api(s('outcomes'), 'POST', '/v1/measures', t.clinician, { episodeId: ids.episode, instrument: 'PHQ-9', answers: [1, 1, 1, 1, 1, 1, 1, 0, 0] });
      return r.status === 201 ? r : undefined;
    }, 60_000, 'outcomes to know the episode');
    expect(res.body).toMatchObject({ instrument: 'PHQ-9', scores: { total: 7 }, band: 'mild', safetyAlert: false });
  });

  it('7b. a diagnosis (published through Kafka), a medication list with its MOUD flag, and a BAM answered through items 7A-7G', async () => {
    const diagnosis = await api(s('admissions'), 'POST', `/v1/episodes/${ids.episode}/diagnoses`, t.clinician, { code: 'F11.20', system: 'ICD-10-CM', kind: 'primary', severity: 'severe' });
    expectStatus(diagnosis, 201);
    expect(diagnosis.body).toMatchObject({ code: 'F11.20', category: 'substance-use', substance: 'opioid', severity: 'severe', status: 'active' });
    ids.diagnosis = diagnosis.body.diagnosisId;
    expect((await api(s('admissions'), 'POST', `/v1/episodes/${ids.episode}/diagnoses`, t.clinician, { code: 'F10.20', system: 'ICD-10-CM', kind: 'primary' })).status).toBe(409);
    expect((await api(s('admissions'), 'POST', `/v1/episodes/${ids.episode}/diagnoses`, t.clinician, { code: 'F99.99', system: 'ICD-10-CM', kind: 'secondary' })).status).toBe(400);
    const listed = await api(s('admissions'), 'GET', `/v1/episodes/${ids.episode}/diagnoses`, t.clinician);
    expect(listed.body.items).toEqual([expect.objectContaining({ diagnosisId: ids.diagnosis, display: 'Opioid dependence, uncomplicated' })]);

    const psychiatrist = await tokenFor(tenant, ['psychiatrist'], 'e2e-psychiatrist');
    const medication = await api(s('admissions'), 'POST', `/v1/patients/${ids.patient}/medications`, psychiatrist, {
      name: 'Buprenorphine/naloxone', dose: '8 mg/2 mg', route: 'sublingual', frequency: 'once daily', startDate: addDays(today, -2),
    });
    expectStatus(medication, 201);
    expect(medication.body.moud).toEqual({ ingredient: 'buprenorphine', treats: ['opioid-use-disorder'] });
    expect((await api(s('admissions'), 'POST', `/v1/patients/${ids.patient}/medications`, t.clinician, { name: 'x', dose: '1', route: 'oral', frequency: 'daily', startDate: today })).status).toBe(403);

    const subItems = { '7A': 1, '7B': 0, '7C': 0, '7D': 0, '7E': 2, '7F': 0, '7G': 0 };
    const items = { 1: 1, 2: 1, 3: 2, 4: 0, 5: 0, 6: 2, 8: 2, 9: 3, 10: 2, 11: 1, 12: 2, 13: 3, 14: 2, 15: 1, 16: 3, 17: 2 };
    const bamResult = await api(s('outcomes'), 'POST', '/v1/measures', t.clinician, { episodeId: ids.episode, instrument: 'BAM', answers: { ...items, ...subItems } });
    expect(bamResult.body).toMatchObject({ instrument: 'BAM', scores: { use: 2, risk: 8, protective: 15 }, scoringVersion: 'bam-subscales-2' });
    const alone = await api(s('outcomes'), 'POST', '/v1/measures', t.clinician, { episodeId: ids.episode, instrument: 'BAM', answers: { ...items, 7: 2 } });
    expect(alone.status).toBe(400);
    expect(alone.body.type).toMatch(/\/bam-item-7$/);
  });

  it('7c. on call and crisis: a PHQ-9 item 9 answer opens a safety alert routed to the clinician on call; acknowledged, resolved, measured', async () => {
    // The roster was set in step 0, long before: clinical notes has it from OnCallRosterChanged by now.
    expect((await api(s('scheduling'), 'GET', `/v1/locations/${ids.location}/on-call`, t.clinician)).body.onCall).toEqual([expect.objectContaining({ staffId: 'e2e-clinician' })]);
    const phq9 = await api(s('outcomes'), 'POST', '/v1/measures', t.clinician, { episodeId: ids.episode, instrument: 'PHQ-9', answers: [1, 1, 1, 1, 1, 1, 1, 0, 1] });
    expectStatus(phq9, 201);
    expect(phq9.body).toMatchObject({ safetyAlert: true });
    const alert = await eventually(async () => {
      const r = await api(s('clinical-notes'), 'GET', `/v1/safety-alerts?episodeId=${ids.episode}&status=open`, t.clinician);
      return r.status === 200 && r.body.items.length ? r.body.items[0] : undefined;
    }, 60_000, 'the safety alert');
    expect(alert).toMatchObject({ signal: 'phq9-item9-positive', routedTo: 'on-call-clinician', routedToStaffId: 'e2e-clinician' });
    expectStatus(await api(s('clinical-notes'), 'POST', `/v1/safety-alerts/${alert.alertId}/acknowledge`, t.clinician, {}), 200);
    const resolved = await api(s('clinical-notes'), 'POST', `/v1/safety-alerts/${alert.alertId}/resolve`, t.clinician, { summary: 'Called Alex: safety plan reviewed; no intent.' });
    expectStatus(resolved, 200);
    const metrics = await eventually(async () => {
      const m = await api(s('outcomes'), 'GET', `/v1/metrics/program?from=${addDays(today, -1)}&to=${addDays(today, 1)}`, t.admin);
      return m.body?.safetyAlertTimeToResolveMinutes?.count === 1 ? m.body : undefined;
    }, 60_000, 'outcomes to learn the alert');
    expect(metrics.safetyAlertTimeToAcknowledgeMinutes).toMatchObject({ count: 1, patients: 1, median: expect.any(Number), p90: expect.any(Number) });
  });

  it('8. the continued-stay review uses attendance and reassessment evidence; discharge', async () => {
    let last = '';
    const review = await eventually(async () => {
      const r = await api(s('admissions'), 'POST', `/v1/episodes/${ids.episode}/reviews`, t.clinician, {});
      last = JSON.stringify(r.body);
      const evidence = r.body?.evidence ?? {};
      return r.status === 201 && evidence.weeks?.length > 0 && evidence.latestRatings?.d5 === 2 ? r.body : undefined;
    }, 60_000, 'a review with attendance and reassessment evidence').catch((err: Error) => {
      throw new Error(`${err.message}; last review: ${last.slice(0, 1500)}`);
    });
    expect(review.recommendation).toEqual(expect.any(String));
    const discharged = await api(s('admissions'), 'POST', `/v1/episodes/${ids.episode}/discharge`, t.clinician, {
      reason: 'completed', dischargedAt: new Date().toISOString(), joinAlumni: true, overrideReason: 'Goals met early; team agrees to step down to alumni care.',
    });
    expectStatus(discharged, 201);
    expect((await api(s('admissions'), 'POST', `/v1/episodes/${ids.episode}/discharge`, t.clinician, { reason: 'completed', dischargedAt: new Date().toISOString(), joinAlumni: false, overrideReason: 'again' })).status).toBe(409);
    await eventually(async () => {
      const enr = await api(s('scheduling'), 'GET', `/v1/enrollments/${ids.episode}`, t.clinician);
      // Program sessions after discharge are cancelled; the alumnus keeps one no-charge session a week.
      const bookings = enr.body.bookings as { startsAt: string; noCharge?: boolean }[];
      const program = bookings.filter((b) => !b.noCharge && Date.parse(b.startsAt) > Date.now() + 86_400_000);
      return program.length === 0 && bookings.some((b) => b.noCharge) ? true : undefined;
    }, 60_000, 'future bookings cancelled');
  });

  it('9. follow-ups are scheduled; a result moves abstinence at first follow-up', async () => {
    const list = await eventually(async () => {
      const r = await api(s('outcomes'), 'GET', `/v1/episodes/${ids.episode}/follow-ups`, t.clinician);
      return r.status === 200 && r.body.items.length >= 3 ? r.body.items : undefined;
    }, 60_000, 'follow-ups');
    expect(list.map((f: { status: string }) => f.status)).toEqual(expect.arrayContaining(['scheduled']));
    const first = [...list].sort((a: { dueDate: string }, b: { dueDate: string }) => a.dueDate.localeCompare(b.dueDate))[0];
    const result = await api(s('outcomes'), 'POST', `/v1/follow-ups/${first.followUpId}/result`, t.clinician, { abstinent: true, completedAt: new Date().toISOString() });
    expectStatus(result, 201);
    const range = `from=${addDays(today, -1)}&to=${addDays(today, 1)}`;
    const metrics = await api(s('outcomes'), 'GET', `/v1/metrics/program?${range}`, t.admin);
    expect(metrics.status).toBe(200);
    expect(metrics.body.abstinenceAtFirstFollowUp).toMatchObject({ numerator: 1, denominator: 1, rate: 1 });
    // An analyst sees no figure about fewer than 11 patients: this clinic of one is suppressed.
    const forAnalyst = await api(s('outcomes'), 'GET', `/v1/metrics/program?${range}`, t.analyst);
    expect(forAnalyst.body.abstinenceAtFirstFollowUp).toEqual({ rate: null, numerator: null, denominator: null, suppressed: true });
  });

  it('10. every subscribed public event reached the webhook, signed per Standard Webhooks', async () => {
    const expected = [
      'iop.admissions.PatientReferred.v1', 'iop.admissions.PatientAdmitted.v1', 'iop.admissions.ContinuedStayReviewed.v1',
      'iop.admissions.PatientDischarged.v1', 'iop.admissions.AlumniEnrolled.v1', 'iop.admissions.DiagnosisRecorded.v1', 'iop.scheduling.LocationConfigured.v1',
      'iop.scheduling.EpisodeEnrolled.v1', 'iop.scheduling.AttendanceRecorded.v1', 'iop.scheduling.WeeklyAttendanceSummarized.v1',
      'iop.scheduling.OnCallRosterChanged.v1',
      'iop.clinical-notes.TreatmentPlanSigned.v1', 'iop.clinical-notes.TreatmentPlanCareSet.v1', 'iop.clinical-notes.NoteSigned.v1',
      'iop.clinical-notes.DimensionalReassessmentRecorded.v1',
      'iop.outcomes.MeasureRecorded.v1', 'iop.outcomes.FollowUpScheduled.v1', 'iop.outcomes.FollowUpCompleted.v1',
    ];
    // PatientReferred preceded the consent, so Part 2 withheld it: it is the one expected not to arrive.
    const mustArrive = expected.filter((e) => e !== 'iop.admissions.PatientReferred.v1');
    await eventually(async () => (mustArrive.every((e) => receiver.types().includes(e)) ? true : undefined), 90_000,
      `webhooks; missing: ${mustArrive.filter((e) => !receiver.types().includes(e)).join(', ')}`).catch((err) => {
      throw new Error(`${err.message}; missing ${mustArrive.filter((e) => !receiver.types().includes(e)).join(', ')}`);
    });
    expect(receiver.rejected).toEqual([]);
    expect(receiver.bodies().some((b) => b.includes('Rivera') || b.includes('1990-04-12') || b.includes('triggers') || b.includes('safety plan reviewed'))).toBe(false);
    // A diagnosis goes out as ids and a time (its code is not allowlisted for integrators); medications never go out.
    expect(receiver.bodies().some((b) => /F11\.20|Buprenorphine|naloxone/i.test(b))).toBe(false);
    // Clinical notes' safety alerts are in the `crisis` category, which this consent does not cover: withheld.
    expect(receiver.types().filter((type) => type.startsWith('iop.clinical-notes.SafetyAlert'))).toEqual([]);
    expect(receiver.bodies().some((b) => b.includes('On-call phone'))).toBe(false);
    // Every disclosure about the patient carries 42 CFR 2.32's notice; the consent ledger itself never went out.
    const aboutPatient = receiver.bodies().filter((b) => b.includes('"patientId"'));
    expect(aboutPatient.length).toBeGreaterThan(10);
    expect(aboutPatient.every((b) => (JSON.parse(b) as { redisclosureNotice?: string }).redisclosureNotice?.includes('42 CFR part 2'))).toBe(true);
    expect(receiver.types()).not.toContain('iop.admissions.ConsentGranted.v1');
  });

  it("11. every /v1 route of every service, from its OpenAPI document: 401 without a token, never another tenant's data", async () => {
    const other = await tokenFor(`${tenant}-other`, ['admin', 'intake', 'clinician', 'supervisor', 'psychiatrist', 'nurse', 'front-desk', 'analyst', 'integrator'], 'intruder');
    const secrets = [ids.patient, ids.episode, ids.referral, ids.location, ids.session];
    const checked: string[] = [];
    const problems: string[] = [];
    for (const service of ['admissions', 'scheduling', 'clinical-notes', 'outcomes', 'webhooks'] as const) {
      const doc = await api(s(service), 'GET', '/docs-json');
      for (const [template, ops] of Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)) {
        if (!template.startsWith('/v1/')) continue;
        const path = fillPath(template, ids);
        for (const method of Object.keys(ops).map((m) => m.toUpperCase())) {
          checked.push(`${method} ${template}`);
          const anonymous = await api(s(service), method, path, undefined, method === 'GET' || method === 'DELETE' ? undefined : {});
          if (anonymous.status !== 401) problems.push(`${service} ${method} ${template} without a token: ${anonymous.status}`);
          const res = await api(s(service), method, path, other, method === 'GET' || method === 'DELETE' ? undefined : {});
          // A problem+json echoes the caller's own request (instance, detail): only data fields can leak.
          const { instance: _i, detail: _d, ...data } = (typeof res.body === 'object' && res.body) || {};
          const leaked = secrets.filter((id) => id && JSON.stringify(res.status < 300 ? res.body : data).includes(id));
          if (res.status >= 500) problems.push(`${service} ${method} ${template}: ${res.status}`);
          if (leaked.length) problems.push(`${service} ${method} ${template} leaked ${leaked.join(', ')} (${res.status})`);
          if (path !== template && template.match(/\{(episodeId|referralId|patientId|locationId|sessionId|id)\}/) && res.status < 300) {
            problems.push(`${service} ${method} ${template} answered ${res.status} to another tenant`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked.length).toBeGreaterThan(60);
  });

  it('12. no log line of any service carries the patient\'s name or birth date, even after a search by them', async () => {
    const search = await api(s('admissions'), 'GET', '/v1/patients?lastName=Rivera&dateOfBirth=1990-04-12', t.intake);
    expect(search.status).toBe(200);
    const written = () => [...logStart].flatMap(([file, from]) => existsSync(file) ? readFileSync(file).subarray(from).toString('utf8').split('\n') : []);
    // The search itself is logged (so the check below reads real access lines), without its query's values.
    await eventually(async () => written().some((l) => l.includes('/v1/patients?')) || undefined, 10_000, 'the search in the access log');
    const lines = written();
    expect(lines.length).toBeGreaterThan(100);
    const leaks = lines.filter((l) => /Alex|Rivera|1990-04-12|04\/12\/1990/.test(l));
    expect(leaks).toEqual([]);
  });
});

/** Puts this journey's ids into a route template; params it has no id for get a random UUID (never found). */
function fillPath(template: string, ids: Record<string, string>): string {
  const byPrefix: Record<string, string | undefined> = {
    episodes: ids.episode, referrals: ids.referral, patients: ids.patient, locations: ids.location, sessions: ids.session, enrollments: ids.episode,
  };
  return template.replace(/\{(\w+)\}/g, (_, name: string, offset: number) => {
    const named: Record<string, string | undefined> = { episodeId: ids.episode, referralId: ids.referral, patientId: ids.patient, locationId: ids.location, sessionId: ids.session };
    if (named[name]) return named[name]!;
    const segment = template.slice(0, offset).split('/').filter(Boolean).pop() ?? '';
    return byPrefix[segment] ?? '0c0ffee0-0000-4000-8000-000000000404';
  });
}

