import { defineContract } from '../contract';
import { EXAMPLE_IDS as ids } from '../example-ids';
import { hoursRule, locationId, type HoursRule } from '../fields';
import { boolean, integer, number } from '../schema';
import { DEIDENTIFIED, PSEUDONYM_FIELDS, pseudonyms, type Pseudonyms } from './deidentified';

export type AnalyticsAttendanceWeekSummarized = Pseudonyms & {
  locationId: string;
  programWeek: number;
  hoursAttended: number;
  daysAttended: number;
  daysWithMinimumHours: number;
  compliant: boolean;
  rule: HoursRule;
};

export const analyticsAttendanceWeekSummarizedV1 = defineContract<AnalyticsAttendanceWeekSummarized>()({
  service: 'analytics',
  name: 'AttendanceWeekSummarized',
  version: 1,
  key: 'subjectKey',
  description:
    'De-identified WeeklyAttendanceSummarized: the week is numbered from the episode start instead of dated. ' +
    DEIDENTIFIED,
  required: [
    ...PSEUDONYM_FIELDS,
    'locationId',
    'programWeek',
    'hoursAttended',
    'daysAttended',
    'daysWithMinimumHours',
    'compliant',
    'rule',
  ],
  properties: {
    ...pseudonyms,
    locationId: { ...locationId, description: 'Pseudonymous program site: a uuid derived under the tenant\'s analytics key, stable per site, never the location id other topics carry (the clinic site, not where the patient lives).' },
    programWeek: integer('Week of the episode, 1 for the week of the first program day (retention at week 4 and 8).', {
      minimum: 1,
    }),
    hoursAttended: number('Hours attended in the week.', { minimum: 0 }),
    daysAttended: integer('Days with any attendance.', { minimum: 0, maximum: 7 }),
    daysWithMinimumHours: integer('Days that met `rule.minHoursPerDay`.', { minimum: 0, maximum: 7 }),
    compliant: boolean('True when the week met the rule.'),
    rule: hoursRule,
  },
  example: {
    subjectKey: ids.subjectKey,
    episodeKey: ids.episodeKey,
    keyVersion: 1,
    locationId: ids.locationId,
    programWeek: 1,
    hoursAttended: 12,
    daysAttended: 4,
    daysWithMinimumHours: 4,
    compliant: true,
    rule: { minHoursPerDay: 3, minDaysPerWeek: 4 },
  },
});
