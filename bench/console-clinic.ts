/**
 * What `npm run bench -- console` measures the chart and the dashboard on, seeded through the services' own HTTP
 * commands (as tools/seed does): a patient with 8 weeks of history, and a clinic of many episodes over the past year.
 */
import { api, eventually } from '../e2e/api';
import { mintToken } from '../infra/local';
import { addDays, admit, day, enrollmentOf, ok, outcomesKnows, post, sessionMinutes, type Tokens, type Url } from '../tools/seed/seed-support';

type Place = { locationId: string; track: string };

async function tokens(tenant: string): Promise<Tokens> {
  const token = (role: string) => mintToken({ tenant, roles: [role], subject: `demo-${role}` });
  const [admin, intake, clinician, supervisor, psychiatrist, nurse] = await Promise.all(['admin', 'intake', 'clinician', 'supervisor', 'psychiatrist', 'nurse'].map(token));
  return { admin, intake, clinician, supervisor, psychiatrist, nurse };
}

/** Every location's tracks (the demo clinic's: two locations, three blocks). */
async function places(url: Url, t: Tokens): Promise<Place[]> {
  const res = ok(await api(url('scheduling'), 'GET', '/v1/locations?limit=200', t.admin), 'locations');
  const items = res.body.items as { locationId: string; blocks: { track: string }[] }[];
  const all = items.flatMap((l) => [...new Set(l.blocks.map((b) => b.track))].map((track) => ({ locationId: l.locationId, track })));
  if (all.length === 0) throw new Error('seeding: the clinic has no location (seed the demo clinic first)');
  return all;
}

/** Referral, assessment and admission, dated a few days before the first program day. */
async function admitted(url: Url, t: Tokens, place: Place, startDate: string, i: number, lastName: string): Promise<{ referralId: string; episodeId: string }> {
  const referralId = ok(await post(url('admissions'), '/v1/referrals', t.intake, {
    patient: { firstName: 'Bench', lastName, dateOfBirth: `19${60 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}` },
    source: 'residential', referredAt: `${addDays(startDate, -2 - (i % 5))}T14:00:00Z`,
  }), 'referral').body.referralId as string;
  ok(await post(url('admissions'), `/v1/referrals/${referralId}/assessments`, t.clinician, { criteriaEdition: 3, ratings: { d1: 1, d2: 0, d3: 2, d4: 2, d5: 2 + (i % 2), d6: 1 } }), 'assessment');
  const episodeId = await admit(url, t, referralId, { ...place, startDate, levelOfCare: '2.1', admittedAt: `${addDays(startDate, -1)}T15:00:00Z` });
  return { referralId, episodeId };
}

const PHQ9 = [[2, 2, 2, 2, 1, 2, 1, 1, 0], [2, 1, 2, 1, 1, 1, 1, 1, 0], [1, 1, 2, 1, 1, 1, 0, 1, 0], [1, 1, 1, 1, 0, 1, 0, 0, 0], [1, 0, 1, 0, 0, 1, 0, 0, 0]];
const GAD7 = [[2, 2, 2, 2, 1, 2, 1], [2, 1, 2, 1, 1, 1, 1], [1, 1, 2, 1, 1, 1, 0], [1, 1, 1, 1, 0, 1, 0], [1, 0, 1, 0, 0, 1, 0]];

/**
 * A patient 8 weeks into the program: every session held so far attended (one in eleven excused), a signed plan, a
 * signed note for the first session attended each week, PHQ-9 and GAD-7 every two weeks, a drug screen each week, and
 * the weeks closed (their hours summarised).
 */
