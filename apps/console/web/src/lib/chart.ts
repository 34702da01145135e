/**
 * What the patient's chart computes from the API's answers: the program week, the week's required hours, and the
 * measures' trends with their clinical bands. Pure: "today" is passed in.
 */
import type { components as Scheduling } from '../api/scheduling';
import type { MeasureView } from '../api/views';

const DAY = 86_400_000;
const dayNumber = (date: string): number => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY;

/** Week N of the planned weeks: day 1 to 7 of the episode is week 1; null before the start or without a start. */
export function programWeek(startDate: string | null, plannedEndDate: string | null, today: string): { week: number | null; planned: number | null } {
  if (!startDate) return { week: null, planned: null };
  const elapsed = dayNumber(today) - dayNumber(startDate);
  // The planned end is exclusive (admissions sets it to the start plus the planned weeks times seven days).
  const planned = plannedEndDate ? Math.max(1, Math.ceil((dayNumber(plannedEndDate) - dayNumber(startDate)) / 7)) : null;
  return { week: elapsed < 0 ? null : Math.floor(elapsed / 7) + 1, planned };
}

type Weeks = Scheduling['schemas']['EnrollmentWeeksDto'];

/** The current (last) program week with the hours it is held to: the program's minimum a day on each required day. */
export function currentWeekHours(weeks: Weeks): { attended: number; required: number; week: Weeks['items'][number] } | null {
  const week = weeks.items.at(-1);
  if (!week) return null;
  return { attended: week.hoursAttended, required: Math.round(weeks.rule.minHoursPerDay * week.requiredDays * 100) / 100, week };
}

export type Band = { label: string; from: number; to: number; tone: 'ok' | 'low' | 'mid' | 'high' | 'top' };

/** The published severity bands (docs/DOMAIN.md section 3), as outcomes scores them. */
export const BANDS: Record<'PHQ-9' | 'GAD-7', Band[]> = {
  'PHQ-9': [
    { label: 'Minimal', from: 0, to: 4, tone: 'ok' },
    { label: 'Mild', from: 5, to: 9, tone: 'low' },
    { label: 'Moderate', from: 10, to: 14, tone: 'mid' },
    { label: 'Moderately severe', from: 15, to: 19, tone: 'high' },
    { label: 'Severe', from: 20, to: 27, tone: 'top' },
  ],
  'GAD-7': [
    { label: 'Minimal', from: 0, to: 4, tone: 'ok' },
    { label: 'Mild', from: 5, to: 9, tone: 'low' },
    { label: 'Moderate', from: 10, to: 14, tone: 'mid' },
    { label: 'Severe', from: 15, to: 21, tone: 'top' },
  ],
};

export type Series = { key: string; label: string; points: { at: string; value: number; band: string | null }[] };
export type Trend = { instrument: MeasureView['instrument']; max: number; bands: Band[]; series: Series[] };

/** The BAM has no validated total or bands: its three subscales are drawn, each on its own range. */
const BAM_SCALES = [
  { key: 'use', label: 'Use (0-12)' },
  { key: 'risk', label: 'Risk factors (0-24)' },
  { key: 'protective', label: 'Protective factors (0-24)' },
];

/** Each instrument's scores over time, oldest first (the API lists measures oldest first; sorted again to be sure). */
export function trends(measures: MeasureView[]): Trend[] {
  const sorted = [...measures].sort((a, b) => a.administeredAt.localeCompare(b.administeredAt));
  const of = (instrument: MeasureView['instrument']) => sorted.filter((m) => m.instrument === instrument);
  const out: Trend[] = [];
  for (const instrument of ['PHQ-9', 'GAD-7'] as const) {
    const ms = of(instrument);
    if (ms.length === 0) continue;
    const bands = BANDS[instrument];
    out.push({
      instrument, max: bands.at(-1)!.to, bands,
      series: [{ key: 'total', label: 'Total score', points: ms.map((m) => ({ at: m.administeredAt, value: m.scores.total ?? 0, band: m.band })) }],
    });
  }
  const bam = of('BAM');
  if (bam.length > 0) {
    out.push({
      instrument: 'BAM', max: 24, bands: [],
      series: BAM_SCALES.map((s) => ({ key: s.key, label: s.label, points: bam.map((m) => ({ at: m.administeredAt, value: m.scores[s.key] ?? 0, band: null })) })),
    });
  }
  return out;
}

/** `moderately-severe` as `Moderately severe`. */
export const bandLabel = (band: string | null): string => (band ? band.charAt(0).toUpperCase() + band.slice(1).replace(/-/g, ' ') : '');
