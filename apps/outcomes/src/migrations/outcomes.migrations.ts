import type { MigrationInterface, QueryRunner } from 'typeorm';
import { tenantIsolationSql } from '@iop/platform';

/**
 * Outcomes' read models, all fed by its own event store (so every one can be rebuilt from position 0). Dates are
 * the clinic's calendar days as the contracts carry them; every table is tenant-isolated by row-level security.
 */
const TABLES: Record<string, string> = {
  outcome_episodes: `
    tenant_id text NOT NULL, episode_id uuid PRIMARY KEY, patient_id uuid NOT NULL, location_id uuid NOT NULL,
    track text NOT NULL, start_date date NOT NULL, admitted_on date NOT NULL, referred_on date NOT NULL,
    status text NOT NULL, discharge_reason text, discharged_at timestamptz, discharge_date date`,
  outcome_measures: `
    tenant_id text NOT NULL, measure_id uuid PRIMARY KEY, episode_id uuid NOT NULL, patient_id uuid NOT NULL,
    instrument text NOT NULL, code_system text NOT NULL, code text NOT NULL, answers jsonb NOT NULL, scores jsonb NOT NULL,
    band text, safety_alert boolean NOT NULL, scoring_version text NOT NULL, administered_at timestamptz NOT NULL,
    administered_on date NOT NULL, administered_by text NOT NULL, follow_up_id uuid`,
  outcome_attendance_weeks: `
    tenant_id text NOT NULL, episode_id uuid NOT NULL, week_start date NOT NULL, program_week int NOT NULL,
    location_id uuid NOT NULL, hours_attended numeric NOT NULL, compliant boolean NOT NULL, PRIMARY KEY (episode_id, week_start)`,
  outcome_session_attendance: `
    tenant_id text NOT NULL, episode_id uuid NOT NULL, session_id uuid NOT NULL, status text NOT NULL,
    session_date date NOT NULL, PRIMARY KEY (episode_id, session_id)`,
  outcome_follow_ups: `
    tenant_id text NOT NULL, follow_up_id uuid PRIMARY KEY, episode_id uuid NOT NULL, patient_id uuid NOT NULL,
    sequence int NOT NULL, offset_days int NOT NULL, due_date date NOT NULL, window_start date NOT NULL,
    window_end date NOT NULL, status text NOT NULL, abstinent boolean, completed_at timestamptz, within_window boolean,
    lost_at timestamptz`,
};

const INDEXES = [
  'CREATE INDEX outcome_episodes_start ON outcome_episodes (tenant_id, start_date)',
  'CREATE INDEX outcome_episodes_discharge ON outcome_episodes (tenant_id, discharge_date)',
  'CREATE INDEX outcome_measures_episode ON outcome_measures (episode_id, administered_at)',
  'CREATE INDEX outcome_follow_ups_episode ON outcome_follow_ups (episode_id, sequence)',
  "CREATE INDEX outcome_follow_ups_open ON outcome_follow_ups (window_end) WHERE status = 'scheduled'",
];