export async function seedChartPatient(url: Url, tenant: string): Promise<{ patientId: string; episodeId: string; summary: string }> {
  const t = await tokens(tenant);
  const [place] = await places(url, t);
  const startDate = day(-56);
  const { referralId, episodeId } = await admitted(url, t, place, startDate, 0, 'Eightweeks');
  const patientId = ok(await api(url('admissions'), 'GET', `/v1/referrals/${referralId}`, t.intake), 'referral').body.patientId as string;
  const held = (await enrollmentOf(url, t, episodeId)).filter((b) => !b.noCharge && Date.parse(b.endsAt) < Date.now());
  await outcomesKnows(url, t, episodeId);
  const attendedSessions: { sessionId: string; startsAt: string }[] = [];
  for (const [k, b] of held.entries()) {
    const excused = k % 11 === 5;
    ok(await post(url('scheduling'), `/v1/sessions/${b.sessionId}/attendance`, t.clinician, {
      episodeId, status: excused ? 'absent-excused' : 'present', minutesAttended: excused ? 0 : sessionMinutes(b),
    }), 'attendance');
    if (!excused) attendedSessions.push(b);
  }
  const plan = await eventually(async () => {
    const p = await post(url('clinical-notes'), `/v1/episodes/${episodeId}/treatment-plan`, t.clinician, {
      problems: [{ description: 'Cravings in the evening', asamDimensions: ['d5'], goals: [{ description: 'Use coping skills daily', targetDate: day(14),
        objectives: [{ description: 'Log cravings and responses', measure: 'craving log', targetDate: day(7) }],
        interventions: [{ description: 'Relapse-prevention group', frequency: '4x weekly', responsibleStaff: 'demo-clinician' }] }] }],
    });
    return p.status === 201 ? p.body : undefined;
  }, 60_000, 'the chart');
  ok(await post(url('clinical-notes'), `/v1/treatment-plans/${plan.planId}/sign`, t.clinician, {}), 'plan signature');
  const weekly = new Map<number, { sessionId: string }>();
  for (const s of attendedSessions) {
    const week = Math.floor((Date.parse(s.startsAt) - Date.parse(`${startDate}T00:00:00Z`)) / (7 * 86_400_000));
    if (!weekly.has(week)) weekly.set(week, s);
  }
  for (const s of weekly.values()) {
    // Clinical notes accepts a note once it has consumed the session's attendance.
    const note = await eventually(async () => {
      const n = await post(url('clinical-notes'), '/v1/notes', t.clinician, { episodeId, sessionId: s.sessionId, type: 'group-session', groupSummary: 'Relapse prevention.', body: 'Participated; practised a coping skill.' });
      return n.status === 201 ? n.body : undefined;
    }, 60_000, 'the session\'s attendance in clinical notes');
    ok(await post(url('clinical-notes'), `/v1/notes/${note.noteId}/sign`, t.clinician, {}), 'note signature');
  }
  for (const [k, offset] of [1, 14, 28, 42, 55].entries()) {
    const administeredAt = `${addDays(startDate, offset)}T17:00:00Z`;
    ok(await post(url('outcomes'), '/v1/measures', t.clinician, { episodeId, instrument: 'PHQ-9', answers: PHQ9[k], administeredAt }), 'PHQ-9');
    ok(await post(url('outcomes'), '/v1/measures', t.clinician, { episodeId, instrument: 'GAD-7', answers: GAD7[k], administeredAt }), 'GAD-7');
  }
  for (let w = 0; w < 8; w++) {
    const results = [{ analyte: 'fentanyl', result: 'negative' }, { analyte: 'thc', result: w < 2 ? 'positive' : 'negative' }];
    ok(await post(url('outcomes'), '/v1/drug-screens', t.clinician, { episodeId, collectedOn: addDays(startDate, 7 * w + 2), results }), 'drug screen');
  }
  ok(await post(url('scheduling'), '/v1/admin/close-weeks', t.admin, { before: day(0) }), 'close weeks');
  return { patientId, episodeId, summary: `chart patient: ${held.length} sessions held, ${attendedSessions.length} attended, ${weekly.size} signed notes, 10 measures, 8 drug screens` };
}

