import type { OnCallEvent, OnCallShift } from './on-call.events';

/** Every shift on record for the location, in start order (past shifts stay: an alert is routed as of its signal). */
export type OnCallState = { shifts: readonly OnCallShift[] };

export const initialState = (): OnCallState => ({ shifts: [] });

export const startsWithin = (shift: OnCallShift, from: string, to: string): boolean =>
  Date.parse(shift.from) >= Date.parse(from) && Date.parse(shift.from) < Date.parse(to);

export const byStart = (a: OnCallShift, b: OnCallShift): number => Date.parse(a.from) - Date.parse(b.from) || a.staffId.localeCompare(b.staffId);

export function evolve(state: OnCallState, event: OnCallEvent): OnCallState {
  const { from, to, shifts } = event.data;
  return { shifts: [...state.shifts.filter((s) => !startsWithin(s, from, to)), ...shifts].sort(byStart) };
}

/** The shifts covering an instant (from inclusive, to exclusive). */
export const onCallAt = (shifts: readonly OnCallShift[], at: string): OnCallShift[] =>
  shifts.filter((s) => Date.parse(s.from) <= Date.parse(at) && Date.parse(at) < Date.parse(s.to));
