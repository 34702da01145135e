import { SESSION_TYPES, TRACKS, type SessionType, type Track } from '../codes';
import { defineContract } from '../contract';
import { EXAMPLE_IDS as ids } from '../example-ids';
import { locationId, sessionId } from '../fields';
import { boolean, dateTime, enumOf, integer } from '../schema';

/** Roles, never names: who facilitates is staff data that stays in scheduling. */
export const FACILITATOR_ROLES = [
  'clinician',
  'counselor',
  'psychiatrist',
  'nurse',
  'case-manager',
  'peer-facilitator',
] as const;
export const CANCELLATION_REASONS = [
  'facilitator-unavailable',
  'location-closed',
  'holiday',
  'low-enrollment',
  'rescheduled',
  'other',
] as const;

export type SessionScheduled = {
  sessionId: string;
  locationId: string;
  track?: Track;
  type: SessionType;
  startsAt: string;
  endsAt: string;
  facilitatorRole: (typeof FACILITATOR_ROLES)[number];
  capacity: number;
  noCharge?: boolean;
};

export const sessionScheduledV1 = defineContract<SessionScheduled>()({
  service: 'scheduling',
  name: 'SessionScheduled',
  version: 1,
  key: 'sessionId',
  description: 'A session was put on the calendar of a location (from its blocks, or one-off such as a consult).',
  required: ['sessionId', 'locationId', 'type', 'startsAt', 'endsAt', 'facilitatorRole', 'capacity'],
  properties: {
    sessionId,
    locationId,
    track: enumOf(TRACKS, 'Track the session belongs to; absent for one-off sessions such as individual therapy.'),
    type: enumOf(SESSION_TYPES, 'Kind of session (the program\'s closed list).'),
    startsAt: dateTime('Start.'),
    endsAt: dateTime('End.'),
    facilitatorRole: enumOf(FACILITATOR_ROLES, 'Role of the facilitator (a psychiatrist for a psychiatric consult).'),
    capacity: integer('Seats: 1 for individual sessions, typically 2-12 for groups.', { minimum: 1 }),
    noCharge: boolean('True for sessions without a billable charge (the alumni track); absent means billable.'),
  },
  example: {
    sessionId: ids.sessionId,
    locationId: ids.locationId,
    track: 'evening',
    type: 'group-therapy',
    startsAt: '2025-03-10T18:00:00-04:00',
    endsAt: '2025-03-10T19:30:00-04:00',
    facilitatorRole: 'counselor',
    capacity: 12,
  },
});

export type SessionCancelled = {
  sessionId: string;
  locationId: string;
  reason: (typeof CANCELLATION_REASONS)[number];
  cancelledAt: string;
};

export const sessionCancelledV1 = defineContract<SessionCancelled>()({
  service: 'scheduling',
  name: 'SessionCancelled',
  version: 1,
  key: 'sessionId',
  description: 'A scheduled session will not take place; its bookings are released.',
  required: ['sessionId', 'locationId', 'reason', 'cancelledAt'],
  properties: {
    sessionId,
    locationId,
    reason: enumOf(CANCELLATION_REASONS, 'Why the session was cancelled, as a code.'),
    cancelledAt: dateTime('When the cancellation was recorded.'),
  },
  example: {
    sessionId: ids.sessionId,
    locationId: ids.locationId,
    reason: 'holiday',
    cancelledAt: '2025-03-05T12:00:00-05:00',
  },
});
