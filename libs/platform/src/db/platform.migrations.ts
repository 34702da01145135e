import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only audit log (HIPAA audit controls, 42 CFR Part 2): the service's own role may INSERT and SELECT,
 * never UPDATE, DELETE or TRUNCATE. The revoke makes PostgreSQL refuse it; the trigger also stops a superuser's
 * accidental edit and names the rule.
 */
export class PlatformAuditLog1764230400000 implements MigrationInterface {
  name = 'PlatformAuditLog1764230400000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        tenant_id text NOT NULL,
        actor text NOT NULL,
        actor_roles text[] NOT NULL DEFAULT '{}',
        patient_id uuid,
        action text NOT NULL,
        resource text NOT NULL,
        purpose text NOT NULL,
        correlation_id text,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query('CREATE INDEX audit_log_patient ON audit_log (tenant_id, patient_id, occurred_at)');
    await q.query(`
      CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege'; END $$`);
    await q.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only()`);
    await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only()`);
    await q.query('REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC, CURRENT_USER');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_log');
    await q.query('DROP FUNCTION audit_log_is_append_only()');
  }
}

/** Stored answers for `Idempotency-Key` (docs/CONTRACTS.md, "HTTP conventions"): the same key and body return the first answer. */
export class PlatformIdempotency1764230400001 implements MigrationInterface {
  name = 'PlatformIdempotency1764230400001';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_keys (
        tenant_id text NOT NULL,
        key text NOT NULL,
        method text NOT NULL,
        path text NOT NULL,
        request_hash text NOT NULL,
        status_code int,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, key)
      )`);
    await q.query('CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE idempotency_keys');
  }
}

/**
 * Idempotency keys belong to one caller (tenant and token subject), not to the whole tenant, and keep the headers of
 * the first answer (ETag, Location) for its replays.
 */
export class PlatformIdempotencyPerCaller1764230400002 implements MigrationInterface {
  name = 'PlatformIdempotencyPerCaller1764230400002';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys ADD COLUMN caller text NOT NULL DEFAULT '', ADD COLUMN headers jsonb`);
    await q.query('ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey, ADD PRIMARY KEY (tenant_id, caller, key)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM idempotency_keys');
    await q.query('ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey, ADD PRIMARY KEY (tenant_id, key)');
    await q.query('ALTER TABLE idempotency_keys DROP COLUMN caller, DROP COLUMN headers');
  }
}

export const PLATFORM_MIGRATIONS = [PlatformAuditLog1764230400000, PlatformIdempotency1764230400001, PlatformIdempotencyPerCaller1764230400002];
