import { createTenantTables } from '@iop/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Facts other services published that admissions keeps: the tenant's locations (scheduling), the continued-stay
 * evidence (scheduling, clinical-notes, outcomes) and the disclosure log (webhooks), plus tenant settings.
 */
const TABLES: Record<string, string> = {
  locations: `(
    tenant_id text NOT NULL, location_id uuid NOT NULL, name text NOT NULL, timezone text NOT NULL, blocks jsonb NOT NULL,
    configured_at timestamptz NOT NULL, PRIMARY KEY (tenant_id, location_id))`,
  evidence_weeks: `(
    tenant_id text NOT NULL, episode_id uuid NOT NULL, week_start date NOT NULL, hours_attended double precision NOT NULL,
    days_attended integer NOT NULL, days_with_minimum_hours integer NOT NULL, compliant boolean NOT NULL, rule jsonb NOT NULL,
    summarized_at timestamptz NOT NULL, PRIMARY KEY (tenant_id, episode_id, week_start))`,
  evidence_breaches: `(
    tenant_id text NOT NULL, episode_id uuid NOT NULL, week_start date NOT NULL, rule text NOT NULL,
    hours_attended double precision NOT NULL, required_hours double precision NOT NULL, breached_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, episode_id, week_start, rule))`,
  evidence_reassessments: `(
    tenant_id text NOT NULL, reassessment_id uuid NOT NULL, episode_id uuid NOT NULL, criteria_edition smallint NOT NULL,
    ratings jsonb NOT NULL, recorded_at timestamptz NOT NULL, PRIMARY KEY (tenant_id, reassessment_id))`,
  evidence_plans: `(
    tenant_id text NOT NULL, plan_id uuid NOT NULL, version integer NOT NULL, episode_id uuid NOT NULL,
    goal_count integer NOT NULL, signed_at timestamptz NOT NULL, PRIMARY KEY (tenant_id, plan_id, version))`,
  evidence_goals: `(
    tenant_id text NOT NULL, goal_id uuid NOT NULL, plan_id uuid NOT NULL, episode_id uuid NOT NULL, status text NOT NULL,
    changed_at timestamptz NOT NULL, PRIMARY KEY (tenant_id, goal_id))`,
  evidence_measures: `(
    tenant_id text NOT NULL, measure_id uuid NOT NULL, episode_id uuid NOT NULL, instrument text NOT NULL, total integer,
    band text, safety_alert boolean NOT NULL, administered_at timestamptz NOT NULL, PRIMARY KEY (tenant_id, measure_id))`,
  evidence_safety_alerts: `(
    tenant_id text NOT NULL, measure_id uuid NOT NULL, reason text NOT NULL, episode_id uuid NOT NULL, instrument text NOT NULL,
    raised_at timestamptz NOT NULL, PRIMARY KEY (tenant_id, measure_id, reason))`,
  disclosures: `(
    tenant_id text NOT NULL, disclosure_id uuid NOT NULL, patient_id uuid NOT NULL, recipient text NOT NULL,
    purpose text NOT NULL, event_type text NOT NULL, event_id text NOT NULL, consent_id uuid,
    disclosed_at timestamptz NOT NULL, PRIMARY KEY (tenant_id, disclosure_id))`,
  tenant_settings: `(
    tenant_id text PRIMARY KEY, planned_program_weeks integer NOT NULL, minimum_weekly_hours double precision,
    updated_at timestamptz NOT NULL, updated_by text NOT NULL)`,
};

const INDEXES = [
  'CREATE INDEX evidence_reassessments_by_episode ON evidence_reassessments (tenant_id, episode_id, recorded_at)',
  'CREATE INDEX evidence_goals_by_episode ON evidence_goals (tenant_id, episode_id)',
  'CREATE INDEX evidence_plans_by_episode ON evidence_plans (tenant_id, episode_id, version)',
  'CREATE INDEX evidence_measures_by_episode ON evidence_measures (tenant_id, episode_id, instrument, administered_at)',
  'CREATE INDEX evidence_safety_alerts_by_episode ON evidence_safety_alerts (tenant_id, episode_id, raised_at)',
  'CREATE INDEX disclosures_by_patient ON disclosures (tenant_id, patient_id, disclosed_at)',
];

export class AdmissionsConsumedFacts1764230400201 implements MigrationInterface {
  name = 'AdmissionsConsumedFacts1764230400201';
  async up(q: QueryRunner): Promise<void> {
    await createTenantTables(q, TABLES, INDEXES);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${Object.keys(TABLES).join(', ')}`);
  }
}
