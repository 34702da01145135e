import type { PoolClient } from 'pg';
import type { StoredEvent } from '@iop/event-store';
import type {
  CareTeamMemberAssigned, CareTeamMemberUnassigned, ContinuedStayReviewed, EpisodeCancelled, EpisodePutOnHold,
  LevelOfCareChanged, PatientAdmitted, PatientDischarged,
} from '../domain/episode/episode.events';
import { actorOf, dataOf, projectionOf, tenantOf, type EventWriter } from './projection-support';

type Table = (name: string) => string;

/** One UPDATE of the episode row the event belongs to: `sets` uses $3.. for `values`. */
async function update(client: PoolClient, table: Table, event: StoredEvent, sets: string, values: unknown[]) {
  const { episodeId } = dataOf<{ episodeId: string }>(event);
  await client.query(`UPDATE ${table('episodes')} SET ${sets} WHERE tenant_id = $1 AND episode_id = $2`, [tenantOf(event), episodeId, ...values]);
}

const admitted: EventWriter = async (client, table, event) => {
  const d = dataOf<PatientAdmitted['data']>(event);
  await client.query(
    `INSERT INTO ${table('episodes')} (tenant_id, episode_id, patient_id, referral_id, status, level_of_care, location_id, track,
       start_date, planned_end_date, referral_source, referred_at, admitted_at, recommended_level, level_overridden, previous_episode_ids)
     VALUES ($1, $2, $3, $4, 'active', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT DO NOTHING`,
    [
      tenantOf(event), d.episodeId, d.patientId, d.referralId, d.levelOfCare, d.locationId, d.track, d.startDate, d.plannedEndDate,
      d.referralSource, d.referredAt, d.admittedAt, d.recommendedLevel, d.overrideReason !== undefined, d.previousEpisodeIds,
    ],
  );
};

const assigned: EventWriter = (client, table, event) => {
  const d = dataOf<CareTeamMemberAssigned['data']>(event);
  const member = JSON.stringify([{ staffId: d.staffId, role: d.role, assignedAt: d.assignedAt }]);
  return update(client, table, event, `care_team = (SELECT coalesce(jsonb_agg(m), '[]') FROM jsonb_array_elements(care_team) m
    WHERE m->>'staffId' <> $3) || $4::jsonb`, [d.staffId, member]);
};

const unassigned: EventWriter = (client, table, event) => update(client, table, event,
  `care_team = (SELECT coalesce(jsonb_agg(m), '[]') FROM jsonb_array_elements(care_team) m WHERE m->>'staffId' <> $3)`,
  [dataOf<CareTeamMemberUnassigned['data']>(event).staffId]);

const reviewed: EventWriter = async (client, table, event) => {
  const d = dataOf<ContinuedStayReviewed['data']>(event);
  await update(client, table, event, 'last_reviewed_at = $3, last_recommendation = $4', [d.reviewedAt, d.recommendation]);
  await client.query(
    `INSERT INTO ${table('reviews')} (tenant_id, review_id, episode_id, patient_id, trigger, recommendation, criteria, alerts, evidence,
       reviewed_at, reviewed_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
    [
      tenantOf(event), d.reviewId, d.episodeId, d.patientId, d.trigger, d.recommendation, JSON.stringify(d.criteria),
      JSON.stringify(d.alerts), JSON.stringify(d.evidence), d.reviewedAt, actorOf(event),
    ],
  );
};

/** Episodes of care (status, level, care team, last review, discharge) and their continued-stay reviews. */
export const episodesProjection = projectionOf('episodes', ['episodes', 'reviews'], {
  PatientAdmitted: admitted,
  CareTeamMemberAssigned: assigned,
  CareTeamMemberUnassigned: unassigned,
  LevelOfCareChanged: (c, t, e) => update(c, t, e, 'level_of_care = $3', [dataOf<LevelOfCareChanged['data']>(e).toLevel]),
  ContinuedStayReviewed: reviewed,
  EpisodePutOnHold: (c, t, e) => update(c, t, e, `status = 'onhold', status_reason = $3`, [dataOf<EpisodePutOnHold['data']>(e).reason]),
  EpisodeResumed: (c, t, e) => update(c, t, e, `status = 'active', status_reason = NULL`, []),
  EpisodeCancelled: (c, t, e) => update(c, t, e, `status = 'cancelled', status_reason = $3`, [dataOf<EpisodeCancelled['data']>(e).reason]),
  PatientDischarged: (c, t, e) => {
    const d = dataOf<PatientDischarged['data']>(e);
    return update(c, t, e, `status = 'finished', discharge_reason = $3, discharged_at = $4, joined_alumni = $5`, [d.reason, d.dischargedAt, d.joinAlumni]);
  },
});
