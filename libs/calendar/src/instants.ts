/**
 * Instants as the contracts carry them: ISO-8601 with an offset (`2025-05-02T20:30:00-04:00`). Pure: the instants
 * compared are the caller's (command metadata, stored events), never the clock's.
 */

/** The UTC calendar day of an instant. */
export const dateOf = (instant: string): string => new Date(instant).toISOString().slice(0, 10);

/**
 * The clinic's calendar day of an ISO date-time with offset: its first ten characters. Contracts carry local
 * offsets, so converting to UTC first would move evening events to the next day.
 */
export const localDateOf = (dateTime: string): string => dateTime.slice(0, 10);

/** Instant comparison of two ISO date-times with offsets. */
export const isBefore = (a: string, b: string): boolean => Date.parse(a) < Date.parse(b);

/** Milliseconds between two instants (positive when `later` is after `earlier`). */
export const millisBetween = (earlier: string, later: string): number => Date.parse(later) - Date.parse(earlier);
