/**
 * The one calendar of the platform: local dates, weeks starting on Monday, conversion between instants and a
 * place's wall clock (correct across daylight-saving changes), with the built-in `Intl` time-zone data only.
 * Pure (no clock, no I/O): domain code imports it, and "today" is always passed in.
 */
export * from './instants';
export * from './local-date';
export * from './time-zone';
