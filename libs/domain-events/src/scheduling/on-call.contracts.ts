import { defineContract } from '../contract';
import { EXAMPLE_IDS as ids } from '../example-ids';
import { locationId, staffId } from '../fields';
import { arrayOf, boolean, dateTime, objectSchema } from '../schema';

export type OnCallShiftWindow = { staffId: string; from: string; to: string };

const shift = objectSchema<OnCallShiftWindow>()({
  description: 'One on-call shift: who is on call from when to when (instants; the location\'s zone gives local times).',
  required: ['staffId', 'from', 'to'],
  properties: {
    staffId,
    from: dateTime('Start of the shift (inclusive).'),
    to: dateTime('End of the shift (exclusive).'),
  },
});

/**
 * Staff data, not patient data: no consent category (it concerns no patient). How to reach the staff member stays in
 * scheduling (`GET /v1/locations/{locationId}/on-call`): routing needs who, not their phone number.
 */
export type OnCallRosterChanged = {
  locationId: string;
  from: string;
  to: string;
  shifts: OnCallShiftWindow[];
  overlapAllowed: boolean;
  changedAt: string;
};

export const onCallRosterChangedV1 = defineContract<OnCallRosterChanged>()({
  service: 'scheduling',
  name: 'OnCallRosterChanged',
  version: 1,
  key: 'locationId',
  description:
    'The on-call roster of a location was replaced for a period: every shift starting in [from, to) is now the list ' +
    'given (an empty list clears it). Clinical notes routes safety alerts to whoever is on call at the signal\'s time.',
  required: ['locationId', 'from', 'to', 'shifts', 'overlapAllowed', 'changedAt'],
  properties: {
    locationId,
    from: dateTime('Start of the period replaced (inclusive): the earliest shift start.'),
    to: dateTime('End of the period replaced (exclusive): the latest shift end.'),
    shifts: arrayOf(shift, 'The shifts starting in the period, in start order.'),
    overlapAllowed: boolean('True when the admin explicitly allowed overlapping shifts (two people on call at once).'),
    changedAt: dateTime('When the roster was saved.'),
  },
  example: {
    locationId: ids.locationId,
    from: '2026-03-07T21:00:00-05:00',
    to: '2026-03-09T09:00:00-04:00',
    shifts: [
      { staffId: 'auth0|dr-lee', from: '2026-03-07T21:00:00-05:00', to: '2026-03-08T09:00:00-04:00' },
      { staffId: 'auth0|kim', from: '2026-03-08T09:00:00-04:00', to: '2026-03-09T09:00:00-04:00' },
    ],
    overlapAllowed: false,
    changedAt: '2026-03-01T10:00:00-05:00',
  },
});
