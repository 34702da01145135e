/**
 * The demo clinic `npm start` seeds once: synthetic patients at every stage, created through the services' own
 * HTTP commands (never SQL), so every list and program metric shows real numbers. Idempotent: a tenant that already
 * has a location is left alone. All names are invented.
 *
 * The 30 patients: 6 whose program ended months ago (follow-ups completed or lost), 15 admitted in the last weeks
 * (5 discharged today, 10 in treatment, 2 of them stepped down to Level 1), 3 waitlisted, 2 declined, 4 referred.
 * Attendance is recorded only for sessions already held; the past alumni came to their first alumni sessions. Each block follows a curriculum of two session types from
 * today on (group therapy, then SMART Recovery or trauma-focused psycho-education). Each location has a week of on-call
 * shifts; two patients in treatment answered PHQ-9 item 9 above 0: one safety alert resolved, one open.
 */
import { mintToken } from '../../infra/local';
import { api } from '../../e2e/api';
import { closeFollowUpWindows, PAST_CASES, pastEpisode, pastReferredAt, type PastOutcome } from './seed-history';
import { admit, day, followUpsOf, ok, post, type Tokens, type Url } from './seed-support';
import { clinicalRecord } from './seed-clinical';
import { onCallRosters, safetyAlerts } from './seed-safety';
import { inTreatment, plannedCare, staffCareTeam, stepDown } from './seed-treatment';

export type { Url } from './seed-support';

const FIRST = ['Avery', 'Jordan', 'Riley', 'Casey', 'Morgan', 'Quinn', 'Rowan', 'Sage', 'Emerson', 'Hayden', 'Parker', 'Reese', 'Skyler', 'Dakota', 'Finley'];
const LAST = ['Example', 'Sample', 'Testwood', 'Demoford', 'Placeholder', 'Mockridge'];
const SOURCES = ['residential', 'detox', 'self', 'external-provider', 'court', 'alumni'] as const;
const PATIENTS = 30;
const ADMITTED_NOW = 15;
const WAITLISTED = 3;
const DECLINED = 2;
const DISCHARGED_TODAY = [
  { reason: 'completed', joinAlumni: true }, { reason: 'completed', joinAlumni: true }, { reason: 'step-down', joinAlumni: false },
  { reason: 'against-medical-advice', joinAlumni: false }, { reason: 'non-attendance', joinAlumni: false },
] as const;
/** The five leaving today stayed three to four weeks; the ten in treatment started 3 to 21 days ago. */
const startDaysAgo = (k: number): number => (k < DISCHARGED_TODAY.length ? 28 - 2 * k : 3 + 2 * (k - DISCHARGED_TODAY.length));
const STEPPED_DOWN = 2;
const STAFFED = 4;

type Place = { locationId: string; track: string };

/** Each block day divided into two typed sessions of 90 minutes (the weekly hours rule: 3 h on 4 days). */
const curriculum = (track: string, start: string, middle: string, end: string, second: string) => ({
  track, effectiveFrom: day(0),
  sessions: ['MON', 'TUE', 'WED', 'THU'].flatMap((d) => [{ day: d, start, end: middle, type: 'group-therapy' }, { day: d, start: middle, end, type: second }]),
});

/** Earlier weeks (the cohorts admitted before today) keep the blocks' group therapy; from today the curricula apply. */
async function configureLocations(url: Url, admin: string): Promise<Place[]> {
  const ny = ok(await post(url('scheduling'), '/v1/locations', admin, {
    name: 'Midtown (New York)', timezone: 'America/New_York',
    blocks: [{ track: 'evening', days: ['MON', 'TUE', 'WED', 'THU'], start: '18:00', end: '21:00' }, { track: 'morning', days: ['MON', 'TUE', 'WED', 'THU'], start: '09:00', end: '12:00' }],
    curricula: [curriculum('evening', '18:00', '19:30', '21:00', 'smart-recovery'), curriculum('morning', '09:00', '10:30', '12:00', 'trauma-focused-psychoeducation')],
  }), 'location').body.locationId as string;
  const chi = ok(await post(url('scheduling'), '/v1/locations', admin, {
    name: 'Lakeview (Chicago)', timezone: 'America/Chicago', blocks: [{ track: 'evening', days: ['MON', 'TUE', 'WED', 'THU'], start: '18:00', end: '21:00' }],
    curricula: [curriculum('evening', '18:00', '19:30', '21:00', 'smart-recovery')],
  }), 'location').body.locationId as string;
  return [{ locationId: chi, track: 'evening' }, { locationId: ny, track: 'morning' }, { locationId: ny, track: 'evening' }];
}

