import type { PoolClient } from 'pg';
import { type KeyedRow, keyset, type Page, type PageParams } from '@iop/platform';

/** `planned` is not stored: an admitted episode is planned until its start date (a UTC day, as the deciders count). */
const EPISODES = `(SELECT e.*,
  CASE WHEN e.status = 'active' AND e.start_date > (now() AT TIME ZONE 'UTC')::date THEN 'planned' ELSE e.status END AS shown_status
  FROM episodes e) AS e`;

const COLUMNS = `e.episode_id, e.patient_id, e.referral_id, e.shown_status, e.status_reason, e.level_of_care, e.location_id, e.track,
  e.start_date::text AS start_date, e.planned_end_date::text AS planned_end_date, e.referral_source, e.referred_at, e.admitted_at,
  e.recommended_level, e.level_overridden, e.previous_episode_ids, e.care_team, e.last_reviewed_at, e.last_recommendation,
  e.discharge_reason, e.discharged_at, e.joined_alumni`;

type EpisodeRow = Record<string, unknown> & { patient_id: string };
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : null);

export const episodeView = (r: EpisodeRow) => ({
  episodeId: r.episode_id as string,
  patientId: r.patient_id,
  referralId: r.referral_id,
  status: r.shown_status,
  levelOfCare: r.level_of_care,
  locationId: r.location_id,
  track: r.track,
  startDate: r.start_date,
  plannedEndDate: r.planned_end_date,
  previousEpisodeIds: r.previous_episode_ids,
  careTeam: r.care_team,
  referralSource: r.referral_source,
  referredAt: iso(r.referred_at),
  admittedAt: iso(r.admitted_at),
  recommendedLevel: r.recommended_level,
  levelOverridden: r.level_overridden,
  statusReason: r.status_reason,
  lastReviewedAt: iso(r.last_reviewed_at),
  lastRecommendation: r.last_recommendation,
  dischargeReason: r.discharge_reason,
  dischargedAt: iso(r.discharged_at),
  joinedAlumni: r.joined_alumni,
});
export type EpisodeView = ReturnType<typeof episodeView>;

/** What the front desk sees of an episode: when and where, not the clinical reasons and recommendations. */
export const frontDeskView = ({ recommendedLevel: _r, levelOverridden: _l, statusReason: _s, lastRecommendation: _c, ...rest }: EpisodeView) => rest;

export async function findEpisode(client: PoolClient, tenantId: string, episodeId: string): Promise<EpisodeView | undefined> {
  const { rows } = await client.query<EpisodeRow>(`SELECT ${COLUMNS} FROM ${EPISODES} WHERE e.tenant_id = $1 AND e.episode_id = $2`, [tenantId, episodeId]);
  return rows[0] && episodeView(rows[0]);
}

export type EpisodeFilter = { locationId?: string; status?: string; patientId?: string };

const EPISODE_LIST = keyset('admissions.episodes', [{ sql: 'e.start_date', type: 'date' }, { sql: 'e.episode_id', type: 'uuid' }]);

/** Episodes by start date, filtered by location, shown status and patient. */
export async function listEpisodes(client: PoolClient, tenantId: string, f: EpisodeFilter, q: PageParams): Promise<Page<EpisodeView>> {
  const page = EPISODE_LIST.request(q);
  const after = EPISODE_LIST.where(page, 6);
  const { rows } = await client.query<EpisodeRow & KeyedRow>(
    `SELECT ${COLUMNS}, ${EPISODE_LIST.keySelect} FROM ${EPISODES}
     WHERE e.tenant_id = $1 AND ($2::uuid IS NULL OR e.location_id = $2) AND ($3::text IS NULL OR e.shown_status = $3)
       AND ($4::uuid IS NULL OR e.patient_id = $4) AND ${after.sql}
     ORDER BY ${EPISODE_LIST.orderBy} LIMIT $5`,
    [tenantId, f.locationId ?? null, f.status ?? null, f.patientId ?? null, page.limit + 1, ...after.params],
  );
  return EPISODE_LIST.page(rows, page, episodeView);
}
