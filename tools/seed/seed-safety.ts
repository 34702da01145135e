/** On call and crisis in the demo clinic: a week of on-call shifts per location, and safety alerts (docs/DOMAIN.md section 8). */
import { api, eventually } from '../../e2e/api';
import { addDays, day, ok, post, type Tokens, type Url } from './seed-support';

/**
 * Day and night shifts (09:00-21:00, 21:00-09:00 local, so the night shift across a daylight-saving change is 11 or
 * 13 hours) from yesterday for a week, kept by the clinical supervisor. Staff are subjects, as on the care team.
 */
export async function onCallRosters(url: Url, t: Tokens, locationIds: readonly string[]): Promise<number> {
  let shifts = 0;
  for (const locationId of new Set(locationIds)) {
    const days = Array.from({ length: 8 }, (_, k) => addDays(day(-1), k));
    const roster = days.flatMap((d) => [
      { staffId: 'demo-clinician', from: `${d}T09:00`, to: `${d}T21:00`, contact: 'On-call phone, ext. 100 (demo)' },
      { staffId: 'demo-supervisor', from: `${d}T21:00`, to: `${addDays(d, 1)}T09:00`, contact: 'On-call pager 555-0199 (demo)' },
    ]);
    const res = ok(await api(url('scheduling'), 'PUT', `/v1/locations/${locationId}/on-call`, t.supervisor, { shifts: roster }), 'on-call roster');
    shifts += res.body.shifts.length;
  }
  return shifts;
}

type Alert = { alertId: string; status: string; routedTo: string; routedToStaffId?: string };

async function alertOf(url: Url, t: Tokens, episodeId: string): Promise<Alert> {
  return eventually(async () => {
    const res = await api(url('clinical-notes'), 'GET', `/v1/safety-alerts?episodeId=${episodeId}`, t.clinician);
    return res.status === 200 && res.body.items.length ? (res.body.items[0] as Alert) : undefined;
  }, 60_000, 'the safety alert');
}

/**
 * Two PHQ-9s with item 9 answered above 0 (thoughts of self-harm: synthetic answers): one alert the on-call clinician
 * acknowledged and resolved with a summary, so the response-time metrics have a figure, and one still open on the
 * worklist. Returns how many alerts are open.
 */
export async function safetyAlerts(url: Url, t: Tokens, episodeIds: readonly string[]): Promise<{ open: number; resolved: number }> {
  const [handled, waiting] = episodeIds;
  const positiveItem9 = { instrument: 'PHQ-9', answers: [2, 2, 1, 2, 1, 1, 1, 1, 1] };
  ok(await post(url('outcomes'), '/v1/measures', t.clinician, { episodeId: handled, ...positiveItem9 }), 'PHQ-9');
  const alert = await alertOf(url, t, handled);
  ok(await post(url('clinical-notes'), `/v1/safety-alerts/${alert.alertId}/acknowledge`, t.clinician, {}), 'acknowledge');
  ok(await post(url('clinical-notes'), `/v1/safety-alerts/${alert.alertId}/resolve`, t.clinician, {
    summary: 'Demo data: called the patient, reviewed the safety plan together; no plan or intent; seen in group tomorrow.',
  }), 'resolve');
  let open = 0;
  if (waiting) {
    ok(await post(url('outcomes'), '/v1/measures', t.clinician, { episodeId: waiting, ...positiveItem9 }), 'PHQ-9');
    await alertOf(url, t, waiting);
    open = 1;
  }
  // Outcomes learns the timings from clinical notes' events: the program metrics show them once it has.
  await eventually(async () => {
    const m = await api(url('outcomes'), 'GET', '/v1/metrics/program', t.admin);
    return m.status === 200 && m.body.safetyAlertTimeToResolveMinutes?.count > 0 ? true : undefined;
  }, 60_000, 'outcomes to learn the safety alerts');
  return { open, resolved: 1 };
}
