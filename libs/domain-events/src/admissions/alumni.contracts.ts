import type { Track } from '../codes';
import { defineContract } from '../contract';
import { EXAMPLE_IDS as ids } from '../example-ids';
import { episodeId, locationId, patientId, track } from '../fields';
import { dateTime } from '../schema';

export type AlumniEnrolled = {
  patientId: string;
  episodeId: string;
  locationId: string;
  track: Track;
  displayName: string;
  enrolledAt: string;
};

/**
 * Keyed by episodeId, not patientId, although alumni membership is about the patient: it must reach scheduling
 * after the PatientDischarged of the same episode, and Kafka orders records only within a key.
 */
export const alumniEnrolledV1 = defineContract<AlumniEnrolled>()({
  service: 'admissions',
  name: 'AlumniEnrolled',
  consentCategory: 'discharge',
  version: 1,
  key: 'episodeId',
  description:
    'A discharged patient joined the alumni track: one session a week at no charge, no clinical episode. ' +
    'Keyed by the episode the patient graduated from, so it follows that episode\'s PatientDischarged.',
  required: ['patientId', 'episodeId', 'locationId', 'track', 'displayName', 'enrolledAt'],
  properties: {
    patientId,
    episodeId: { ...episodeId, description: 'The episode the patient was discharged from.' },
    locationId,
    track,
    displayName: {
      type: 'string',
      minLength: 1,
      maxLength: 80,
      description:
        'PHI. Name shown on alumni session rosters; scheduling needs it. Webhooks strip it before delivery and it ' +
        'is never copied to the analytics stream.',
    },
    enrolledAt: dateTime('When the patient joined the alumni track.'),
  },
  example: {
    patientId: ids.patientId,
    episodeId: ids.episodeId,
    locationId: ids.locationId,
    track: 'evening',
    displayName: 'Alex R.',
    enrolledAt: '2025-05-02T20:31:00-04:00',
  },
});
