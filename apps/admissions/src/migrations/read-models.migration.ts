import { createTenantTables } from '@iop/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Read models of admissions' own streams (inline projections), each with row-level security per tenant. */
const TABLES: Record<string, string> = {
  patients: `(
    tenant_id text NOT NULL, patient_id uuid NOT NULL, first_name text NOT NULL, last_name text NOT NULL,
    date_of_birth date NOT NULL, phone text, registered_at timestamptz NOT NULL, alumni_since timestamptz,
    PRIMARY KEY (tenant_id, patient_id))`,
  referrals: `(
    tenant_id text NOT NULL, referral_id uuid NOT NULL, patient_id uuid NOT NULL, source text NOT NULL,
    referred_at timestamptz NOT NULL, status text NOT NULL, status_reason text, status_changed_at timestamptz NOT NULL,
    latest_assessment_id uuid, recommended_level text, episode_id uuid, admitted_at timestamptz,
    PRIMARY KEY (tenant_id, referral_id))`,
  assessments: `(
    tenant_id text NOT NULL, assessment_id uuid NOT NULL, referral_id uuid NOT NULL, patient_id uuid NOT NULL,
    criteria_edition smallint NOT NULL, ratings jsonb NOT NULL, rationale jsonb, recommendation jsonb NOT NULL,
    assessed_at timestamptz NOT NULL, assessed_by text NOT NULL, PRIMARY KEY (tenant_id, assessment_id))`,
  episodes: `(
    tenant_id text NOT NULL, episode_id uuid NOT NULL, patient_id uuid NOT NULL, referral_id uuid NOT NULL,
    status text NOT NULL, status_reason text, level_of_care text NOT NULL, location_id uuid NOT NULL, track text NOT NULL,
    start_date date NOT NULL, planned_end_date date NOT NULL, referral_source text NOT NULL, referred_at timestamptz NOT NULL,
    admitted_at timestamptz NOT NULL, recommended_level text NOT NULL, level_overridden boolean NOT NULL,
    previous_episode_ids uuid[] NOT NULL DEFAULT '{}', care_team jsonb NOT NULL DEFAULT '[]',
    last_reviewed_at timestamptz, last_recommendation text, discharge_reason text, discharged_at timestamptz,
    joined_alumni boolean, PRIMARY KEY (tenant_id, episode_id))`,
  reviews: `(
    tenant_id text NOT NULL, review_id uuid NOT NULL, episode_id uuid NOT NULL, patient_id uuid NOT NULL,
    trigger text NOT NULL, recommendation text NOT NULL, criteria jsonb NOT NULL, alerts jsonb NOT NULL,
    evidence jsonb NOT NULL, reviewed_at timestamptz NOT NULL, reviewed_by text NOT NULL, PRIMARY KEY (tenant_id, review_id))`,
  consents: `(
    tenant_id text NOT NULL, consent_id uuid NOT NULL, patient_id uuid NOT NULL, recipient text NOT NULL,
    purpose text NOT NULL, information text[] NOT NULL, expires_at timestamptz, granted_at timestamptz NOT NULL,
    status text NOT NULL, version integer NOT NULL, PRIMARY KEY (tenant_id, consent_id))`,
  consent_versions: `(
    tenant_id text NOT NULL, consent_id uuid NOT NULL, version integer NOT NULL, change text NOT NULL,
    scope text, information text[] NOT NULL, revoked_information text[], recorded_at timestamptz NOT NULL,
    recorded_by text NOT NULL, PRIMARY KEY (tenant_id, consent_id, version))`,
};

const INDEXES = [
  'CREATE INDEX patients_by_name ON patients (tenant_id, lower(last_name), date_of_birth)',
  'CREATE INDEX referrals_by_status ON referrals (tenant_id, status, referred_at, referral_id)',
  'CREATE INDEX referrals_by_patient ON referrals (tenant_id, patient_id)',
  'CREATE INDEX assessments_by_referral ON assessments (tenant_id, referral_id, assessed_at)',
  'CREATE INDEX episodes_by_location ON episodes (tenant_id, location_id, status, start_date)',
  'CREATE INDEX episodes_by_patient ON episodes (tenant_id, patient_id, admitted_at)',
  'CREATE INDEX episodes_due_for_review ON episodes (status, last_reviewed_at)',
  'CREATE INDEX reviews_by_episode ON reviews (tenant_id, episode_id, reviewed_at)',
  'CREATE INDEX consents_by_patient ON consents (tenant_id, patient_id, granted_at)',
];

export class AdmissionsReadModels1764230400200 implements MigrationInterface {
  name = 'AdmissionsReadModels1764230400200';
  async up(q: QueryRunner): Promise<void> {
    await createTenantTables(q, TABLES, INDEXES);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${Object.keys(TABLES).join(', ')}`);
  }
}
