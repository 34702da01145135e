import { localToInstant } from '@iop/calendar';
import { type CommandMetadata, conflict, type Decider, type FieldError, invalid } from '@iop/decider';
import type { OnCallEvent, OnCallShift } from './on-call.events';
import { byStart, evolve, initialState, type OnCallState, startsWithin } from './on-call.state';

/** A time as the API takes it: an instant with its offset, or a local date-time read in the location's zone. */
export type ShiftInput = { staffId: string; from: string; to: string; contact: string };

export type OnCallCommand = {
  type: 'ReplaceOnCallRoster';
  data: { locationId: string; timezone: string; shifts: ShiftInput[]; from?: string; to?: string; allowOverlap?: boolean };
  metadata: CommandMetadata;
};

/** A shift longer than this is a typo (a year for a day), not a roster: two weeks covers any rota we know of. */
export const MAX_SHIFT_HOURS = 14 * 24;

/** Rosters are for the years a clinic runs; a year outside these is a typo (and 0000 is no year PostgreSQL stores). */
const EARLIEST = Date.parse('2000-01-01T00:00:00Z');
const LATEST = Date.parse('2100-01-01T00:00:00Z');
const inRange = (ms: number): string | undefined => (ms >= EARLIEST && ms < LATEST ? new Date(ms).toISOString() : undefined);

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const LOCAL = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:00)?$/;

/**
 * An instant from either form. Local times go through the location's zone date by date, so a shift from Saturday
 * 21:00 to Sunday 09:00 lasts 11 hours on the night clocks spring forward; a local time that does not exist moves
 * forward by the gap, an ambiguous one takes the earlier instant (libs/calendar, `localToInstant`). Years 2000-2099.
 */
export function toInstant(value: string, timezone: string): string | undefined {
  if (WITH_OFFSET.test(value)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : inRange(ms);
  }
  const local = LOCAL.exec(value);
  if (!local) return undefined;
  const [hh, mm] = local[2].split(':').map(Number);
  const midnight = Date.parse(`${local[1]}T00:00:00Z`);
  // A date that does not exist (February 30) either fails to parse or rolls over into another.
  if (hh > 23 || mm > 59 || Number.isNaN(midnight) || new Date(midnight).toISOString().slice(0, 10) !== local[1]) return undefined;
  const year = Number(local[1].slice(0, 4));
  if (year < 2000 || year >= 2100) return undefined;
  return inRange(localToInstant(local[1], local[2], timezone).getTime());
}

const overlaps = (a: OnCallShift, b: OnCallShift) => Date.parse(a.from) < Date.parse(b.to) && Date.parse(b.from) < Date.parse(a.to);

/**
 * Pairs of shifts on call at the same time, at least one of them new, as `staffId from..to` texts for the problem's
 * detail. Overlaps among the shifts kept were allowed when they were saved: they do not block a change elsewhere.
 */
export function overlappingShifts(kept: readonly OnCallShift[], added: readonly OnCallShift[]): string[] {
  const found: string[] = [];
  const all = [...kept, ...added].sort(byStart);
  all.forEach((s, i) => all.slice(i + 1).forEach((t) => {
    if ((added.includes(s) || added.includes(t)) && overlaps(s, t)) found.push(`${s.staffId} ${s.from}..${s.to} overlaps ${t.staffId} ${t.from}..${t.to}`);
  }));
  return found;
}

function replace(command: OnCallCommand, state: OnCallState): OnCallEvent[] {
  const { locationId, timezone, allowOverlap = false } = command.data;
  const errors: FieldError[] = [];
  const shifts: OnCallShift[] = [];
  command.data.shifts.forEach((s, i) => {
    const from = toInstant(s.from, timezone);
    const to = toInstant(s.to, timezone);
    if (!from) errors.push({ path: `shifts.${i}.from`, message: 'must be a date-time with an offset, or a local YYYY-MM-DDTHH:mm' });
    if (!to) errors.push({ path: `shifts.${i}.to`, message: 'must be a date-time with an offset, or a local YYYY-MM-DDTHH:mm' });
    if (!from || !to) return;
    const hours = (Date.parse(to) - Date.parse(from)) / 3_600_000;
    if (hours <= 0) errors.push({ path: `shifts.${i}.to`, message: 'must be after from' });
    else if (hours > MAX_SHIFT_HOURS) errors.push({ path: `shifts.${i}.to`, message: `a shift lasts at most ${MAX_SHIFT_HOURS} hours` });
    else shifts.push({ staffId: s.staffId, from, to, contact: s.contact });
  });
  const periodFrom = command.data.from === undefined ? undefined : toInstant(command.data.from, timezone);
  const periodTo = command.data.to === undefined ? undefined : toInstant(command.data.to, timezone);
  if (command.data.from !== undefined && !periodFrom) errors.push({ path: 'from', message: 'must be a date-time with an offset, or a local YYYY-MM-DDTHH:mm' });
  if (command.data.to !== undefined && !periodTo) errors.push({ path: 'to', message: 'must be a date-time with an offset, or a local YYYY-MM-DDTHH:mm' });
  if (errors.length) throw invalid('The on-call shifts are not valid.', errors, 'invalid-shifts');
  if (shifts.length === 0 && (!periodFrom || !periodTo)) {
    throw invalid('An empty roster needs the period it clears (from and to).', [{ path: 'shifts', message: 'is empty: give from and to to clear a period' }], 'invalid-shifts');
  }
  const ms = shifts.flatMap((s) => [Date.parse(s.from), Date.parse(s.to)]);
  const from = periodFrom ?? new Date(Math.min(...ms)).toISOString();
  const to = periodTo ?? new Date(Math.max(...ms)).toISOString();
  if (Date.parse(to) <= Date.parse(from)) throw invalid('The period is empty.', [{ path: 'to', message: 'must be after from' }], 'invalid-shifts');
  const outside = shifts.findIndex((s) => !startsWithin(s, from, to));
  if (outside >= 0) throw invalid('A shift starts outside the period it replaces.', [{ path: `shifts.${outside}.from`, message: 'must be within [from, to)' }], 'invalid-shifts');
  const clashes = overlappingShifts(state.shifts.filter((s) => !startsWithin(s, from, to)), shifts);
  if (clashes.length && !allowOverlap) {
    throw conflict(`Overlapping on-call shifts (set allowOverlap to keep two people on call at once): ${clashes.slice(0, 3).join('; ')}.`, 'on-call-overlap');
  }
  return [{
    type: 'OnCallRosterReplaced',
    data: {
      locationId, from, to, shifts: shifts.sort(byStart), overlapAllowed: allowOverlap && clashes.length > 0,
      replacedBy: command.metadata.actor.subject, replacedAt: command.metadata.now,
    },
  }];
}

export const decide = (command: OnCallCommand, state: OnCallState): OnCallEvent[] => replace(command, state);

export const onCallDecider: Decider<OnCallCommand, OnCallEvent, OnCallState> = { decide, evolve, initialState };
export const onCallStream = (locationId: string) => ({ id: `on-call-${locationId}`, type: 'on-call' });
