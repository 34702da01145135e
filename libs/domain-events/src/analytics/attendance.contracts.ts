import { defineContract } from '../contract';
import { EXAMPLE_IDS as ids } from '../example-ids';
import { hoursRule, locationId, type HoursRule } from '../fields';
import { ATTENDANCE_STATUSES, type AttendanceStatus, SESSION_TYPES, type SessionType } from '../codes';
import { boolean, enumOf, integer, number } from '../schema';
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

export type AnalyticsSessionAttended = Pseudonyms & {
  locationId: string;
  sessionType: SessionType;
  status: AttendanceStatus;
  minutesAttended: number;
  daysSinceStart: number;
  alumni: boolean;
};

export const analyticsSessionAttendedV1 = defineContract<AnalyticsSessionAttended>()({
  service: 'analytics',
  name: 'SessionAttended',
  version: 1,
  key: 'subjectKey',
  description:
    'De-identified AttendanceRecorded: which kind of session a patient attended (or missed) and for how long, counted in ' +
    'days from the first program day instead of dated; `alumni` marks a session attended after discharge into the ' +
    `alumni program (alumni attendance). No session id, time or facilitator. ${DEIDENTIFIED}`,
  required: [...PSEUDONYM_FIELDS, 'locationId', 'sessionType', 'status', 'minutesAttended', 'daysSinceStart', 'alumni'],
  properties: {
    ...pseudonyms,
    locationId: { ...locationId, description: 'Pseudonymous program site, as in AttendanceWeekSummarized.' },
    sessionType: enumOf(SESSION_TYPES, 'Kind of session.'),
    status: enumOf(ATTENDANCE_STATUSES, 'Attendance as recorded.'),
    minutesAttended: integer('Minutes attended (0 when absent).', { minimum: 0 }),
    daysSinceStart: integer('Whole days from the first program day to the session (0 = the first program day).', { minimum: 0 }),
    alumni: boolean('True for a session after discharge into the alumni program.'),
  },
  example: {
    subjectKey: ids.subjectKey,
    episodeKey: ids.episodeKey,
    keyVersion: 1,
    locationId: ids.locationId,
    sessionType: 'smart-recovery',
    status: 'present',
    minutesAttended: 90,
    daysSinceStart: 3,
    alumni: false,
  },
});
