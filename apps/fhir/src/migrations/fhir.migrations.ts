import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTenantTables } from '@iop/platform';

/**
 * The FHIR read model: one row per resource, its JSON as served plus the columns the search parameters read. Every row
 * is derived from consumed public events (nothing is entered here), so the tables can be emptied and refilled from the
 * topics. `fhir_sessions` holds the scheduled sessions' times, which attendance events do not carry.
 */
const TABLES: Record<string, string> = {
  fhir_resources: `(
    tenant_id text NOT NULL, resource_type text NOT NULL, id text NOT NULL, patient_id uuid NOT NULL,
    date text, status text, version_id int NOT NULL, last_updated timestamptz NOT NULL, resource jsonb NOT NULL,
    PRIMARY KEY (resource_type, id))`,
  fhir_sessions: `(
    tenant_id text NOT NULL, session_id uuid PRIMARY KEY, type text NOT NULL, starts_at text NOT NULL, ends_at text NOT NULL)`,
};

const INDEXES = [
  'CREATE INDEX fhir_resources_patient ON fhir_resources (tenant_id, patient_id, resource_type)',
  'CREATE INDEX fhir_resources_type ON fhir_resources (tenant_id, resource_type, last_updated)',
];

export class FhirReadModels1796600000000 implements MigrationInterface {
  name = 'FhirReadModels1796600000000';

  async up(q: QueryRunner): Promise<void> {
    await createTenantTables(q, TABLES, INDEXES);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE fhir_resources, fhir_sessions');
  }
}

/**
 * Issue 24's later parts: every version of every resource (vread, `_history`); every event applied, for rebuilding
 * the read model after the topics' retention; the Part 2 consent ledger the facade
 * checks before disclosing anything to a recipient outside the program, and the disclosures it made; Bulk Data export
 * jobs and their NDJSON files. The versions of the resources already there start from their current version. A
 * resource may be about no patient (a Location).
 */
const MORE_TABLES: Record<string, string> = {
  fhir_resource_versions: `(
    tenant_id text NOT NULL, resource_type text NOT NULL, id text NOT NULL, version_id int NOT NULL, patient_id uuid,
    last_updated timestamptz NOT NULL, deleted boolean NOT NULL, resource jsonb,
    PRIMARY KEY (resource_type, id, version_id))`,
  fhir_consents: `(
    tenant_id text NOT NULL, consent_id uuid PRIMARY KEY, patient_id uuid NOT NULL, recipient text NOT NULL, purpose text NOT NULL,
    information text[] NOT NULL, granted_at timestamptz NOT NULL, expires_at timestamptz, revoked_at timestamptz)`,
  fhir_disclosures: `(
    tenant_id text NOT NULL, disclosure_id uuid PRIMARY KEY, patient_id uuid NOT NULL, recipient text NOT NULL, purpose text NOT NULL,
    consent_id uuid NOT NULL, actor text NOT NULL, interaction text NOT NULL, resources text[] NOT NULL, disclosed_at timestamptz NOT NULL)`,
  fhir_export_jobs: `(
    tenant_id text NOT NULL, job_id uuid PRIMARY KEY, level text NOT NULL, actor text NOT NULL, roles text[] NOT NULL, claims jsonb NOT NULL,
    request_url text NOT NULL, types text[], since timestamptz, status text NOT NULL, progress text, error text, attempts int NOT NULL DEFAULT 0,
    lease_until timestamptz, created_at timestamptz NOT NULL, transaction_time timestamptz, finished_at timestamptz)`,
  fhir_consumed_events: `(
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tenant_id text NOT NULL, event_id uuid NOT NULL UNIQUE, event jsonb NOT NULL)`,
  fhir_export_files: `(
    tenant_id text NOT NULL, job_id uuid NOT NULL REFERENCES fhir_export_jobs ON DELETE CASCADE, resource_type text NOT NULL, part int NOT NULL,
    count int NOT NULL, ndjson text NOT NULL, PRIMARY KEY (job_id, resource_type, part))`,
};

const MORE_INDEXES = [
  'CREATE INDEX fhir_consents_recipient ON fhir_consents (tenant_id, recipient, patient_id)',
  'CREATE INDEX fhir_disclosures_patient ON fhir_disclosures (tenant_id, patient_id, disclosed_at DESC)',
  "CREATE INDEX fhir_export_jobs_open ON fhir_export_jobs (created_at) WHERE status IN ('accepted', 'running')",
];

export class FhirHistoryConsentsExport1796700000000 implements MigrationInterface {
  name = 'FhirHistoryConsentsExport1796700000000';

  async up(q: QueryRunner): Promise<void> {
    await createTenantTables(q, MORE_TABLES, MORE_INDEXES);
    // Locations and organizations are about no patient.
    await q.query('ALTER TABLE fhir_resources ALTER COLUMN patient_id DROP NOT NULL');
    // Row-level security applies to the owner too: the backfill reads every tenant's rows as the projector.
    await q.query("SELECT set_config('app.role', 'projector', true)");
    await q.query(
      `INSERT INTO fhir_resource_versions (tenant_id, resource_type, id, version_id, patient_id, last_updated, deleted, resource)
       SELECT tenant_id, resource_type, id, version_id, patient_id, last_updated, false, resource FROM fhir_resources`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE fhir_export_files, fhir_export_jobs, fhir_disclosures, fhir_consents, fhir_resource_versions, fhir_consumed_events');
    await q.query("SELECT set_config('app.role', 'projector', true)");
    await q.query('DELETE FROM fhir_resources WHERE patient_id IS NULL');
    await q.query('ALTER TABLE fhir_resources ALTER COLUMN patient_id SET NOT NULL');
  }
}

export const FHIR_MIGRATIONS = [FhirReadModels1796600000000, FhirHistoryConsentsExport1796700000000];
