import type { MigrationInterface, QueryRunner } from 'typeorm';
import { tenantIsolationSql } from '@iop/platform';

const TABLES = ['locations', 'program_settings', 'sessions', 'enrollments', 'bookings', 'attendance', 'outreach_tasks'];

/**
 * Scheduling's read models. Two rules live in the database because only it sees every concurrent writer: a session
 * is never overbooked (CHECK on the seat count, rows locked while seats are decided), and one facilitator or room is
 * never in two scheduled sessions at once (exclusion constraints over time ranges, hence btree_gist). Seat counts change
 * with every enrollment: room left on each page (fillfactor) keeps those updates HOT, off the indexes.
 */
export class SchedulingReadModels1764230500000 implements MigrationInterface {
  name = 'SchedulingReadModels1764230500000';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE EXTENSION IF NOT EXISTS btree_gist');
    await q.query(`CREATE TABLE locations (
      location_id uuid PRIMARY KEY, tenant_id text NOT NULL, name text NOT NULL, timezone text NOT NULL, blocks jsonb NOT NULL,
      configured_at timestamptz NOT NULL, created_at timestamptz NOT NULL)`);
    await q.query('CREATE INDEX locations_tenant ON locations (tenant_id, location_id)');
    await q.query(`CREATE TABLE program_settings (
      tenant_id text PRIMARY KEY, group_size_limit int NOT NULL, min_hours_per_day numeric NOT NULL, min_days_per_week int NOT NULL,
      changed_at timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE sessions (
      session_id uuid PRIMARY KEY, tenant_id text NOT NULL, location_id uuid NOT NULL, track text, type text NOT NULL, series text,
      starts_at timestamptz NOT NULL, ends_at timestamptz NOT NULL, local_date date NOT NULL, week_start date NOT NULL,
      facilitator_role text NOT NULL, staff_id text, room text, virtual_link text, capacity int NOT NULL, booked int NOT NULL DEFAULT 0,
      no_charge boolean NOT NULL DEFAULT false, status text NOT NULL DEFAULT 'scheduled', cancel_reason text, cancelled_at timestamptz,
      CONSTRAINT sessions_never_overbooked CHECK (booked >= 0 AND booked <= capacity),
      CONSTRAINT sessions_facilitator_overlap EXCLUDE USING gist (tenant_id WITH =, staff_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
        WHERE (status = 'scheduled' AND staff_id IS NOT NULL),
      CONSTRAINT sessions_room_overlap EXCLUDE USING gist (tenant_id WITH =, location_id WITH =, room WITH =, tstzrange(starts_at, ends_at) WITH &&)
        WHERE (status = 'scheduled' AND room IS NOT NULL))
      WITH (fillfactor = 70)`);
    await q.query('CREATE INDEX sessions_series_week ON sessions (location_id, track, series, week_start)');
    await q.query('CREATE INDEX sessions_location_time ON sessions (location_id, starts_at)');
    await q.query('CREATE INDEX sessions_staff_day ON sessions (staff_id, local_date) WHERE staff_id IS NOT NULL');
    await q.query(`CREATE TABLE enrollments (
      episode_id uuid PRIMARY KEY, tenant_id text NOT NULL, patient_id uuid NOT NULL, display_name text NOT NULL, location_id uuid NOT NULL,
      track text NOT NULL, timezone text NOT NULL, status text NOT NULL, start_date date, planned_end_date date,
      weekly_hours_planned numeric NOT NULL DEFAULT 0, min_hours_per_day numeric NOT NULL DEFAULT 3, min_days_per_week int NOT NULL DEFAULT 4, enrolled_at timestamptz NOT NULL,
      discharged_at timestamptz, alumni_since timestamptz, last_closed_week date)`);
    await q.query('CREATE INDEX enrollments_open_weeks ON enrollments (tenant_id, last_closed_week) WHERE start_date IS NOT NULL');
    await q.query(`CREATE TABLE bookings (
      episode_id uuid NOT NULL, session_id uuid NOT NULL, tenant_id text NOT NULL, status text NOT NULL, cancel_reason text,
      since timestamptz NOT NULL, PRIMARY KEY (episode_id, session_id))`);
    await q.query('CREATE INDEX bookings_session ON bookings (session_id, status, since)');
    await q.query(`CREATE TABLE attendance (
      session_id uuid NOT NULL, episode_id uuid NOT NULL, tenant_id text NOT NULL, status text NOT NULL, minutes_attended int NOT NULL,
      recorded_at timestamptz NOT NULL, recorded_by text NOT NULL, PRIMARY KEY (session_id, episode_id))`);
    await q.query(`CREATE TABLE outreach_tasks (
      task_id uuid PRIMARY KEY, tenant_id text NOT NULL, episode_id uuid NOT NULL, patient_id uuid NOT NULL, location_id uuid NOT NULL,
      session_id uuid NOT NULL, reason text NOT NULL, status text NOT NULL DEFAULT 'open', opened_at timestamptz NOT NULL)`);
    await q.query('CREATE INDEX outreach_tasks_list ON outreach_tasks (tenant_id, opened_at, task_id)');
    for (const table of TABLES) for (const sql of tenantIsolationSql(table)) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${[...TABLES].reverse().join(', ')}`);
  }
}

/** Outreach tasks are closed with an outcome (OutreachTaskClosed). */
export class OutreachTaskOutcomes1795800000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE outreach_tasks ADD COLUMN outcome text, ADD COLUMN closed_at timestamptz, ADD COLUMN closed_by text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE outreach_tasks DROP COLUMN outcome, DROP COLUMN closed_at, DROP COLUMN closed_by');
  }
}

/**
 * Waitlist places move out of `bookings` into `waitlists`: one row per waitlisting with its session ids (see
 * read-models/places.ts). Seats and cancelled places stay in `bookings`.
 */
export class SchedulingWaitlists1795900000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE waitlists (
      episode_id uuid NOT NULL, tenant_id text NOT NULL, since timestamptz NOT NULL, session_ids uuid[] NOT NULL,
      PRIMARY KEY (episode_id, since))`);
    await q.query('CREATE INDEX waitlists_tenant ON waitlists (tenant_id)');
    for (const sql of tenantIsolationSql('waitlists')) await q.query(sql);
    // Row security is forced on the owner too: the move sees every tenant's rows as the projector does.
    await q.query("SELECT set_config('app.role', 'projector', true)");
    await q.query(`INSERT INTO waitlists (episode_id, tenant_id, since, session_ids)
      SELECT episode_id, tenant_id, since, array_agg(session_id ORDER BY session_id) FROM bookings WHERE status = 'waitlisted'
      GROUP BY episode_id, tenant_id, since`);
    await q.query("DELETE FROM bookings WHERE status = 'waitlisted'");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("SELECT set_config('app.role', 'projector', true)");
    await q.query(`INSERT INTO bookings (episode_id, session_id, tenant_id, status, since)
      SELECT w.episode_id, u.session_id, w.tenant_id, 'waitlisted', w.since FROM waitlists w CROSS JOIN LATERAL unnest(w.session_ids) AS u(session_id)
      ON CONFLICT (episode_id, session_id) DO NOTHING`);
    await q.query('DROP TABLE waitlists');
  }
}

