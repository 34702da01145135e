/**
 * A track's curriculum: each block day divided into typed sessions (pure). Versions apply from their effective local
 * date; the weekly hours rule (docs/DOMAIN.md section 1: at least 3 hours a day on at least 4 days a week, from the
 * tenant's program settings) is checked against the week a curriculum offers before it is saved.
 */
import { clockMinutes, WEEKDAY_CODES } from '@iop/calendar';
import type { FieldError } from '@iop/decider';
import type { Track, Weekday } from '@iop/domain-events';
import type { HoursRule } from '../program/program-rules';
import { sessionIsOneToOne } from '../session/session-kinds';
import type { Curriculum, CurriculumSession, SessionBlock } from './location.events';

/** Sessions lie inside a block of their track on their day, end after they start, and never overlap one another. */
export function curriculumProblems(track: Track, sessions: readonly CurriculumSession[], blocks: readonly SessionBlock[]): FieldError[] {
  const problems: FieldError[] = [];
  sessions.forEach((s, i) => {
    const [from, to] = [clockMinutes(s.start), clockMinutes(s.end)];
    if (to <= from) {
      problems.push({ path: `sessions.${i}.end`, message: 'must be after start (same day)' });
      return;
    }
    const inBlock = blocks.some((b) => b.track === track && b.days.includes(s.day) && clockMinutes(b.start) <= from && to <= clockMinutes(b.end));
    // One-to-one sessions are booked on top of the track (BookSession), never generated as a series with group seats.
    if (sessionIsOneToOne(s.type)) problems.push({ path: `sessions.${i}.type`, message: `${s.type} is one-to-one: book it on top of the track` });
    if (!inBlock) problems.push({ path: `sessions.${i}`, message: `${s.day} ${s.start}-${s.end} is outside the location's ${track} blocks` });
    sessions.slice(0, i).forEach((other, j) => {
      if (other.day === s.day && clockMinutes(other.start) < to && from < clockMinutes(other.end)) {
        problems.push({ path: `sessions.${i}`, message: `overlaps sessions.${j} on ${s.day}` });
      }
    });
  });
  return problems;
}

/** Session minutes per weekday of the curriculum's week. */
export function minutesPerWeekday(sessions: readonly CurriculumSession[]): Map<Weekday, number> {
  const days = new Map<Weekday, number>();
  for (const s of sessions) days.set(s.day, (days.get(s.day) ?? 0) + clockMinutes(s.end) - clockMinutes(s.start));
  return days;
}

const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

/**
 * Why the curriculum's week cannot meet the hours rule, naming each day and its hours; none when it can. A patient who
 * attended every session of such a week would still breach the rule, so the curriculum is refused when saved.
 */
export function hoursRuleShortfall(sessions: readonly CurriculumSession[], rule: HoursRule): FieldError[] {
  const days = [...minutesPerWeekday(sessions)].sort(([a], [b]) => WEEKDAY_CODES.indexOf(a) - WEEKDAY_CODES.indexOf(b));
  const qualifying = days.filter(([, m]) => m >= rule.minHoursPerDay * 60);
  if (qualifying.length >= rule.minDaysPerWeek) return [];
  const offered = days.length ? days.map(([d, m]) => `${d} ${hours(m)} h`).join(', ') : 'no sessions';
  return [
    {
      path: 'sessions',
      message: `offers ${offered}: ${qualifying.length} day(s) of at least ${rule.minHoursPerDay} h, the program asks at least ${rule.minDaysPerWeek}`,
    },
    ...days.filter(([, m]) => m < rule.minHoursPerDay * 60).map(([d, m]) => ({ path: `sessions.${d}`, message: `${d} has ${hours(m)} h, under ${rule.minHoursPerDay} h` })),
  ];
}

/** The version of a track's curriculum in force on a local date, if any (versions sorted by effective date). */
export function curriculumOn(curricula: readonly Curriculum[], track: Track, date: string): Curriculum | undefined {
  let found: Curriculum | undefined;
  for (const c of curricula) if (c.track === track && c.effectiveFrom <= date && (!found || c.effectiveFrom >= found.effectiveFrom)) found = c;
  return found;
}
