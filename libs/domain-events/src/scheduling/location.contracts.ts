import { TRACKS, WEEKDAYS, type Track, type Weekday } from '../codes';
import { defineContract } from '../contract';
import { EXAMPLE_IDS as ids } from '../example-ids';
import { locationId } from '../fields';
import { arrayOf, dateTime, enumOf, objectSchema } from '../schema';

const clockTime = (description: string) => ({ type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description });

export type SessionBlock = { track: Track; days: Weekday[]; start: string; end: string };

const sessionBlock = objectSchema<SessionBlock>()({
  description: 'A recurring block of program hours, in the location\'s own time zone.',
  required: ['track', 'days', 'start', 'end'],
  properties: {
    track: enumOf(TRACKS, 'Track the block serves.'),
    days: arrayOf(enumOf(WEEKDAYS, 'Day of the week.'), 'Days the block runs.', { minItems: 1, uniqueItems: true }),
    start: clockTime('Local start time `HH:mm`.'),
    end: clockTime('Local end time `HH:mm` (the evening block is 18:00-21:00).'),
  },
});

export type LocationConfigured = {
  locationId: string;
  name: string;
  timezone: string;
  blocks: SessionBlock[];
  configuredAt: string;
};

export const locationConfiguredV1 = defineContract<LocationConfigured>()({
  service: 'scheduling',
  name: 'LocationConfigured',
  version: 1,
  key: 'locationId',
  description:
    'A location was created or its configuration replaced (the whole block list each time, so the latest event ' +
    'is the current configuration). Admissions learns the tenant\'s locations from it.',
  required: ['locationId', 'name', 'timezone', 'blocks', 'configuredAt'],
  properties: {
    locationId,
    name: {
      type: 'string',
      minLength: 1,
      maxLength: 120,
      description: 'Name of the clinic site, e.g. `Riverside`. A place, never a person.',
    },
    timezone: {
      type: 'string',
      pattern: '^[A-Za-z]+(/[A-Za-z0-9_+-]+)*$',
      description: 'IANA time zone of the location, e.g. `America/New_York`; blocks and dates are local to it.',
    },
    blocks: arrayOf(sessionBlock, 'Session blocks of the location.'),
    configuredAt: dateTime('When this configuration was saved.'),
  },
  example: {
    locationId: ids.locationId,
    name: 'Riverside',
    timezone: 'America/New_York',
    blocks: [{ track: 'evening', days: ['MON', 'TUE', 'WED', 'THU'], start: '18:00', end: '21:00' }],
    configuredAt: '2025-03-01T08:00:00-05:00',
  },
});
