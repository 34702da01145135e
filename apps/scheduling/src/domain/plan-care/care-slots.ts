/**
 * Where a treatment plan's individual care goes in the calendar (docs/DOMAIN.md section 9). Pure: the same inputs give
 * the same sessions, so a redelivered or replayed plan books the same slots, and a revision that keeps an
 * intervention keeps its sessions.
 *
 * - Cadence -> weeks: Monday-based weeks in the location's calendar, counted from the week the care starts;
 *   `weekly` every week, `every-2-weeks` weeks 0, 2, 4..., `monthly` every fourth week (0, 4, 8...).
 * - The day and time: on the patient's program days (the track's block days), the first free slot before the block,
 *   ending when the block starts, then earlier in half-hour steps, then after the block; never before 08:00 or past
 *   21:00 local, never before the care starts or on or after its last day. Times are local wall-clock times converted
 *   per date, so 17:00 stays 17:00 across a daylight-saving change.
 * - Free: overlapping neither the patient's sessions (booked or waitlisted) nor the responsible staff member's, nor
 *   the sessions this plan placed before it. A week with no free slot is reported, not forced.
 */
import { addDays, clockMinutes, clockTime, formatInZone, localToInstant, mondayOf, weekdayOf } from '@iop/calendar';
import type { CareCadence, CareStaffRole, PlanService } from '@iop/domain-events';
import type { SessionBlock } from '../location/location.events';

export interface Interval {
  startsAt: string;
  endsAt: string;
}

export interface CareOrder {
  service: PlanService;
  cadence: CareCadence;
  durationMinutes: number;
  staffId: string;
  staffRole: CareStaffRole;
}

export interface CareSlotInput {
  timezone: string;
  /** The blocks of the patient's track at the location. */
  blocks: readonly SessionBlock[];
  /** The instant the care takes effect: no session starts before it. */
  effectiveFrom: string;
  /** First local date the care may use (the later of the episode's start and the effective date). */
  firstDate: string;
  /** Local date the care ends before (the episode's planned end, exclusive). */
  untilDate: string;
  orders: readonly CareOrder[];
  patientBusy: readonly Interval[];
  /** Each responsible staff member's sessions, by staff id. */
  staffBusy: Readonly<Record<string, readonly Interval[]>>;
}

export interface CareSlot extends Interval {
  /** Index of the order (intervention) in the input. */
  order: number;
  service: PlanService;
  staffId: string;
  staffRole: CareStaffRole;
  weekStart: string;
  /** What identifies the session across plan versions: the same care at the same time is the same session. */
  key: string;
}

export interface CarePlacement {
  slots: CareSlot[];
  /** Weeks an order was due but found no free slot. */
  unplaced: Array<{ order: number; service: PlanService; weekStart: string }>;
}

/** The platform's care day at a location: individual sessions fall between these local times. */
export const CARE_DAY = { start: '08:00', end: '21:00' } as const;
const STEP_MINUTES = 30;
const WEEKS_BETWEEN: Record<CareCadence, number> = { weekly: 1, 'every-2-weeks': 2, monthly: 4 };

export const overlaps = (a: Interval, b: Interval): boolean =>
  Date.parse(a.startsAt) < Date.parse(b.endsAt) && Date.parse(b.startsAt) < Date.parse(a.endsAt);

export const clashesWithAny = (slot: Interval, busy: readonly Interval[]): boolean => busy.some((b) => overlaps(slot, b));

/** The Mondays of the weeks a cadence meets, from the week of `firstDate` to the week before `untilDate`. */
export function cadenceWeeks(cadence: CareCadence, firstDate: string, untilDate: string): string[] {
  const weeks: string[] = [];
  for (let w = mondayOf(firstDate), n = 0; w < untilDate; w = addDays(w, 7), n++) if (n % WEEKS_BETWEEN[cadence] === 0) weeks.push(w);
  return weeks;
}

/**
 * Start times (minutes after local midnight) to try on a day with a block from `start` to `end`: ending at the
 * block's start and earlier, then starting at its end and later, within the care day.
 */
export function startTimesAround(block: { start: string; end: string }, durationMinutes: number): number[] {
  const [dayStart, dayEnd] = [clockMinutes(CARE_DAY.start), clockMinutes(CARE_DAY.end)];
  const before: number[] = [];
  for (let s = clockMinutes(block.start) - durationMinutes; s >= dayStart; s -= STEP_MINUTES) before.push(s);
  const after: number[] = [];
  for (let s = clockMinutes(block.end); s + durationMinutes <= dayEnd; s += STEP_MINUTES) after.push(s);
  return [...before, ...after];
}

/** The week's program days in order, each with its earliest block, inside [firstDate, untilDate). */
function programDays(blocks: readonly SessionBlock[], weekStart: string, firstDate: string, untilDate: string) {
  const days: Array<{ date: string; block: SessionBlock }> = [];
  for (let i = 0; i < 7; i++) {
    const date = addDays(weekStart, i);
    if (date < firstDate || date >= untilDate) continue;
    const block = blocks.filter((b) => b.days.includes(weekdayOf(date))).sort((a, b) => clockMinutes(a.start) - clockMinutes(b.start))[0];
    if (block) days.push({ date, block });
  }
  return days;
}

function slotAt(date: string, start: number, minutes: number, timezone: string): Interval {
  const from = localToInstant(date, clockTime(start), timezone).getTime();
  return { startsAt: formatInZone(from, timezone), endsAt: formatInZone(from + minutes * 60_000, timezone) };
}

/** Places every order's sessions, orders in plan order, each week's first free slot. */
export function placeCare(input: CareSlotInput): CarePlacement {
  const patient: Interval[] = [...input.patientBusy];
  const staff = new Map(Object.entries(input.staffBusy).map(([id, busy]) => [id, [...busy]]));
  const slots: CareSlot[] = [];
  const unplaced: CarePlacement['unplaced'] = [];
  const notBefore = Date.parse(input.effectiveFrom);
  input.orders.forEach((order, index) => {
    const theirs = staff.get(order.staffId) ?? [];
    staff.set(order.staffId, theirs);
    for (const weekStart of cadenceWeeks(order.cadence, input.firstDate, input.untilDate)) {
      const found = firstFree(input, order, weekStart, notBefore, patient, theirs);
      if (!found) {
        unplaced.push({ order: index, service: order.service, weekStart });
        continue;
      }
      patient.push(found);
      theirs.push(found);
      const key = `${order.service}|${order.staffId}|${found.startsAt}|${found.endsAt}`;
      slots.push({ ...found, order: index, service: order.service, staffId: order.staffId, staffRole: order.staffRole, weekStart, key });
    }
  });
  return { slots, unplaced };
}

function firstFree(
  input: CareSlotInput, order: CareOrder, weekStart: string, notBefore: number, patient: readonly Interval[], theirs: readonly Interval[],
): Interval | undefined {
  for (const { date, block } of programDays(input.blocks, weekStart, input.firstDate, input.untilDate)) {
    for (const start of startTimesAround(block, order.durationMinutes)) {
      const slot = slotAt(date, start, order.durationMinutes, input.timezone);
      if (Date.parse(slot.startsAt) < notBefore) continue;
      if (!clashesWithAny(slot, patient) && !clashesWithAny(slot, theirs)) return slot;
    }
  }
  return undefined;
}
