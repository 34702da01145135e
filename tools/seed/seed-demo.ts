/**
 * The demo clinic `npm start` seeds once: synthetic patients at every stage, created through the services' own
 * HTTP commands (never SQL), so every list and program metric shows real numbers. Idempotent: a tenant that already
 * has a location is left alone. All names are invented.
 */
import { mintToken } from '../../infra/local';
import { api, eventually, type ApiResponse } from '../../e2e/api';

type Url = (service: 'admissions' | 'scheduling' | 'clinical-notes' | 'outcomes' | 'webhooks') => string;

const FIRST = ['Avery', 'Jordan', 'Riley', 'Casey', 'Morgan', 'Quinn', 'Rowan', 'Sage', 'Emerson', 'Hayden', 'Parker', 'Reese', 'Skyler', 'Dakota', 'Finley'];
const LAST = ['Example', 'Sample', 'Testwood', 'Demoford', 'Placeholder', 'Mockridge'];
const SOURCES = ['residential', 'detox', 'self', 'external-provider', 'court', 'alumni'] as const;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

function ok(res: ApiResponse, what: string): ApiResponse {
  if (res.status >= 300) throw new Error(`seeding: ${what} answered ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

export async function seedDemoClinic(url: Url, tenant: string): Promise<string> {
  const token = async (role: string) => mintToken({ tenant, roles: [role], subject: `demo-${role}` });
  const [admin, intake, clinician, supervisor] = await Promise.all(['admin', 'intake', 'clinician', 'supervisor'].map(token));
  const existing = await api(url('scheduling'), 'GET', '/v1/locations', admin);
  if ((existing.body?.items ?? existing.body ?? []).length > 0) return `Demo clinic ${tenant} already seeded.`;

  const ny = ok(await api(url('scheduling'), 'POST', '/v1/locations', admin, {
    name: 'Midtown (New York)', timezone: 'America/New_York',
    blocks: [{ track: 'evening', days: ['MON', 'TUE', 'WED', 'THU'], start: '18:00', end: '21:00' }, { track: 'morning', days: ['MON', 'TUE', 'WED', 'THU'], start: '09:00', end: '12:00' }],
  }), 'location').body.locationId as string;
  const chi = ok(await api(url('scheduling'), 'POST', '/v1/locations', admin, {
    name: 'Lakeview (Chicago)', timezone: 'America/Chicago', blocks: [{ track: 'evening', days: ['MON', 'TUE', 'WED', 'THU'], start: '18:00', end: '21:00' }],
  }), 'location').body.locationId as string;

  const referrals: { referralId: string; patientId: string }[] = [];
  for (let i = 0; i < 30; i++) {
    const res = ok(await api(url('admissions'), 'POST', '/v1/referrals', intake, {
      patient: { firstName: FIRST[i % FIRST.length], lastName: LAST[i % LAST.length], dateOfBirth: `19${60 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}` },
      source: SOURCES[i % SOURCES.length], referredAt: `${day(-1 - (i % 6))}T14:00:00Z`,
    }), 'referral');
    referrals.push(res.body);
  }
  for (const [i, r] of referrals.slice(21, 24).entries()) ok(await api(url('admissions'), 'POST', `/v1/referrals/${r.referralId}/waitlist`, intake, { reason: `Evening group full (${i + 1})` }), 'waitlist');
  for (const r of referrals.slice(24, 26)) ok(await api(url('admissions'), 'POST', `/v1/referrals/${r.referralId}/decline`, intake, { reason: 'Needs a residential level of care' }), 'decline');

  const episodes: string[] = [];
  for (const [i, r] of referrals.slice(0, 21).entries()) {
    ok(await api(url('admissions'), 'POST', `/v1/referrals/${r.referralId}/assessments`, clinician, { criteriaEdition: i % 5 === 0 ? 4 : 3, ratings: { d1: 1, d2: i % 2, d3: 2, d4: 2, d5: 2 + (i % 2), d6: 1 + (i % 2) } }), 'assessment');
    const [locationId, track] = i % 3 === 0 ? [chi, 'evening'] : i % 3 === 1 ? [ny, 'morning'] : [ny, 'evening'];
    const res = await eventually(async () => {
      const a = await api(url('admissions'), 'POST', `/v1/referrals/${r.referralId}/admission`, intake, { locationId, track, startDate: day(0), levelOfCare: '2.1' });
      return a.status === 201 ? a : undefined;
    }, 60_000, 'admissions to learn the locations');
    episodes.push(res.body.episodeId);
  }

  for (const [i, episodeId] of episodes.entries()) await inTreatment(url, episodeId, i, { admin, clinician, supervisor });
  ok(await api(url('scheduling'), 'POST', '/v1/admin/close-weeks', admin, { before: day(14) }), 'close weeks');

  const reasons = ['completed', 'completed', 'step-down', 'step-down', 'against-medical-advice', 'non-attendance', 'completed'];
  for (const [i, episodeId] of episodes.slice(0, 7).entries()) {
    await api(url('admissions'), 'POST', `/v1/episodes/${episodeId}/reviews`, clinician, {});
    ok(await api(url('admissions'), 'POST', `/v1/episodes/${episodeId}/discharge`, clinician, {
      reason: reasons[i], dischargedAt: new Date().toISOString(), joinAlumni: i < 3, overrideReason: 'Demo data: discharge decided by the care team.',
    }), 'discharge');
  }
  for (const [i, episodeId] of episodes.slice(0, 5).entries()) {
    const list = await eventually(async () => {
      const f = await api(url('outcomes'), 'GET', `/v1/episodes/${episodeId}/follow-ups`, clinician);
      return f.status === 200 && f.body.items.length ? f.body.items : undefined;
    }, 60_000, 'follow-ups');
    ok(await api(url('outcomes'), 'POST', `/v1/follow-ups/${list[0].followUpId}/result`, clinician, { abstinent: i < 3, completedAt: new Date().toISOString() }), 'follow-up');
  }
  return `Seeded demo clinic ${tenant}: 2 locations, 30 synthetic patients (4 referred, 3 waitlisted, 2 declined, 21 admitted, 7 discharged, 3 alumni, 5 follow-ups completed).`;
}

/** A week of attendance, and for most: a signed treatment plan and note, PHQ-9 and GAD-7, a reassessment. */
async function inTreatment(url: Url, episodeId: string, i: number, t: { admin: string; clinician: string; supervisor: string }): Promise<void> {
  const enrollment = await eventually(async () => {
    const e = await api(url('scheduling'), 'GET', `/v1/enrollments/${episodeId}`, t.clinician);
    return e.status === 200 ? e.body : undefined;
  }, 60_000, 'enrollment');
  const week = (enrollment.bookings as { sessionId: string; startsAt: string; endsAt: string }[]).slice(0, 8);
  for (const [k, b] of week.entries()) {
    const minutes = Math.round((Date.parse(b.endsAt) - Date.parse(b.startsAt)) / 60_000);
    const absent = (i + k) % 7 === 0;
    await api(url('scheduling'), 'POST', `/v1/sessions/${b.sessionId}/attendance`, t.clinician, { episodeId, status: absent ? 'absent-unexcused' : 'present', minutesAttended: absent ? 0 : minutes });
  }
  if (i % 3 === 2) return;
  const plan = await eventually(async () => {
    const p = await api(url('clinical-notes'), 'POST', `/v1/episodes/${episodeId}/treatment-plan`, t.clinician, {
      problems: [{ description: 'Cravings in the evening', asamDimensions: ['d5'], goals: [{ description: 'Use coping skills daily', targetDate: day(56),
        objectives: [{ description: 'Log cravings and responses', measure: 'craving log', targetDate: day(28) }],
        interventions: [{ description: 'Relapse-prevention group', frequency: '4x weekly', responsibleStaff: 'demo-clinician' }] }] }],
    });
    return p.status === 201 ? p.body : undefined;
  }, 60_000, 'the chart');
  await api(url('clinical-notes'), 'POST', `/v1/treatment-plans/${plan.planId}/sign`, t.clinician, {});
  if (week[0]) {
    const note = await api(url('clinical-notes'), 'POST', '/v1/notes', t.clinician, { episodeId, sessionId: week[0].sessionId, type: 'group-session', groupSummary: 'Relapse prevention: high-risk situations.', body: 'Participated; identified two triggers.' });
    if (note.status === 201) await api(url('clinical-notes'), 'POST', `/v1/notes/${note.body.noteId}/sign`, t.clinician, {});
  }
  await api(url('clinical-notes'), 'POST', `/v1/episodes/${episodeId}/reassessments`, t.clinician, { criteriaEdition: 3, ratings: { d1: 0, d2: 0, d3: 1, d4: 1, d5: 1 + (i % 2), d6: 1 } });
  await eventually(async () => ((await api(url('outcomes'), 'POST', '/v1/measures', t.clinician, { episodeId, instrument: 'PHQ-9', answers: [2, 1, 2, 1, 1, 1, 1, 0, 0] })).status === 201 ? true : undefined), 60_000, 'outcomes');
  await api(url('outcomes'), 'POST', '/v1/measures', t.clinician, { episodeId, instrument: 'PHQ-9', answers: [1, 0, 1, 1, 0, 1, 0, 0, 0] });
  await api(url('outcomes'), 'POST', '/v1/measures', t.clinician, { episodeId, instrument: 'GAD-7', answers: [1, 2, 1, 1, 0, 1, 1] });
}