export class OutcomesReadModels1764230400300 implements MigrationInterface {
  name = 'OutcomesReadModels1764230400300';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, columns] of Object.entries(TABLES)) await q.query(`CREATE TABLE ${table} (${columns})`);
    for (const sql of INDEXES) await q.query(sql);
    for (const sql of Object.keys(TABLES).flatMap(tenantIsolationSql)) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${Object.keys(TABLES).join(', ')}`);
  }
}

/**
 * Drug screens and self-reported abstinence as clinicians read them back. Both were recorded as events from the
 * start: the tables are filled from the event store here, so nothing recorded before this migration is missing.
 */
export class OutcomesScreensAndAbstinence1795900000100 implements MigrationInterface {
  name = 'OutcomesScreensAndAbstinence1795900000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE outcome_drug_screens (
      tenant_id text NOT NULL, screen_id uuid PRIMARY KEY, episode_id uuid NOT NULL, patient_id uuid NOT NULL,
      collected_on date NOT NULL, results jsonb NOT NULL, recorded_by text NOT NULL, recorded_at timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE outcome_abstinence_reports (
      tenant_id text NOT NULL, report_id uuid PRIMARY KEY, episode_id uuid NOT NULL, patient_id uuid NOT NULL,
      period_start date NOT NULL, period_end date NOT NULL, days_abstinent int NOT NULL, reported_by text NOT NULL,
      reported_at timestamptz NOT NULL)`);
    await q.query('CREATE INDEX outcome_drug_screens_episode ON outcome_drug_screens (episode_id, collected_on)');
    await q.query('CREATE INDEX outcome_abstinence_reports_episode ON outcome_abstinence_reports (episode_id, period_start)');
    for (const sql of ['outcome_drug_screens', 'outcome_abstinence_reports'].flatMap(tenantIsolationSql)) await q.query(sql);
    // Row security is forced on the owner too: the backfill sees every tenant's rows as the projector does.
    await q.query("SELECT set_config('app.role', 'projector', true)");
    await q.query(`INSERT INTO outcome_drug_screens (tenant_id, screen_id, episode_id, patient_id, collected_on, results, recorded_by, recorded_at)
      SELECT tenant_id, (data->>'screenId')::uuid, (data->>'episodeId')::uuid, (data->>'patientId')::uuid, (data->>'collectedOn')::date,
        data->'results', data->>'recordedBy', recorded_at
      FROM events WHERE event_type = 'DrugScreenResulted' ORDER BY global_position ON CONFLICT (screen_id) DO NOTHING`);
    await q.query(`INSERT INTO outcome_abstinence_reports (tenant_id, report_id, episode_id, patient_id, period_start, period_end, days_abstinent, reported_by, reported_at)
      SELECT tenant_id, (data->>'reportId')::uuid, (data->>'episodeId')::uuid, (data->>'patientId')::uuid, (data->>'periodStart')::date,
        (data->>'periodEnd')::date, (data->>'daysAbstinent')::int, data->>'reportedBy', recorded_at
      FROM events WHERE event_type = 'AbstinenceReported' ORDER BY global_position ON CONFLICT (report_id) DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE outcome_drug_screens, outcome_abstinence_reports');
  }
}

/**
 * Safety alert timings for the program metrics (time to acknowledge, time to resolve): a copy of clinical notes'
 * SafetyAlertOpened/Acknowledged/Resolved/Escalated, ids and times only, written by the clinical-notes consumer.
 */
export class OutcomesSafetyAlertTimings1796100000400 implements MigrationInterface {
  name = 'OutcomesSafetyAlertTimings1796100000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE outcome_safety_alerts (
      tenant_id text NOT NULL, alert_id uuid PRIMARY KEY, episode_id uuid NOT NULL, location_id uuid, signal text NOT NULL,
      opened_at timestamptz NOT NULL, acknowledged_at timestamptz, resolved_at timestamptz, escalated_at timestamptz)`);
    await q.query('CREATE INDEX outcome_safety_alerts_opened ON outcome_safety_alerts (tenant_id, opened_at)');
    for (const sql of tenantIsolationSql('outcome_safety_alerts')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE outcome_safety_alerts');
  }
}

/**
 * Alumni attendance as a program metric: which attended sessions were alumni sessions (after discharge into the
 * alumni track). Filled from the event store: events noted before SessionAttendanceNoted carried `alumni` count a
 * session dated after the episode's discharge day (scheduling books nothing but alumni seats after a discharge).
 */
export class OutcomesAlumniAttendance1796200000500 implements MigrationInterface {
  name = 'OutcomesAlumniAttendance1796200000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE outcome_session_attendance ADD COLUMN alumni boolean NOT NULL DEFAULT false');
    await q.query('CREATE INDEX outcome_session_attendance_alumni ON outcome_session_attendance (session_date) WHERE alumni');
    await q.query("SELECT set_config('app.role', 'projector', true)");
    await q.query(`UPDATE outcome_session_attendance s SET alumni = true
      FROM (SELECT (data->>'episodeId')::uuid AS episode_id, (data->>'sessionId')::uuid AS session_id,
              bool_or(coalesce((data->>'alumni')::boolean, false)) AS alumni, bool_or(data ? 'alumni') AS flagged
            FROM events WHERE event_type = 'SessionAttendanceNoted' GROUP BY 1, 2) f, outcome_episodes e
      WHERE f.episode_id = s.episode_id AND f.session_id = s.session_id AND e.episode_id = s.episode_id
        AND (f.alumni OR (NOT f.flagged AND s.session_date > e.discharge_date))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX outcome_session_attendance_alumni');
    await q.query('ALTER TABLE outcome_session_attendance DROP COLUMN alumni');
  }
}

/**
 * The episodes' care teams (admissions' CareTeamChanged, as CareTeamMemberNoted events): a clinician's measures due are
 * those of the episodes on whose team they are. Nothing to fill: outcomes recorded no care team before this.
 */
export class OutcomesCareTeams1796300000600 implements MigrationInterface {
  name = 'OutcomesCareTeams1796300000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE outcome_care_team_members (
      tenant_id text NOT NULL, episode_id uuid NOT NULL, staff_id text NOT NULL, role text NOT NULL, since timestamptz NOT NULL,
      PRIMARY KEY (episode_id, staff_id))`);
    await q.query('CREATE INDEX outcome_care_team_members_staff ON outcome_care_team_members (tenant_id, staff_id, episode_id)');
    for (const sql of tenantIsolationSql('outcome_care_team_members')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE outcome_care_team_members');
  }
}

export const OUTCOMES_MIGRATIONS = [
  OutcomesReadModels1764230400300, OutcomesScreensAndAbstinence1795900000100, OutcomesSafetyAlertTimings1796100000400, OutcomesAlumniAttendance1796200000500,
  OutcomesCareTeams1796300000600,
];
