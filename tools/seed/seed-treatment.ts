/** Patients in the program now: attendance, a chart, measures, a care team, and a step-down in level of care. */
import { api, eventually } from '../../e2e/api';
import { day, enrollmentOf, ok, outcomesKnows, post, sessionMinutes, type Tokens, type Url } from './seed-support';

/**
 * Plan-driven care (docs/DOMAIN.md section 9) for one patient in three: weekly individual therapy with the demo
 * clinician, and a monthly psychiatric consultation for every sixth; scheduling books them around the evening groups.
 */
const individualCare = (i: number) => [
  ...(i % 3 === 0 ? [{ description: 'Individual CBT: relapse prevention', responsibleStaff: 'demo-clinician', service: 'individual-therapy', cadence: 'weekly', durationMinutes: 50, responsibleRole: 'clinician' }] : []),
  ...(i % 6 === 0 ? [{ description: 'Medication review', responsibleStaff: 'demo-psychiatrist', service: 'psychiatric-consultation', cadence: 'monthly', durationMinutes: 30, responsibleRole: 'psychiatrist' }] : []),
];

/**
 * Attendance at every session held so far (a no-show now and then opens an outreach task), and for two in three: a
 * signed treatment plan and group note, a reassessment, two PHQ-9 and two GAD-7 (scored today: outcomes refuses a
 * measure dated before the day the admission was recorded).
 */
export async function inTreatment(url: Url, episodeId: string, i: number, t: Tokens): Promise<{ attended: number; charted: boolean; noted: boolean }> {
  const held = (await enrollmentOf(url, t, episodeId)).filter((b) => !b.noCharge && Date.parse(b.endsAt) < Date.now());
  await outcomesKnows(url, t, episodeId);
  let attended = 0;
  for (const [k, b] of held.entries()) {
    const absent = (i + k) % 16 === 7;
    ok(await post(url('scheduling'), `/v1/sessions/${b.sessionId}/attendance`, t.clinician, { episodeId, status: absent ? 'absent-unexcused' : 'present', minutesAttended: absent ? 0 : sessionMinutes(b) }), 'attendance');
    if (!absent) attended++;
  }
  if (i % 3 === 2) return { attended, charted: false, noted: false };
  const plan = await eventually(async () => {
    const p = await post(url('clinical-notes'), `/v1/episodes/${episodeId}/treatment-plan`, t.clinician, {
      problems: [{ description: 'Cravings in the evening', asamDimensions: ['d5'], goals: [{ description: 'Use coping skills daily', targetDate: day(56),
        objectives: [{ description: 'Log cravings and responses', measure: 'craving log', targetDate: day(28) }],
        interventions: [{ description: 'Relapse-prevention group', frequency: '4x weekly', responsibleStaff: 'demo-clinician' }, ...individualCare(i)] }] }],
    });
    return p.status === 201 ? p.body : undefined;
  }, 60_000, 'the chart');
  ok(await post(url('clinical-notes'), `/v1/treatment-plans/${plan.planId}/sign`, t.clinician, {}), 'plan signature');
  if (held[0]) {
    const note = ok(await post(url('clinical-notes'), '/v1/notes', t.clinician, { episodeId, sessionId: held[0].sessionId, type: 'group-session', groupSummary: 'Relapse prevention: high-risk situations.', body: 'Participated; identified two triggers.' }), 'note');
    ok(await post(url('clinical-notes'), `/v1/notes/${note.body.noteId}/sign`, t.clinician, {}), 'note signature');
  }
  ok(await post(url('clinical-notes'), `/v1/episodes/${episodeId}/reassessments`, t.clinician, { criteriaEdition: 3, ratings: { d1: 0, d2: 0, d3: 1, d4: 1, d5: 1 + (i % 2), d6: 1 } }), 'reassessment');
  const measures = [
    { instrument: 'PHQ-9', answers: [2, 1, 2, 1, 1, 1, 1, 0, 0] }, { instrument: 'PHQ-9', answers: [1, 0, 1, 1, 0, 1, 0, 0, 0] },
    { instrument: 'GAD-7', answers: [2, 2, 1, 2, 1, 1, 1] }, { instrument: 'GAD-7', answers: [1, 1, 1, 1, 0, 1, 0] },
  ];
  for (const m of measures) ok(await post(url('outcomes'), '/v1/measures', t.clinician, { episodeId, ...m }), m.instrument);
  return { attended, charted: true, noted: held.length > 0 };
}

/** Staff are identity-provider subjects (no names): one per care-team role. */
export const CARE_TEAM = [
  { staffId: 'demo-clinician', role: 'primary-counselor' },
  { staffId: 'demo-supervisor', role: 'behavioral-health-professional' },
  { staffId: 'demo-psychiatrist', role: 'psychiatrist' },
  { staffId: 'demo-nurse', role: 'nurse' },
  { staffId: 'demo-case-manager', role: 'case-manager' },
] as const;

export async function staffCareTeam(url: Url, t: Tokens, episodeId: string): Promise<void> {
  for (const member of CARE_TEAM) ok(await post(url('admissions'), `/v1/episodes/${episodeId}/care-team`, t.supervisor, member), 'care team');
}

/** docs/DOMAIN.md section 2, transfer criterion 1: goals of the intensive phase achieved, the patient continues at Level 1. */
export async function stepDown(url: Url, t: Tokens, episodeId: string): Promise<string> {
  const res = ok(await post(url('admissions'), `/v1/episodes/${episodeId}/level-changes`, t.clinician, {
    toLevel: '1', reason: 'Intensive-phase goals met at the continued-stay review; continues in outpatient care (Level 1).',
  }), 'level change');
  return res.body.toLevel as string;
}

/** The plan-driven sessions scheduling booked for the episodes (waits for the first: the plans reach it through Kafka). */
export async function plannedCare(url: Url, t: Tokens, episodeIds: readonly string[]): Promise<number> {
  const count = async () => {
    let n = 0;
    for (const episodeId of episodeIds) {
      const res = await api(url('scheduling'), 'GET', `/v1/episodes/${episodeId}/schedule`, t.clinician);
      const items = (res.body?.items ?? []) as { type: string; booking: string }[];
      n += items.filter((x) => ['individual-therapy', 'psychiatric-consultation'].includes(x.type) && x.booking === 'booked').length;
    }
    return n;
  };
  return eventually(async () => ((await count()) > 0 ? count() : undefined), 60_000, 'the plans\' individual sessions');
}

