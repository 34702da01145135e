import type { PoolClient } from 'pg';
import { type AlumniSessionFacts, ATTENDED_STATUSES, type AdmissionFacts, type AlertFacts, type CensusFacts, type DischargeFacts } from './program-metrics.rules';

/**
 * The cohorts' facts, read from the read models the events feed (COHORTS in program-metrics.definitions.ts). The
 * admission cohort's attendance is the program's: alumni sessions after the discharge are the alumni figures'.
 */
export type CohortFilter = { from: string; to: string; locationId: string | null };

const ADMISSION_COHORT = `
  SELECT e.start_date::text AS "startDate", e.admitted_on::text AS "admittedOn", e.referred_on::text AS "referredOn",
    e.discharge_date::text AS "dischargeDate", e.discharge_reason AS "dischargeReason",
    coalesce((SELECT array_agg(DISTINCT s.session_date::text ORDER BY s.session_date::text) FROM outcome_session_attendance s
              WHERE s.episode_id = e.episode_id AND NOT s.alumni AND s.status IN ('present', 'late')), '{}') AS "attendedDays",
    (SELECT count(*) FROM outcome_attendance_weeks w WHERE w.episode_id = e.episode_id)::int AS "weeks",
    (SELECT count(*) FROM outcome_attendance_weeks w WHERE w.episode_id = e.episode_id AND w.compliant)::int AS "compliantWeeks",
    coalesce((SELECT sum(w.hours_attended) FROM outcome_attendance_weeks w WHERE w.episode_id = e.episode_id), 0)::float8 AS "hoursAttended",
    (SELECT count(*) FROM outcome_session_attendance s WHERE s.episode_id = e.episode_id AND NOT s.alumni)::int AS "sessions",
    (SELECT count(*) FROM outcome_session_attendance s WHERE s.episode_id = e.episode_id AND NOT s.alumni AND s.status = ANY($4::text[]))::int AS "sessionsAttended"
  FROM outcome_episodes e
  WHERE e.start_date BETWEEN $1::date AND $2::date AND e.status <> 'cancelled' AND ($3::uuid IS NULL OR e.location_id = $3)`;

const totals = (instrument: string) => `
    coalesce((SELECT array_agg((m.scores->>'total')::int ORDER BY m.administered_at, m.measure_id) FROM outcome_measures m
              WHERE m.episode_id = e.episode_id AND m.instrument = '${instrument}' AND m.follow_up_id IS NULL
                AND m.administered_on <= e.discharge_date), '{}')`;

const DISCHARGE_COHORT = `
  SELECT e.start_date::text AS "startDate", e.discharge_date::text AS "dischargeDate", e.discharge_reason AS "reason",
    (SELECT f.abstinent FROM outcome_follow_ups f WHERE f.episode_id = e.episode_id AND f.status = 'completed'
     ORDER BY f.completed_at, f.sequence LIMIT 1) AS "firstFollowUpAbstinent",
    ${totals('PHQ-9')} AS "phq9",
    ${totals('GAD-7')} AS "gad7"
  FROM outcome_episodes e
  WHERE e.discharge_date BETWEEN $1::date AND $2::date AND ($3::uuid IS NULL OR e.location_id = $3)`;

export async function cohortFacts(client: PoolClient, f: CohortFilter): Promise<{ admitted: AdmissionFacts[]; discharged: DischargeFacts[] }> {
  const params = [f.from, f.to, f.locationId];
  const admitted = (await client.query<AdmissionFacts>(ADMISSION_COHORT, [...params, ATTENDED_STATUSES])).rows;
  const discharged = (await client.query<DischargeFacts>(DISCHARGE_COHORT, params)).rows;
  return { admitted, discharged };
}

/** Safety alerts opened in [from, to] (UTC days: the alerts carry instants, not the clinic's zone), at the location when given. */
const ALERT_COHORT = `
  SELECT a.episode_id AS "episodeId", to_json(a.opened_at) #>> '{}' AS "openedAt", to_json(a.acknowledged_at) #>> '{}' AS "acknowledgedAt",
    to_json(a.resolved_at) #>> '{}' AS "resolvedAt"
  FROM outcome_safety_alerts a LEFT JOIN outcome_episodes e ON e.episode_id = a.episode_id
  WHERE a.opened_at >= $1::date AND a.opened_at < $2::date + 1 AND ($3::uuid IS NULL OR coalesce(a.location_id, e.location_id) = $3)`;

export async function alertFacts(client: PoolClient, f: CohortFilter): Promise<AlertFacts[]> {
  return (await client.query<AlertFacts>(ALERT_COHORT, [f.from, f.to, f.locationId])).rows;
}

/** Episodes enrolled on the range's last day (started by then, not cancelled, not discharged before it), per location and track. */
const CENSUS = `
  SELECT e.location_id AS "locationId", e.track, count(*)::int AS "episodes"
  FROM outcome_episodes e
  WHERE e.start_date <= $1::date AND e.status <> 'cancelled' AND (e.discharge_date IS NULL OR e.discharge_date > $1::date)
    AND ($2::uuid IS NULL OR e.location_id = $2)
  GROUP BY e.location_id, e.track`;

export async function censusFacts(client: PoolClient, f: CohortFilter): Promise<CensusFacts[]> {
  return (await client.query<CensusFacts>(CENSUS, [f.to, f.locationId])).rows;
}

/** Alumni sessions attended in [from, to], with the alumnus (the patient) and the discharge that made them one. */
const ALUMNI_SESSIONS = `
  SELECT e.patient_id AS "patientId", s.session_date::text AS "sessionDate", e.discharge_date::text AS "dischargeDate"
  FROM outcome_session_attendance s JOIN outcome_episodes e ON e.episode_id = s.episode_id
  WHERE s.alumni AND s.session_date BETWEEN $1::date AND $2::date AND s.status = ANY($4::text[]) AND e.discharge_date IS NOT NULL
    AND ($3::uuid IS NULL OR e.location_id = $3)`;

export async function alumniFacts(client: PoolClient, f: CohortFilter): Promise<AlumniSessionFacts[]> {
  return (await client.query<AlumniSessionFacts>(ALUMNI_SESSIONS, [f.from, f.to, f.locationId, ATTENDED_STATUSES])).rows;
}
