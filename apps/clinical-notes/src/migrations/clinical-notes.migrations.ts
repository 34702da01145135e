import type { MigrationInterface, QueryRunner } from 'typeorm';
import { tenantIsolationSql } from '@iop/platform';

const isolate = async (q: QueryRunner, ...tables: string[]) => {
  for (const t of tables) for (const sql of tenantIsolationSql(t)) await q.query(sql);
};

/** Read models kept by the inline projections (charts, note index, notes due, plans) and the notes' hash chain. */
export class ClinicalNotesReadModels1764230401000 implements MigrationInterface {
  name = 'ClinicalNotesReadModels1764230401000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE charts (
      episode_id uuid PRIMARY KEY, tenant_id text NOT NULL, patient_id uuid NOT NULL, start_date date NOT NULL,
      admitted_at timestamptz NOT NULL, discharged_at timestamptz, primary_clinician text)`);
    await q.query(`CREATE TABLE notes (
      note_id uuid PRIMARY KEY, tenant_id text NOT NULL, episode_id uuid NOT NULL, patient_id uuid NOT NULL, session_id uuid,
      note_type text NOT NULL, author text NOT NULL, status text NOT NULL, drafted_at timestamptz NOT NULL,
      signed_at timestamptz, late boolean, cosign_required boolean, cosigned_at timestamptz, amendments integer NOT NULL DEFAULT 0)`);
    await q.query('CREATE INDEX notes_episode ON notes (tenant_id, episode_id, drafted_at)');
    await q.query(`CREATE TABLE notes_due (
      episode_id uuid NOT NULL, due_key text NOT NULL, tenant_id text NOT NULL, patient_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('session-note', 'discharge-summary')), session_id uuid, session_type text,
      session_starts_at timestamptz, due_since timestamptz NOT NULL, draft_note_id uuid, PRIMARY KEY (episode_id, due_key))`);
    await q.query('CREATE INDEX notes_due_since ON notes_due (tenant_id, due_since, episode_id, due_key)');
    await q.query(`CREATE TABLE treatment_plans (
      plan_id uuid PRIMARY KEY, episode_id uuid NOT NULL UNIQUE, tenant_id text NOT NULL, patient_id uuid NOT NULL,
      status text NOT NULL, version integer NOT NULL, author text NOT NULL, signed_version integer NOT NULL DEFAULT 0,
      last_signed_at timestamptz, last_reviewed_at timestamptz, acknowledged_version integer NOT NULL DEFAULT 0)`);
    await q.query(`CREATE TABLE note_versions (
      note_id uuid NOT NULL, version integer NOT NULL CHECK (version > 0), tenant_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('original', 'cosignature', 'amendment')), content jsonb NOT NULL,
      prev_hash text NOT NULL, hash text NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (note_id, version))`);
    // Versions are appended, never rewritten: the trigger names the rule. The hash chain is what still catches an
    // owner who disables the trigger and edits a row anyway.
    await q.query(`CREATE FUNCTION note_versions_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'note_versions is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege'; END $$`);
    await q.query(`CREATE TRIGGER note_versions_append_only BEFORE UPDATE OR DELETE ON note_versions
      FOR EACH ROW EXECUTE FUNCTION note_versions_are_append_only()`);
    await isolate(q, 'charts', 'notes', 'notes_due', 'treatment_plans', 'note_versions');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE note_versions, treatment_plans, notes_due, notes, charts');
    await q.query('DROP FUNCTION note_versions_are_append_only()');
  }
}

/**
 * SUD counseling notes live in their own tables, outside the event store: no projection, publisher or rebuild ever
 * reads them (42 CFR Part 2 keeps them apart and behind their own consent). Documentation settings are per tenant.
 */
export class ClinicalNotesCounselingAndSettings1764230401100 implements MigrationInterface {
  name = 'ClinicalNotesCounselingAndSettings1764230401100';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE counseling_notes (
      counseling_note_id uuid PRIMARY KEY, tenant_id text NOT NULL, episode_id uuid NOT NULL, patient_id uuid NOT NULL,
      author text NOT NULL, body text NOT NULL, created_at timestamptz NOT NULL)`);
    await q.query('CREATE INDEX counseling_notes_author ON counseling_notes (tenant_id, author, created_at)');
    await q.query(`CREATE TABLE counseling_note_grants (
      counseling_note_id uuid NOT NULL REFERENCES counseling_notes, tenant_id text NOT NULL,
      grantee_kind text NOT NULL CHECK (grantee_kind IN ('role', 'subject')), grantee text NOT NULL,
      granted_by text NOT NULL, granted_at timestamptz NOT NULL, PRIMARY KEY (counseling_note_id, grantee_kind, grantee))`);
    await q.query(`CREATE TABLE documentation_settings (
      tenant_id text PRIMARY KEY, plan_due_days integer NOT NULL, plan_review_days integer NOT NULL,
      late_after_hours integer NOT NULL, cosign_roles text[] NOT NULL, cosign_credentials text[] NOT NULL,
      updated_by text NOT NULL, updated_at timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE staff_credentials (
      tenant_id text NOT NULL, subject text NOT NULL, credential text NOT NULL, updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, subject))`);
    await isolate(q, 'counseling_notes', 'counseling_note_grants', 'documentation_settings', 'staff_credentials');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE staff_credentials, documentation_settings, counseling_note_grants, counseling_notes');
  }
}

