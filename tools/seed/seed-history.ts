/**
 * Patients whose program ended months ago, so that their 30- and 90-day follow-up windows (docs/DOMAIN.md section 3:
 * 30/90/180 days, 14 days either side) have closed: each of those follow-ups has a result or is lost. Every command
 * carries the past time it records (referredAt, startDate, attendance on past sessions, collectedOn, dischargedAt,
 * completedAt, and the admission's admittedAt, the day before the program began), so a PHQ-9 in the first week is
 * dated in the first week. The alumni among them came to the alumni sessions they were booked on after the discharge
 * (the week they joined and the next), so alumni attendance is a figure too.
 */
import { eventually } from '../../e2e/api';
import { addDays, admit, type Booking, day, enrollmentOf, followUpsOf, ok, outcomesKnows, post, sessionMinutes, type Tokens, type Url } from './seed-support';

type DischargeReason = 'completed' | 'step-down' | 'against-medical-advice' | 'non-attendance';

export type PastCase = {
  startDaysAgo: number;
  stayDays: number;
  reason: DischargeReason;
  joinAlumni: boolean;
  /** The 30- and 90-day contacts: abstinent or not; null when nobody reached the patient (lost once the window closes). */
  contacts: [boolean | null, boolean | null];
};

/** Discharges 121 to 168 days ago: the 90-day windows ended at least 17 days ago, the 180-day ones are due in 12 to 59 days. */
export const PAST_CASES: readonly PastCase[] = [
  { startDaysAgo: 200, stayDays: 56, reason: 'completed', joinAlumni: true, contacts: [true, true] },
  { startDaysAgo: 196, stayDays: 42, reason: 'step-down', joinAlumni: true, contacts: [true, null] },
  { startDaysAgo: 192, stayDays: 24, reason: 'against-medical-advice', joinAlumni: false, contacts: [false, null] },
  { startDaysAgo: 182, stayDays: 56, reason: 'completed', joinAlumni: false, contacts: [null, true] },
  { startDaysAgo: 178, stayDays: 31, reason: 'non-attendance', joinAlumni: false, contacts: [null, null] },
  { startDaysAgo: 170, stayDays: 49, reason: 'completed', joinAlumni: false, contacts: [null, null] },
];

export type PastOutcome = {
  episodeId: string; reason: DischargeReason; joinAlumni: boolean; followUpsCompleted: number; sessionsAttended: number; alumniSessionsAttended: number;
};
type Place = { locationId: string; track: string };

/** Referral, assessment and admission, all dated before the program's first day. */
async function admitInThePast(url: Url, t: Tokens, referralId: string, place: Place, startDate: string): Promise<string> {
  ok(await post(url('admissions'), `/v1/referrals/${referralId}/assessments`, t.clinician, { criteriaEdition: 3, ratings: { d1: 1, d2: 0, d3: 2, d4: 2, d5: 3, d6: 2 } }), 'assessment');
  return admit(url, t, referralId, { ...place, startDate, levelOfCare: '2.1', admittedAt: `${addDays(startDate, -1)}T15:00:00Z` });
}

/** Sessions before the discharge: mostly present, now and then late or excused; a non-attendance discharge stops coming after two weeks. */
async function attendPast(url: Url, t: Tokens, episodeId: string, bookings: Booking[], c: PastCase, startDate: string, dischargedAt: string): Promise<number> {
  const lastDay = c.reason === 'non-attendance' ? `${addDays(startDate, 14)}T00:00:00Z` : dischargedAt;
  const attended = bookings.filter((b) => !b.noCharge && Date.parse(b.endsAt) < Date.parse(lastDay));
  let present = 0;
  for (const [k, b] of attended.entries()) {
    const absent = k % 29 === 13;
    const status = absent ? 'absent-excused' : k % 37 === 20 ? 'late' : 'present';
    const minutes = absent ? 0 : sessionMinutes(b) - (status === 'late' ? 20 : 0);
    ok(await post(url('scheduling'), `/v1/sessions/${b.sessionId}/attendance`, t.clinician, { episodeId, status, minutesAttended: minutes }), 'past attendance');
    if (!absent) present++;
  }
  return present;
}

/** A urine drug screen in the second week: a past collection day is accepted (a PHQ-9 dated before today is not). */
async function drugScreen(url: Url, t: Tokens, episodeId: string, collectedOn: string, positive: boolean): Promise<void> {
  const results = [{ analyte: 'fentanyl', result: 'negative' }, { analyte: 'thc', result: positive ? 'positive' : 'negative' }];
  ok(await post(url('outcomes'), '/v1/drug-screens', t.clinician, { episodeId, collectedOn, results }), 'past drug screen');
}

