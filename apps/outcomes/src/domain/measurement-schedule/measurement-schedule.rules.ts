import { addDays } from '@iop/calendar';
import type { MeasurementScheduleSettings } from '../outcome-settings/outcome-settings.rules';

/**
 * When measures are due (the issue: a baseline within 7 days of admission, then every 2 weeks, and at discharge;
 * configurable per tenant). Each occasion is met by a measure of the instrument taken from its window's first
 * day up to the day before the next occasion's window opens, so a late measure still counts for the occasion it
 * was late for, until the next one supersedes it. Computed from the episode's dates and the measures recorded:
 * nothing here is stored, so a tenant's new policy applies at once.
 */
export type OccasionKind = 'baseline' | 'periodic' | 'discharge';
export type Occasion = { kind: OccasionKind; sequence: number; windowStart: string; dueDate: string; lastDay?: string };
export type OccasionStatus = 'upcoming' | 'due' | 'overdue' | 'met' | 'missed';

export type ScheduledEpisode = { startDate: string; dischargeDate?: string };

function periodicOccasions(episode: ScheduledEpisode, s: MeasurementScheduleSettings, asOf: string, until?: string): Occasion[] {
  const list: Occasion[] = [];
  for (let k = 1; ; k++) {
    const dueDate = addDays(episode.startDate, k * s.intervalDays);
    const windowStart = addDays(dueDate, -s.leadDays);
    if (until !== undefined ? dueDate >= until : list.length > 0 && list[list.length - 1].windowStart > asOf) return list;
    list.push({ kind: 'periodic', sequence: k, windowStart, dueDate });
  }
}

/**
 * An active episode gets occasions up to the first one whose window has not opened by `asOf`. A discharged one
 * gets the periodic occasions due before the discharge occasion's window opens (a later one is superseded by
 * it), then the discharge occasion, open `leadDays` either side of the discharge day.
 */
export function measurementOccasions(episode: ScheduledEpisode, s: MeasurementScheduleSettings, asOf: string): Occasion[] {
  const baseline: Occasion = { kind: 'baseline', sequence: 0, windowStart: episode.startDate, dueDate: addDays(episode.startDate, s.baselineWithinDays) };
  const d = episode.dischargeDate;
  if (d === undefined) return withLastDays([baseline, ...periodicOccasions(episode, s, asOf)]);
  const dischargeWindow = addDays(d, -s.leadDays);
  const periodic = periodicOccasions(episode, s, asOf, s.atDischarge ? dischargeWindow : addDays(d, 1));
  const closing: Occasion[] = s.atDischarge ? [{ kind: 'discharge', sequence: 0, windowStart: dischargeWindow, dueDate: d, lastDay: addDays(d, s.leadDays) }] : [];
  const all = withLastDays([baseline, ...periodic, ...closing]);
  // Nothing is measured for a discharged patient's later occasions: the last one closes too.
  const last = all[all.length - 1];
  if (last.lastDay === undefined) last.lastDay = last.dueDate < d ? d : last.dueDate;
  return all;
}

function withLastDays(occasions: Occasion[]): Occasion[] {
  return occasions.map((o, i) => (i + 1 < occasions.length ? { ...o, lastDay: addDays(occasions[i + 1].windowStart, -1) } : o));
}

/** `measuredOn`: the calendar days a measure of the instrument was taken during the episode. */
export function occasionStatus(o: Occasion, measuredOn: readonly string[], asOf: string): OccasionStatus {
  const met = measuredOn.some((day) => day >= o.windowStart && (o.lastDay === undefined || day <= o.lastDay));
  if (met) return 'met';
  if (asOf < o.windowStart) return 'upcoming';
  if (asOf <= o.dueDate) return 'due';
  return o.lastDay === undefined || asOf <= o.lastDay ? 'overdue' : 'missed';
}