/** Group notes by session (read-models/group-notes.projection.ts): ids, author and counts, never the summary. */
export class ClinicalNotesGroupNotes1764230401200 implements MigrationInterface {
  name = 'ClinicalNotesGroupNotes1764230401200';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE group_notes (
      group_note_id uuid PRIMARY KEY, tenant_id text NOT NULL, session_id uuid NOT NULL, author text NOT NULL,
      participants integer NOT NULL, written_at timestamptz NOT NULL)`);
    await q.query('CREATE INDEX group_notes_session ON group_notes (tenant_id, session_id, written_at, group_note_id)');
    await isolate(q, 'group_notes');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE group_notes');
  }
}

/**
 * Safety alerts (docs/DOMAIN.md section 8): the worklist (projected from the alert streams), the copies of what other
 * services say that routing needs (each location's on-call roster, each episode's location), and the clinic's
 * escalation and signal settings.
 */
export class ClinicalNotesSafetyAlerts1796100000300 implements MigrationInterface {
  name = 'ClinicalNotesSafetyAlerts1796100000300';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE safety_alerts (
      alert_id uuid PRIMARY KEY, tenant_id text NOT NULL, episode_id uuid NOT NULL, patient_id uuid NOT NULL, location_id uuid,
      signal text NOT NULL, source_id text NOT NULL, signal_at timestamptz NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
      routed_to text NOT NULL, routed_to_staff_id text, opened_at timestamptz NOT NULL,
      acknowledged_by text, acknowledged_at timestamptz, escalated_at timestamptz,
      resolved_by text, resolved_at timestamptz, note_id uuid, summary text)`);
    await q.query('CREATE INDEX safety_alerts_worklist ON safety_alerts (tenant_id, opened_at, alert_id)');
    await q.query("CREATE INDEX safety_alerts_unacknowledged ON safety_alerts (opened_at) WHERE status = 'open' AND escalated_at IS NULL");
    await q.query(`CREATE TABLE safety_on_call_shifts (
      tenant_id text NOT NULL, location_id uuid NOT NULL, staff_id text NOT NULL, starts_at timestamptz NOT NULL, ends_at timestamptz NOT NULL,
      PRIMARY KEY (location_id, starts_at, staff_id))`);
    await q.query(`CREATE TABLE safety_episode_locations (
      episode_id uuid PRIMARY KEY, tenant_id text NOT NULL, location_id uuid NOT NULL)`);
    await q.query(`CREATE TABLE safety_alert_settings (
      tenant_id text PRIMARY KEY, escalate_after_minutes integer NOT NULL, missed_session_window_days integer NOT NULL,
      updated_by text NOT NULL, updated_at timestamptz NOT NULL)`);
    await isolate(q, 'safety_alerts', 'safety_on_call_shifts', 'safety_episode_locations', 'safety_alert_settings');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE safety_alert_settings, safety_episode_locations, safety_on_call_shifts, safety_alerts');
  }
}

/** The documentation queue's worklists over the note index: an author's notes by status, and notes owed a co-signature. */
export class ClinicalNotesNoteWorklists1796200000100 implements MigrationInterface {
  name = 'ClinicalNotesNoteWorklists1796200000100';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX notes_author ON notes (tenant_id, author, status, drafted_at, note_id)');
    await q.query("CREATE INDEX notes_awaiting_cosign ON notes (tenant_id, signed_at, note_id) WHERE status = 'signed' AND cosign_required");
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX notes_awaiting_cosign, notes_author');
  }
}

/**
 * Which episode each diagnosis belongs to, and whether it was removed (admissions' diagnosis events): what a
 * treatment-plan problem's `diagnosisId` is checked against (docs/DOMAIN.md section 9). Ids and a status only.
 */
export class ClinicalNotesEpisodeDiagnoses1796200000400 implements MigrationInterface {
  name = 'ClinicalNotesEpisodeDiagnoses1796200000400';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE episode_diagnoses (
      diagnosis_id uuid PRIMARY KEY, tenant_id text NOT NULL, episode_id uuid NOT NULL,
      status text NOT NULL CHECK (status IN ('active', 'resolved', 'removed')))`);
    await isolate(q, 'episode_diagnoses');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE episode_diagnoses');
  }
}

/**
 * The episode's ASAM reassessments as recorded (GET /v1/episodes/{episodeId}/reassessments, newest first). The
 * rationale is clinical text kept here as the event has it; the read gives it to the assessing roles only. Reassessments
 * recorded before this table existed are in the chart streams: `POST /v1/admin/projections/reassessments/rebuild`
 * (operator) lists them.
 */
export class ClinicalNotesReassessments1796300000100 implements MigrationInterface {
  name = 'ClinicalNotesReassessments1796300000100';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE reassessments (
      reassessment_id uuid PRIMARY KEY, tenant_id text NOT NULL, episode_id uuid NOT NULL, patient_id uuid NOT NULL,
      criteria_edition smallint NOT NULL, ratings jsonb NOT NULL, rationale jsonb, recorded_by text NOT NULL, recorded_at timestamptz NOT NULL)`);
    await q.query('CREATE INDEX reassessments_episode ON reassessments (episode_id, recorded_at DESC, reassessment_id DESC)');
    await isolate(q, 'reassessments');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE reassessments');
  }
}

export const CLINICAL_NOTES_MIGRATIONS = [
  ClinicalNotesReadModels1764230401000, ClinicalNotesCounselingAndSettings1764230401100, ClinicalNotesGroupNotes1764230401200,
  ClinicalNotesSafetyAlerts1796100000300, ClinicalNotesNoteWorklists1796200000100, ClinicalNotesEpisodeDiagnoses1796200000400,
  ClinicalNotesReassessments1796300000100,
];
