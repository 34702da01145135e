import type { Track } from '../codes';
import { defineContract } from '../contract';
import { EXAMPLE_IDS as ids } from '../example-ids';
import { episodeId, locationId, patientId, track } from '../fields';
import { dateTime, integer, number } from '../schema';

export type EpisodeEnrolled = {
  episodeId: string;
  patientId: string;
  locationId: string;
  track: Track;
  weeklyHoursPlanned: number;
  bookedSessions: number;
  waitlistedSessions: number;
  enrolledAt: string;
};

export const episodeEnrolledV1 = defineContract<EpisodeEnrolled>()({
  service: 'scheduling',
  name: 'EpisodeEnrolled',
  consentCategory: 'admission',
  version: 1,
  key: 'episodeId',
  description:
    'Scheduling enrolled an admitted episode into its track\'s sessions (the answer to PatientAdmitted). ' +
    'The bookings themselves are read through `GET /v1/enrollments/{episodeId}`.',
  required: [
    'episodeId',
    'patientId',
    'locationId',
    'track',
    'weeklyHoursPlanned',
    'bookedSessions',
    'waitlistedSessions',
    'enrolledAt',
  ],
  properties: {
    episodeId,
    patientId,
    locationId,
    track,
    weeklyHoursPlanned: number('Program hours per week the bookings add up to.', { minimum: 0 }),
    bookedSessions: integer('Sessions booked.', { minimum: 0 }),
    waitlistedSessions: integer('Sessions the episode is waitlisted for (full groups).', { minimum: 0 }),
    enrolledAt: dateTime('When the enrolment was made.'),
  },
  example: {
    episodeId: ids.episodeId,
    patientId: ids.patientId,
    locationId: ids.locationId,
    track: 'evening',
    weeklyHoursPlanned: 12,
    bookedSessions: 16,
    waitlistedSessions: 0,
    enrolledAt: '2025-03-07T14:02:30-05:00',
  },
});
