import type { PoolClient } from 'pg';
import type { AttendanceWeek, DimensionalRatings, GoalCounts, MeasureTotals, ProgramRule } from '@iop/asam-criteria';
import type { AttendanceBreach, GatheredEvidence, Reassessment } from '../domain/episode/continued-stay.evidence';

/**
 * No event closes a safety alert yet (outcomes publishes only SafetyAlertRaised), so an alert counts as open for
 * two weeks: long enough to span the next weekly review, short enough not to haunt a recovered patient.
 */
export const OPEN_ALERT_DAYS = 14;

type Q = (sql: string) => Promise<Record<string, unknown>[]>;

async function goalCounts(q: Q): Promise<{ goals: GoalCounts; planAmendments: number }> {
  const byStatus = await q('SELECT status, count(*)::int AS n FROM evidence_goals WHERE tenant_id = $1 AND episode_id = $2 GROUP BY status');
  const plan = await q('SELECT version, goal_count FROM evidence_plans WHERE tenant_id = $1 AND episode_id = $2 ORDER BY version DESC, signed_at DESC LIMIT 1');
  const count = (s: string) => Number(byStatus.find((r) => r.status === s)?.n ?? 0);
  const seen = byStatus.reduce((sum, r) => sum + Number(r.n), 0);
  // Goals of the signed plan that never changed status have not been started.
  const total = Math.max(seen, Number(plan[0]?.goal_count ?? 0));
  const goals = { total, achieved: count('achieved'), inProgress: count('in-progress'), notStarted: count('not-started') + total - seen, discontinued: count('discontinued') };
  return { goals, planAmendments: Math.max(0, Number(plan[0]?.version ?? 1) - 1) };
}

async function attendance(q: Q): Promise<{ weeks: AttendanceWeek[]; programRule?: ProgramRule; breaches: AttendanceBreach[] }> {
  const weeks = await q(`SELECT week_start::text AS week_start, hours_attended, days_attended, compliant, rule FROM evidence_weeks
    WHERE tenant_id = $1 AND episode_id = $2 ORDER BY week_start`);
  const breaches = await q(`SELECT week_start::text AS week_start, rule, hours_attended, required_hours FROM evidence_breaches
    WHERE tenant_id = $1 AND episode_id = $2 ORDER BY week_start, rule`);
  return {
    weeks: weeks.map((w) => ({
      weekStart: String(w.week_start), hoursAttended: Number(w.hours_attended), daysAttended: Number(w.days_attended), compliant: Boolean(w.compliant),
    })),
    ...(weeks.length ? { programRule: weeks[weeks.length - 1].rule as ProgramRule } : {}),
    breaches: breaches.map((b) => ({
      weekStart: String(b.week_start), rule: b.rule as AttendanceBreach['rule'], hoursAttended: Number(b.hours_attended),
      requiredHours: Number(b.required_hours),
    })),
  };
}

async function measures(q: Q): Promise<{ phq9?: MeasureTotals; gad7?: MeasureTotals }> {
  const rows = await q(`SELECT instrument, total FROM evidence_measures WHERE tenant_id = $1 AND episode_id = $2
    AND instrument IN ('PHQ-9', 'GAD-7') AND total IS NOT NULL ORDER BY administered_at DESC, measure_id`);
  const totals = (instrument: string): MeasureTotals | undefined => {
    const [latest, previous] = rows.filter((r) => r.instrument === instrument).map((r) => Number(r.total));
    return latest === undefined ? undefined : { total: latest, ...(previous !== undefined ? { previousTotal: previous } : {}) };
  };
  const phq9 = totals('PHQ-9');
  const gad7 = totals('GAD-7');
  return { ...(phq9 ? { phq9 } : {}), ...(gad7 ? { gad7 } : {}) };
}

/** Everything the other services reported about one episode, as of `now` (the review's time). */
export async function gatherEvidence(client: PoolClient, tenantId: string, episodeId: string, now: string, minimumWeeklyHours: number | null): Promise<GatheredEvidence> {
  const q: Q = async (sql) => (await client.query(sql, [tenantId, episodeId])).rows;
  const reassessments = await q(`SELECT criteria_edition, ratings, recorded_at FROM evidence_reassessments
    WHERE tenant_id = $1 AND episode_id = $2 ORDER BY recorded_at, reassessment_id`);
  const alerts = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM evidence_safety_alerts WHERE tenant_id = $1 AND episode_id = $2 AND raised_at > $3::timestamptz - make_interval(days => $4)`,
    [tenantId, episodeId, now, OPEN_ALERT_DAYS]);
  return {
    reassessments: reassessments.map((r): Reassessment => ({
      criteriaEdition: Number(r.criteria_edition) as 3 | 4, ratings: r.ratings as DimensionalRatings, recordedAt: (r.recorded_at as Date).toISOString(),
    })),
    ...(await goalCounts(q)),
    ...(await attendance(q)),
    recentMeasures: await measures(q),
    safetyAlertsOpen: alerts.rows[0].n,
    ...(minimumWeeklyHours !== null ? { minimumWeeklyHours } : {}),
  };
}