const REASONS = ['completed', 'completed', 'step-down', 'against-medical-advice', 'non-attendance', 'completed', 'transfer', 'administrative'] as const;

/**
 * `episodes` admissions whose first program days spread over the past year, `workers` at a time; those that started
 * more than four weeks ago are discharged (nine in ten) after 3 to 8 weeks, for reasons in REASONS' proportions; every
 * other discharge whose 30-day contact is past has its result (three in five abstinent). Attendance is not recorded
 * for them (the chart patient's is): their weeks are closed with no hours.
 */
export async function seedClinic(url: Url, tenant: string, episodes: number, workers = 8): Promise<string> {
  const t = await tokens(tenant);
  const all = await places(url, t);
  const discharged: { episodeId: string; i: number; on: string }[] = [];
  let next = 0;
  const one = async (i: number) => {
    const startAgo = 7 + Math.floor((i * 357) / Math.max(1, episodes));
    const startDate = day(-startAgo);
    const { episodeId } = await admitted(url, t, all[i % all.length], startDate, i, `Clinic${i}`);
    if (startAgo <= 28 || i % 10 === 9) return;
    const stay = Math.min(startAgo - 1, 21 + (i % 6) * 7);
    const on = addDays(startDate, stay);
    ok(await post(url('admissions'), `/v1/episodes/${episodeId}/discharge`, t.clinician, {
      reason: REASONS[i % REASONS.length], dischargedAt: `${on}T16:00:00Z`, joinAlumni: false, overrideReason: 'Benchmark history: decided by the care team.',
    }), 'discharge');
    discharged.push({ episodeId, i, on });
  };
  await Promise.all(Array.from({ length: workers }, async () => {
    for (let i = next++; i < episodes; i = next++) await one(i);
  }));
  let results = 0;
  const contacts = discharged.filter((d) => d.i % 2 === 0 && addDays(d.on, 32) < day(0));
  next = 0;
  await Promise.all(Array.from({ length: workers }, async () => {
    for (let k = next++; k < contacts.length; k = next++) {
      const { episodeId, i } = contacts[k];
      const first = await eventually(async () => {
        const f = await api(url('outcomes'), 'GET', `/v1/episodes/${episodeId}/follow-ups`, t.clinician);
        return f.status === 200 && f.body.items.length ? (f.body.items as { followUpId: string; sequence: number; dueDate: string }[]).find((x) => x.sequence === 1) : undefined;
      }, 120_000, 'follow-ups');
      if (!first || addDays(first.dueDate, 2) >= day(0)) continue;
      ok(await post(url('outcomes'), `/v1/follow-ups/${first.followUpId}/result`, t.clinician, { abstinent: i % 5 < 3, completedAt: `${addDays(first.dueDate, 2)}T17:00:00Z` }), 'follow-up result');
      results++;
    }
  }));
  // One request closes every enrollment's past weeks: far longer than the e2e client's 30 s for a big clinic.
  const closed = await fetch(`${url('scheduling')}/v1/admin/close-weeks`, {
    method: 'POST', headers: { authorization: `Bearer ${t.admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ before: day(0) }),
    signal: AbortSignal.timeout(900_000),
  });
  if (!closed.ok) throw new Error(`seeding: close weeks answered ${closed.status} ${await closed.text()}`);
  return `clinic: ${episodes} episodes admitted over the past year, ${discharged.length} discharged, ${results} first follow-ups recorded`;
}

/** Outcomes has applied them all once its admission cohort of the past year holds at least `episodes`. */
export async function outcomesCaughtUp(url: Url, tenant: string, episodes: number): Promise<void> {
  const t = await tokens(tenant);
  await eventually(async () => {
    const m = await api(url('outcomes'), 'GET', '/v1/metrics/program', t.admin);
    return m.status === 200 && m.body.cohorts.admitted >= episodes ? true : undefined;
  }, 600_000, 'outcomes to apply the clinic');
}
