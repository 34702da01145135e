import { CARE_TEAM_ROLES, type CareTeamRole } from '../codes';
import { defineContract } from '../contract';
import { EXAMPLE_IDS as ids } from '../example-ids';
import { episodeId, patientId, staffId } from '../fields';
import { dateTime, enumOf } from '../schema';

export const CARE_TEAM_CHANGES = ['assigned', 'unassigned'] as const;
export type CareTeamChange = (typeof CARE_TEAM_CHANGES)[number];

export type CareTeamChanged = {
  episodeId: string;
  patientId: string;
  staffId: string;
  change: CareTeamChange;
  role?: CareTeamRole;
  changedAt: string;
};

export const careTeamChangedV1 = defineContract<CareTeamChanged>()({
  service: 'admissions',
  name: 'CareTeamChanged',
  consentCategory: 'admission',
  version: 1,
  key: 'episodeId',
  description:
    'A staff member joined the episode\'s care team in a role (or took another role on it: one role per member), or ' +
    'left it. Ids and the role only: staff are named by their identity-provider subject, never by name, and no ' +
    'staff directory is public. Assignments recorded before this event existed were not published.',
  required: ['episodeId', 'patientId', 'staffId', 'change', 'changedAt'],
  properties: {
    episodeId,
    patientId,
    staffId: { ...staffId, description: 'The staff member (the token subject, as on the care team).' },
    change: enumOf(CARE_TEAM_CHANGES, '`assigned` (joined, or changed role: the role replaces the previous one) or `unassigned` (left the team).'),
    role: enumOf(CARE_TEAM_ROLES, 'The role on the care team; present when `change` is `assigned`.'),
    changedAt: dateTime('When the change was recorded.'),
  },
  allOf: [{ if: { properties: { change: { const: 'assigned' } } }, then: { required: ['role'] } }],
  example: {
    episodeId: ids.episodeId,
    patientId: ids.patientId,
    staffId: 'auth0|dr-lee',
    change: 'assigned',
    role: 'psychiatrist',
    changedAt: '2025-03-10T15:00:00-04:00',
  },
});
