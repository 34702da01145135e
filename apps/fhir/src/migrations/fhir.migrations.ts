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

export const FHIR_MIGRATIONS = [FhirReadModels1796600000000];