/** A location's sessions of one local date (GET /v1/sessions, the day of every location). */
export class SessionsOfTheDay1796000000000 implements MigrationInterface {
  name = 'SessionsOfTheDay1796000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX sessions_location_day ON sessions (location_id, local_date)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX sessions_location_day');
  }
}

/**
 * Each location's curriculum versions (CurriculumChanged), read with the location when its series is generated; the
 * alumni sessions missed in a row after which an alumnus has stopped coming (program settings).
 */
export class LocationCurricula1796100000000 implements MigrationInterface {
  name = 'LocationCurricula1796100000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE locations ADD COLUMN curricula jsonb NOT NULL DEFAULT '[]'");
    await q.query('ALTER TABLE program_settings ADD COLUMN alumni_missed_sessions_limit int NOT NULL DEFAULT 4');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE locations DROP COLUMN curricula');
    await q.query('ALTER TABLE program_settings DROP COLUMN alumni_missed_sessions_limit');
  }
}

/** The treatment plan (and version) that ordered a session (docs/DOMAIN.md section 9), shown with it; null for the rest. */
export class SessionPlans1796200000000 implements MigrationInterface {
  name = 'SessionPlans1796200000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE sessions ADD COLUMN plan_id uuid, ADD COLUMN plan_version int');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE sessions DROP COLUMN plan_id, DROP COLUMN plan_version');
  }
}

/**
 * The episodes' care teams (admissions' CareTeamChanged, as CareTeamMemberNoted events): a clinician's outreach tasks
 * are those of the episodes on whose team they are. Nothing to fill: scheduling recorded no care team before this.
 */
export class SchedulingCareTeams1796300000000 implements MigrationInterface {
  name = 'SchedulingCareTeams1796300000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE care_team_members (
      tenant_id text NOT NULL, episode_id uuid NOT NULL, staff_id text NOT NULL, role text NOT NULL, since timestamptz NOT NULL,
      PRIMARY KEY (episode_id, staff_id))`);
    await q.query('CREATE INDEX care_team_members_staff ON care_team_members (tenant_id, staff_id, episode_id)');
    for (const sql of tenantIsolationSql('care_team_members')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE care_team_members');
  }
}

export const SCHEDULING_MIGRATIONS = [
  SchedulingReadModels1764230500000, OutreachTaskOutcomes1795800000000, SchedulingWaitlists1795900000000, SessionsOfTheDay1796000000000,
  LocationCurricula1796100000000, SessionPlans1796200000000, SchedulingCareTeams1796300000000,
];