async function refer(url: Url, t: Tokens, i: number, referredAt: string): Promise<string> {
  return ok(await post(url('admissions'), '/v1/referrals', t.intake, {
    patient: { firstName: FIRST[i % FIRST.length], lastName: LAST[i % LAST.length], dateOfBirth: `19${60 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}` },
    source: SOURCES[i % SOURCES.length], referredAt,
  }), 'referral').body.referralId as string;
}

/** Admitted in the last weeks; the first five leave today (their follow-ups are scheduled ahead), the rest stay in treatment. */
async function currentCohort(url: Url, t: Tokens, referralIds: string[], places: Place[]) {
  const episodes: string[] = [];
  for (const [i, referralId] of referralIds.entries()) {
    ok(await post(url('admissions'), `/v1/referrals/${referralId}/assessments`, t.clinician, { criteriaEdition: i % 5 === 0 ? 4 : 3, ratings: { d1: 1, d2: i % 2, d3: 2, d4: 2, d5: 2 + (i % 2), d6: 1 + (i % 2) } }), 'assessment');
    episodes.push(await admit(url, t, referralId, { ...places[i % 3], startDate: day(-startDaysAgo(i)), levelOfCare: '2.1' }));
  }
  const done = { charted: 0, noted: 0, attended: 0, diagnoses: 0, medications: 0, allergies: 0 };
  for (const [i, episodeId] of episodes.entries()) {
    const one = await inTreatment(url, episodeId, i, t);
    done.charted += one.charted ? 1 : 0;
    done.noted += one.noted ? 1 : 0;
    done.attended += one.attended;
    const record = await clinicalRecord(url, t, episodeId, i);
    done.diagnoses += record.diagnoses;
    done.medications += record.medications;
    done.allergies += record.allergies;
  }
  const leaving = episodes.slice(0, DISCHARGED_TODAY.length);
  for (const [i, episodeId] of leaving.entries()) {
    await post(url('admissions'), `/v1/episodes/${episodeId}/reviews`, t.clinician, {});
    ok(await post(url('admissions'), `/v1/episodes/${episodeId}/discharge`, t.clinician, {
      ...DISCHARGED_TODAY[i], dischargedAt: new Date().toISOString(), overrideReason: 'Demo data: discharge decided by the care team.',
    }), 'discharge');
  }
  const staying = episodes.slice(DISCHARGED_TODAY.length);
  // The longest in the program: a full care team, and the two furthest along stepped down to Level 1.
  for (const episodeId of staying.slice(-STAFFED)) await staffCareTeam(url, t, episodeId);
  const steppedDown = [];
  for (const episodeId of staying.slice(-STEPPED_DOWN)) steppedDown.push(await stepDown(url, t, episodeId));
  return { ...done, admitted: episodes.length, discharged: leaving, staying, inTreatment: staying.length, steppedDown: steppedDown.length, staffed: Math.min(STAFFED, staying.length) };
}

/** Follow-up statuses as outcomes holds them, over every discharged episode. */
async function followUpTally(url: Url, t: Tokens, episodeIds: string[]): Promise<Record<string, number>> {
  const tally: Record<string, number> = { completed: 0, lost: 0, scheduled: 0 };
  for (const episodeId of episodeIds) for (const f of await followUpsOf(url, t, episodeId)) tally[f.status] = (tally[f.status] ?? 0) + 1;
  return tally;
}

