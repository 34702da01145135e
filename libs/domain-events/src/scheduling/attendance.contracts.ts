import { ATTENDANCE_STATUSES, SESSION_TYPES, type AttendanceStatus, type SessionType } from '../codes';
import { defineContract } from '../contract';
import { EXAMPLE_IDS as ids } from '../example-ids';
import { episodeId, hoursRule, locationId, patientId, sessionId, type HoursRule } from '../fields';
import { boolean, date, dateTime, enumOf, integer, number } from '../schema';

/** Keyed by episodeId (not sessionId): consumers judge an episode's attendance, so its records must stay in order. */
export type AttendanceRecorded = {
  sessionId: string;
  episodeId: string;
  patientId: string;
  locationId: string;
  sessionType: SessionType;
  status: AttendanceStatus;
  minutesAttended: number;
  sessionStartsAt: string;
  recordedAt: string;
};

export const attendanceRecordedV1 = defineContract<AttendanceRecorded>()({
  service: 'scheduling',
  name: 'AttendanceRecorded',
  consentCategory: 'attendance',
  version: 1,
  key: 'episodeId',
  description: 'Attendance of one episode at one session was recorded (a later record for the same pair replaces it).',
  required: [
    'sessionId',
    'episodeId',
    'patientId',
    'locationId',
    'sessionType',
    'status',
    'minutesAttended',
    'sessionStartsAt',
    'recordedAt',
  ],
  properties: {
    sessionId,
    episodeId,
    patientId,
    locationId,
    sessionType: enumOf(SESSION_TYPES, 'Kind of session attended.'),
    status: enumOf(ATTENDANCE_STATUSES, 'Attendance status.'),
    minutesAttended: integer('Minutes attended (0 when absent); weekly hours are summed from it.', { minimum: 0 }),
    sessionStartsAt: dateTime('Scheduled start of the session (places the record in a program day and week).'),
    recordedAt: dateTime('When attendance was recorded.'),
  },
  example: {
    sessionId: ids.sessionId,
    episodeId: ids.episodeId,
    patientId: ids.patientId,
    locationId: ids.locationId,
    sessionType: 'group-therapy',
    status: 'present',
    minutesAttended: 90,
    sessionStartsAt: '2025-03-10T18:00:00-04:00',
    recordedAt: '2025-03-10T19:35:00-04:00',
  },
});

export type { HoursRule } from '../fields';

export type WeeklyAttendanceSummarized = {
  episodeId: string;
  patientId: string;
  locationId: string;
  weekStart: string;
  hoursAttended: number;
  daysAttended: number;
  daysWithMinimumHours: number;
  compliant: boolean;
  rule: HoursRule;
  summarizedAt: string;
};

export const weeklyAttendanceSummarizedV1 = defineContract<WeeklyAttendanceSummarized>()({
  service: 'scheduling',
  name: 'WeeklyAttendanceSummarized',
  consentCategory: 'attendance',
  version: 1,
  key: 'episodeId',
  description:
    'An episode\'s program week closed. Admissions uses the hours as continued-stay evidence; outcomes computes ' +
    'attendance compliance (share of patient-weeks meeting the rule).',
  required: [
    'episodeId',
    'patientId',
    'locationId',
    'weekStart',
    'hoursAttended',
    'daysAttended',
    'daysWithMinimumHours',
    'compliant',
    'rule',
    'summarizedAt',
  ],
  properties: {
    episodeId,
    patientId,
    locationId,
    weekStart: date('Monday of the week, in the location\'s time zone.'),
    hoursAttended: number('Hours attended in the week.', { minimum: 0 }),
    daysAttended: integer('Days with any attendance.', { minimum: 0, maximum: 7 }),
    daysWithMinimumHours: integer('Days that met `rule.minHoursPerDay`.', { minimum: 0, maximum: 7 }),
    compliant: boolean('True when the week met the rule.'),
    rule: hoursRule,
    summarizedAt: dateTime('When the week was summarized.'),
  },
  example: {
    episodeId: ids.episodeId,
    patientId: ids.patientId,
    locationId: ids.locationId,
    weekStart: '2025-03-10',
    hoursAttended: 12,
    daysAttended: 4,
    daysWithMinimumHours: 4,
    compliant: true,
    rule: { minHoursPerDay: 3, minDaysPerWeek: 4 },
    summarizedAt: '2025-03-17T00:05:00-04:00',
  },
});

export type AttendanceRuleBreached = {
  episodeId: string;
  patientId: string;
  locationId: string;
  weekStart: string;
  hoursAttended: number;
  requiredHours: number;
  rule: 'program-hours' | 'asam-minimum';
  breachedAt: string;
};

export const attendanceRuleBreachedV1 = defineContract<AttendanceRuleBreached>()({
  service: 'scheduling',
  name: 'AttendanceRuleBreached',
  consentCategory: 'attendance',
  version: 1,
  key: 'episodeId',
  description:
    'A closed week fell below an hours rule: the program\'s own rule, or the ASAM 2.1 minimum (9 h/week for ' +
    'adults). Staff follow up; admissions weighs it at the next continued-stay review.',
  required: ['episodeId', 'patientId', 'locationId', 'weekStart', 'hoursAttended', 'requiredHours', 'rule', 'breachedAt'],
  properties: {
    episodeId,
    patientId,
    locationId,
    weekStart: date('Monday of the week, in the location\'s time zone.'),
    hoursAttended: number('Hours attended in the week.', { minimum: 0 }),
    requiredHours: number('Hours the breached rule requires per week.', { minimum: 0 }),
    rule: enumOf(['program-hours', 'asam-minimum'], 'Which rule was breached.'),
    breachedAt: dateTime('When the breach was detected.'),
  },
  example: {
    episodeId: ids.episodeId,
    patientId: ids.patientId,
    locationId: ids.locationId,
    weekStart: '2025-03-17',
    hoursAttended: 7.5,
    requiredHours: 12,
    rule: 'program-hours',
    breachedAt: '2025-03-24T00:05:00-04:00',
  },
});