/** Results for the contacts that took place, two days after each due date (inside its window). */
async function recordContacts(url: Url, t: Tokens, episodeId: string, contacts: PastCase['contacts']): Promise<number> {
  const followUps = (await followUpsOf(url, t, episodeId)).sort((a, b) => a.sequence - b.sequence);
  let completed = 0;
  for (const [k, abstinent] of contacts.entries()) {
    const followUp = followUps[k];
    if (abstinent === null || !followUp) continue;
    const completedAt = `${addDays(followUp.dueDate, 2)}T17:00:00Z`;
    const measures = [{ instrument: 'PHQ-9', answers: abstinent ? [1, 0, 1, 0, 0, 1, 0, 0, 0] : [2, 2, 1, 2, 1, 1, 1, 1, 0] }];
    ok(await post(url('outcomes'), `/v1/follow-ups/${followUp.followUpId}/result`, t.clinician, { abstinent, completedAt, measures }), 'past follow-up result');
    completed++;
  }
  return completed;
}

/**
 * The alumni sessions scheduling booked from the (past) discharge, once it has consumed AlumniEnrolled; each one held
 * is attended. Recorded after outcomes has the discharge (the follow-ups are its sign), so outcomes counts them as alumni sessions.
 */
async function attendAlumni(url: Url, t: Tokens, episodeId: string): Promise<number> {
  const alumniSeats = await eventually(async () => {
    const seats = (await enrollmentOf(url, t, episodeId)).filter((b) => b.noCharge);
    return seats.length ? seats : undefined;
  }, 60_000, 'the alumni bookings');
  const held = alumniSeats.filter((b) => Date.parse(b.endsAt) < Date.now());
  for (const b of held) {
    ok(await post(url('scheduling'), `/v1/sessions/${b.sessionId}/attendance`, t.clinician, { episodeId, status: 'present', minutesAttended: sessionMinutes(b) }), 'alumni attendance');
  }
  return held.length;
}

/** One patient's whole past episode, from referral to the follow-up contacts. */
export async function pastEpisode(url: Url, t: Tokens, referralId: string, place: Place, c: PastCase): Promise<PastOutcome> {
  const startDate = day(-c.startDaysAgo);
  const episodeId = await admitInThePast(url, t, referralId, place, startDate);
  const dischargedAt = `${addDays(startDate, c.stayDays)}T16:00:00Z`;
  const bookings = await enrollmentOf(url, t, episodeId);
  await outcomesKnows(url, t, episodeId);
  await drugScreen(url, t, episodeId, addDays(startDate, 8), c.reason === 'against-medical-advice');
  ok(await post(url('outcomes'), '/v1/measures', t.clinician, {
    episodeId, instrument: 'PHQ-9', answers: [2, 2, 1, 2, 1, 1, 1, 0, 0], administeredAt: `${addDays(startDate, 1)}T17:00:00Z`,
  }), 'past PHQ-9');
  const sessionsAttended = await attendPast(url, t, episodeId, bookings, c, startDate, dischargedAt);
  ok(await post(url('admissions'), `/v1/episodes/${episodeId}/discharge`, t.clinician, {
    reason: c.reason, dischargedAt, joinAlumni: c.joinAlumni, overrideReason: 'Demo history: discharge decided by the care team at the time.',
  }), 'past discharge');
  const followUpsCompleted = await recordContacts(url, t, episodeId, c.contacts);
  const alumniSessionsAttended = c.joinAlumni ? await attendAlumni(url, t, episodeId) : 0;
  return { episodeId, reason: c.reason, joinAlumni: c.joinAlumni, followUpsCompleted, sessionsAttended, alumniSessionsAttended };
}

/** The outcomes sweep, run now for this tenant: every follow-up whose window ended before today becomes lost. */
export async function closeFollowUpWindows(url: Url, t: Tokens): Promise<number> {
  const res = ok(await post(url('outcomes'), '/v1/admin/follow-ups/close-windows', t.admin, { asOf: day(0) }), 'close follow-up windows');
  return (res.body.lost as string[]).length;
}

/** When the referral arrived: a few days before the first program day. */
export const pastReferredAt = (c: PastCase, k: number): string => `${day(-c.startDaysAgo - 2 - (k % 4))}T14:00:00Z`;
