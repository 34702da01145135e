/**
 * The documentation queue's pure parts: how a session's type becomes the note that documents it, how a measure's
 * answers are sent, how the two measure worklists become one, and how a section counts what it shows.
 */
import type { components as Admissions } from '../../api/admissions';
import type { components as Outcomes } from '../../api/outcomes';
import type { components as Scheduling } from '../../api/scheduling';

/** outcomes GET /v1/measures/due and /overdue: one measurement occasion of an episode. */
export type MeasureDue = Outcomes['schemas']['WorklistItemDto'];

/** admissions GET /v1/episodes/due-for-review. */
export type ReviewDue = Admissions['schemas']['DueForReviewDto'];

/** scheduling GET /v1/outreach-tasks. */
export type OutreachTask = Scheduling['schemas']['OutreachTaskDto'];

export type Page<T> = { items: T[]; nextCursor: string | null };

/** How many a section holds, as its heading says it: a first page that has more is "50+". */
export function countLabel(page: Page<unknown> | undefined): string {
  if (!page) return '…';
  return page.nextCursor ? `${page.items.length}+` : String(page.items.length);
}

export const NOTE_TYPES = ['individual-session', 'group-session', 'family-session', 'psychiatric-consultation', 'case-management', 'crisis', 'discharge-summary'] as const;
export type NoteType = (typeof NOTE_TYPES)[number];

/** The note that documents a session of this type (scheduling's session types, clinical-notes' note types). */
export function noteTypeForSession(sessionType: string | null): NoteType {
  switch (sessionType) {
    case 'individual-therapy':
      return 'individual-session';
    case 'family-therapy':
      return 'family-session';
    case 'psychiatric-consultation':
      return 'psychiatric-consultation';
    case 'case-management':
      return 'case-management';
    case 'crisis-intervention':
      return 'crisis';
    case null:
      return 'case-management';
    default:
      // group therapy, SMART Recovery, psychoeducation, rehabilitation services: the program's groups
      return 'group-session';
  }
}

/** The note a missing-note item asks for: a discharge answers with its summary, a session with the note of its type. */
export const noteTypeForMissing = (kind: string, sessionType: string | null): NoteType =>
  kind === 'discharge-summary' ? 'discharge-summary' : noteTypeForSession(sessionType);

export const INSTRUMENTS = ['PHQ-9', 'GAD-7', 'BAM'] as const;
export type Instrument = (typeof INSTRUMENTS)[number];

export type MeasureItem = { key: string; max: number };

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/**
 * The items a clinician enters, in order, each with its highest answer. BAM's item 7 is answered through its sub-items
 * 7A-7G (outcomes computes 7 from them), so 7 itself is not asked.
 */
export function measureItems(instrument: Instrument): MeasureItem[] {
  if (instrument === 'PHQ-9') return range(9).map((i) => ({ key: String(i), max: 3 }));
  if (instrument === 'GAD-7') return range(7).map((i) => ({ key: String(i), max: 3 }));
  return [
    ...range(6).map((i) => ({ key: String(i), max: 4 })),
    ...['7A', '7B', '7C', '7D', '7E', '7F', '7G'].map((key) => ({ key, max: 4 })),
    ...range(10).map((i) => ({ key: String(i + 7), max: 4 })),
  ];
}

/**
 * The answers as POST /v1/measures takes them: PHQ-9 and GAD-7 a list in item order, BAM an object keyed by item.
 * Undefined while any item is unanswered (the form says which).
 */
export function answersPayload(instrument: Instrument, values: Record<string, number | undefined>): number[] | Record<string, number> | undefined {
  const items = measureItems(instrument);
  if (items.some((i) => values[i.key] === undefined)) return undefined;
  if (instrument === 'BAM') return Object.fromEntries(items.map((i) => [i.key, values[i.key]!]));
  return items.map((i) => values[i.key]!);
}

/** The items not answered yet, by key. */
export const unanswered = (instrument: Instrument, values: Record<string, number | undefined>): string[] =>
  measureItems(instrument).filter((i) => values[i.key] === undefined).map((i) => i.key);

export type MeasureWork = MeasureDue & { overdue: boolean };

const measureKey = (m: MeasureDue) => `${m.episodeId}|${m.instrument}|${m.sequence}`;

/**
 * outcomes' two worklists as one: overdue first, then by due date, patient and instrument. An occasion is on one list
 * or the other as of a day; should both answer it (the day turned between the reads), overdue wins.
 */
export function mergeMeasureWork(due: readonly MeasureDue[], overdue: readonly MeasureDue[]): MeasureWork[] {
  const byKey = new Map<string, MeasureWork>();
  for (const m of due) byKey.set(measureKey(m), { ...m, overdue: false });
  for (const m of overdue) byKey.set(measureKey(m), { ...m, overdue: true });
  return [...byKey.values()].sort((a, b) =>
    Number(b.overdue) - Number(a.overdue) || cmp(a.dueDate, b.dueDate) || cmp(a.episodeId, b.episodeId) || cmp(a.instrument, b.instrument) || a.sequence - b.sequence);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

type CosignItem = { author: string };

/** Notes awaiting a co-signature, split: the caller's own (waiting on a supervisor) and those the caller co-signs. */
export function splitCosign<T extends CosignItem>(items: readonly T[], subject: string): { mine: T[]; toCosign: T[] } {
  return { mine: items.filter((i) => i.author === subject), toCosign: items.filter((i) => i.author !== subject) };
}

export const OUTREACH_OUTCOMES = [
  { id: 'reached', label: 'Reached the patient' },
  { id: 'message-left', label: 'Left a message' },
  { id: 'unreachable', label: 'Could not reach them' },
  { id: 'returned-to-program', label: 'Returned to the program' },
] as const;
export type OutreachOutcome = (typeof OUTREACH_OUTCOMES)[number]['id'];

/** `group-session` as `Group session`. */
export const humanize = (code: string): string => code.charAt(0).toUpperCase() + code.slice(1).replace(/-/g, ' ');
