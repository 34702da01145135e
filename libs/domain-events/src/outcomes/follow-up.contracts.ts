import { defineContract } from '../contract';
import { EXAMPLE_IDS as ids } from '../example-ids';
import { episodeId, patientId } from '../fields';
import { boolean, date, dateTime, integer, uuid } from '../schema';

/** Follow-ups after discharge (default 30, 90 and 180 days); the first completed one gives the abstinence metric. */
const followUpId = uuid('Follow-up.');
const sequence = integer('Position among the episode\'s follow-ups, 1 for the first scheduled.', { minimum: 1 });

export type FollowUpScheduled = {
  followUpId: string;
  episodeId: string;
  patientId: string;
  sequence: number;
  offsetDays: number;
  dueDate: string;
  windowStart: string;
  windowEnd: string;
};

export const followUpScheduledV1 = defineContract<FollowUpScheduled>()({
  service: 'outcomes',
  name: 'FollowUpScheduled',
  consentCategory: 'follow-up',
  version: 1,
  key: 'episodeId',
  description: 'A post-discharge follow-up was scheduled for the episode.',
  required: ['followUpId', 'episodeId', 'patientId', 'sequence', 'offsetDays', 'dueDate', 'windowStart', 'windowEnd'],
  properties: {
    followUpId,
    episodeId,
    patientId,
    sequence,
    offsetDays: integer('Days after discharge the follow-up is due.', { minimum: 1 }),
    dueDate: date('Due date.'),
    windowStart: date('First day a contact counts for this follow-up.'),
    windowEnd: date('Last day; after it the follow-up is lost.'),
  },
  example: {
    followUpId: ids.followUpId,
    episodeId: ids.episodeId,
    patientId: ids.patientId,
    sequence: 1,
    offsetDays: 30,
    dueDate: '2025-06-01',
    windowStart: '2025-05-25',
    windowEnd: '2025-06-15',
  },
});

export type FollowUpCompleted = {
  followUpId: string;
  episodeId: string;
  patientId: string;
  sequence: number;
  abstinent: boolean;
  completedAt: string;
  withinWindow: boolean;
};

export const followUpCompletedV1 = defineContract<FollowUpCompleted>()({
  service: 'outcomes',
  name: 'FollowUpCompleted',
  consentCategory: 'follow-up',
  version: 1,
  key: 'episodeId',
  description: 'The patient was reached for a follow-up and reported whether they are abstinent.',
  required: ['followUpId', 'episodeId', 'patientId', 'sequence', 'abstinent', 'completedAt', 'withinWindow'],
  properties: {
    followUpId,
    episodeId,
    patientId,
    sequence,
    abstinent: boolean('Self-reported abstinence at the follow-up.'),
    completedAt: dateTime('When the follow-up contact took place.'),
    withinWindow: boolean('True when the contact fell inside the follow-up window.'),
  },
  example: {
    followUpId: ids.followUpId,
    episodeId: ids.episodeId,
    patientId: ids.patientId,
    sequence: 1,
    abstinent: true,
    completedAt: '2025-06-02T17:20:00-04:00',
    withinWindow: true,
  },
});

export type FollowUpLost = {
  followUpId: string;
  episodeId: string;
  patientId: string;
  sequence: number;
  lostAt: string;
};

export const followUpLostV1 = defineContract<FollowUpLost>()({
  service: 'outcomes',
  name: 'FollowUpLost',
  consentCategory: 'follow-up',
  version: 1,
  key: 'episodeId',
  description: 'The follow-up window closed without a completed contact (lost to follow-up).',
  required: ['followUpId', 'episodeId', 'patientId', 'sequence', 'lostAt'],
  properties: {
    followUpId,
    episodeId,
    patientId,
    sequence,
    lostAt: dateTime('When the window closed.'),
  },
  example: {
    followUpId: ids.followUpId,
    episodeId: ids.episodeId,
    patientId: ids.patientId,
    sequence: 3,
    lostAt: '2025-11-15T00:00:00-05:00',
  },
});
