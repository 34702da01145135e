import type { SessionType, Track, Weekday } from '@iop/domain-events';

export interface SessionBlock {
  track: Track;
  days: Weekday[];
  /** Local `HH:mm` in the location's zone. */
  start: string;
  end: string;
}

/** Created or reconfigured: the whole block list each time, so the latest event is the current configuration. */
export type LocationConfigured = {
  type: 'LocationConfigured';
  data: { locationId: string; name: string; timezone: string; blocks: SessionBlock[]; configuredAt: string };
};

/** One typed session of a block's day: local `HH:mm` in the location's zone. */
export interface CurriculumSession {
  day: Weekday;
  start: string;
  end: string;
  type: SessionType;
}

/** A track's weekly curriculum from a local date on; the latest version effective on a date is the one that applies. */
export interface Curriculum {
  track: Track;
  effectiveFrom: string;
  sessions: CurriculumSession[];
}

/**
 * A new version of a track's curriculum. Internal (no public contract): other services read the sessions' types from
 * SessionScheduled, which carries each session's own type.
 */
export type CurriculumChanged = {
  type: 'CurriculumChanged';
  data: Curriculum & { locationId: string; changedAt: string };
};

export type LocationEvent = LocationConfigured | CurriculumChanged;
