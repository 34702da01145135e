import type { Track, Weekday } from '@iop/domain-events';

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

export type LocationEvent = LocationConfigured;