export async function seedDemoClinic(url: Url, tenant: string): Promise<string> {
  const token = async (role: string) => mintToken({ tenant, roles: [role], subject: `demo-${role}` });
  const [admin, intake, clinician, supervisor, psychiatrist, nurse] = await Promise.all(['admin', 'intake', 'clinician', 'supervisor', 'psychiatrist', 'nurse'].map(token));
  const t: Tokens = { admin, intake, clinician, supervisor, psychiatrist, nurse };
  const existing = await api(url('scheduling'), 'GET', '/v1/locations', admin);
  if ((existing.body?.items ?? existing.body ?? []).length > 0) return `Demo clinic ${tenant} already seeded.`;
  const places = await configureLocations(url, admin);
  const onCallShifts = await onCallRosters(url, t, places.map((p) => p.locationId));

  const referrals: string[] = [];
  for (let i = 0; i < PATIENTS; i++) {
    const k = i - PAST_CASES.length;
    const referredAt = k < 0 ? pastReferredAt(PAST_CASES[i], i) : k < ADMITTED_NOW ? `${day(-startDaysAgo(k) - 1 - (k % 3))}T14:00:00Z` : `${day(-1 - (i % 6))}T14:00:00Z`;
    referrals.push(await refer(url, t, i, referredAt));
  }
  const past: PastOutcome[] = [];
  for (const [k, c] of PAST_CASES.entries()) past.push(await pastEpisode(url, t, referrals[k], places[k % 3], c));
  await closeFollowUpWindows(url, t);

  const firstWaiting = PAST_CASES.length + ADMITTED_NOW;
  const now = await currentCohort(url, t, referrals.slice(PAST_CASES.length, firstWaiting), places);
  // Weeks that ended before today (the current week is still open); recording attendance closed the earlier ones.
  ok(await post(url('scheduling'), '/v1/admin/close-weeks', admin, { before: day(0) }), 'close weeks');
  for (const [k, referralId] of referrals.slice(firstWaiting, firstWaiting + WAITLISTED).entries()) {
    ok(await post(url('admissions'), `/v1/referrals/${referralId}/waitlist`, intake, { reason: `Evening group full (${k + 1})` }), 'waitlist');
  }
  for (const referralId of referrals.slice(firstWaiting + WAITLISTED, firstWaiting + WAITLISTED + DECLINED)) {
    ok(await post(url('admissions'), `/v1/referrals/${referralId}/decline`, intake, { reason: 'Needs a residential level of care' }), 'decline');
  }

  // Not the stepped-down ones (the last two): they are the ones furthest along.
  const alerts = await safetyAlerts(url, t, now.staying.slice(0, 2));

  const individual = await plannedCare(url, t, now.staying);
  const followUps = await followUpTally(url, t, [...past.map((p) => p.episodeId), ...now.discharged]);
  const discharged = past.length + now.discharged.length;
  const alumni = past.filter((p) => p.joinAlumni).length + DISCHARGED_TODAY.filter((d) => d.joinAlumni).length;
  const referredOnly = PATIENTS - past.length - now.admitted - WAITLISTED - DECLINED;
  return `Seeded demo clinic ${tenant}: 2 locations, ${PATIENTS} synthetic patients. ` +
    `Referrals: ${referredOnly} referred, ${WAITLISTED} waitlisted, ${DECLINED} declined, ${past.length + now.admitted} admitted. ` +
    `Episodes: ${now.inTreatment} in treatment (${now.steppedDown} stepped down to Level 1, ${now.staffed} with a full care team), ` +
    `${discharged} discharged (${past.length} months ago, ${now.discharged.length} today), ${alumni} alumni ` +
    `(${past.reduce((n, p) => n + p.alumniSessionsAttended, 0)} alumni sessions attended); ` +
    `${now.charted} of the ${now.admitted} recent admissions have a signed treatment plan, a reassessment, PHQ-9 and GAD-7 (${now.noted} a signed group note); ` +
    `${now.attended + past.reduce((n, p) => n + p.sessionsAttended, 0)} sessions attended; ${individual} individual sessions booked from treatment plans. ` +
    `Chart: ${now.diagnoses} diagnoses, ${now.medications} medications, ${now.allergies} allergies and a BAM (items 7A-7G) for each of the ${now.admitted} recent admissions. ` +
    `Follow-ups: ${followUps.completed} completed, ${followUps.lost} lost, ${followUps.scheduled} scheduled. ` +
    `On call: ${onCallShifts} shifts over the week; safety alerts: ${alerts.open} open, ${alerts.resolved} resolved.`;
}
