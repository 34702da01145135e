/**
 * Which sessions a location's blocks produce in a week (pure). A day under a curriculum gets that curriculum's typed
 * sessions; any other block day gets group sessions that fill the block. Times are local, converted per date so that
 * 18:00 stays 18:00 across a daylight-saving change.
 */
import { addDays, clockMinutes, clockTime, formatInZone, localToInstant, WEEKDAY_CODES } from '@iop/calendar';
import type { SessionType, Track } from '@iop/domain-events';
import { curriculumOn } from './curriculum';
import type { Curriculum, SessionBlock } from './location.events';

export type SeriesKind = 'program' | 'alumni';

export interface PlannedSession {
  track: Track;
  type: SessionType;
  series: SeriesKind;
  startsAt: string;
  endsAt: string;
  noCharge?: true;
}

/** Group therapy in slots of about 90 minutes (the contract's example session), ending exactly at the block's end. */
export const GROUP_SLOT_MINUTES = 90;

function slots(start: string, end: string): [number, number][] {
  const from = clockMinutes(start);
  const length = clockMinutes(end) - from;
  const count = Math.max(1, Math.round(length / GROUP_SLOT_MINUTES));
  const each = Math.floor(length / count);
  return Array.from({ length: count }, (_, i) => [from + i * each, i === count - 1 ? from + length : from + (i + 1) * each]);
}

const at = (date: string, minutes: number, timezone: string) => formatInZone(localToInstant(date, clockTime(minutes), timezone), timezone);

export function planProgramWeek(
  blocks: readonly SessionBlock[], track: Track, weekStart: string, timezone: string, curricula: readonly Curriculum[] = [],
): PlannedSession[] {
  const planned: PlannedSession[] = [];
  const session = (date: string, type: SessionType, from: number, to: number) =>
    planned.push({ track, type, series: 'program', startsAt: at(date, from, timezone), endsAt: at(date, to, timezone) });
  WEEKDAY_CODES.forEach((day, i) => {
    const date = addDays(weekStart, i);
    const curriculum = curriculumOn(curricula, track, date);
    if (curriculum) {
      for (const s of curriculum.sessions.filter((c) => c.day === day)) session(date, s.type, clockMinutes(s.start), clockMinutes(s.end));
      return;
    }
    for (const block of blocks.filter((b) => b.track === track && b.days.includes(day))) {
      for (const [from, to] of slots(block.start, block.end)) session(date, 'group-therapy', from, to);
    }
  });
  return planned.sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
}

/**
 * The alumni track (docs/DOMAIN.md section 1: "alumni may keep attending once a week at no cost"): one no-charge group a week, at
 * the start of the track's first block day, one slot long.
 */
export function planAlumniWeek(
  blocks: readonly SessionBlock[], track: Track, weekStart: string, timezone: string, curricula: readonly Curriculum[] = [],
): PlannedSession[] {
  const first = planProgramWeek(blocks, track, weekStart, timezone, curricula)[0];
  if (!first) return [];
  const endsAt = Math.min(Date.parse(first.endsAt), Date.parse(first.startsAt) + GROUP_SLOT_MINUTES * 60_000);
  return [{ ...first, type: 'group-therapy', series: 'alumni', noCharge: true, endsAt: formatInZone(new Date(endsAt), timezone) }];
}

export const planWeek = (
  kind: SeriesKind, blocks: readonly SessionBlock[], track: Track, weekStart: string, timezone: string, curricula: readonly Curriculum[] = [],
) => (kind === 'program' ? planProgramWeek : planAlumniWeek)(blocks, track, weekStart, timezone, curricula);
