/** Pure helpers of the administration forms: times, ages, and the API's list-item errors mapped to list fields. */
import type { Option } from '../../components/fields';

/** `2026-12-06T18:30:00.000Z` as the browser's local date and time (the API's instants are UTC). */
export function when(instant: string | null | undefined): string {
  if (!instant) return '—';
  const t = new Date(instant);
  return Number.isNaN(t.getTime()) ? instant : t.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** How long ago, coarsely: minutes, hours or days. */
export function age(instant: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - new Date(instant).getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h`;
  return `${Math.floor(minutes / 1440)} days`;
}

/**
 * The API names an item of a list field (`eventTypes.2`); the form shows a list as one field (`eventTypes`), so an
 * item's error goes to the list's field.
 */
export function listFieldErrors(errors: Record<string, string[]>, lists: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(errors)) {
    const list = lists.find((l) => key.startsWith(`${l}.`) && /^\d+$/.test(key.slice(l.length + 1)));
    (out[list ?? key] ??= []).push(...messages);
  }
  return out;
}

export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export const WEEKDAY_OPTIONS: readonly Option<(typeof WEEKDAYS)[number]>[] = [
  { id: 'MON', label: 'Mon' }, { id: 'TUE', label: 'Tue' }, { id: 'WED', label: 'Wed' }, { id: 'THU', label: 'Thu' },
  { id: 'FRI', label: 'Fri' }, { id: 'SAT', label: 'Sat' }, { id: 'SUN', label: 'Sun' },
];

/** `HH:mm`, 24-hour: what the scheduling API takes for block and curriculum times. */
export const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
export const checkTime = (v: string): string | null => (HHMM.test(v) ? null : 'A time as HH:mm, e.g. 18:00');
