/**
 * Migrations as the database's owner, the service as a role of its own: the service's role writes and reads audit
 * rows, owns its other tables (it rebuilds read models), and can neither change an audit row, re-grant itself the
 * right to, nor switch the append-only triggers off. Before the split the service's role owned the audit log and
 * could do all three.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase, localDatabaseUrl, TEST_ROLE, type TestDatabase } from '@iop/testing';
import { PLATFORM_MIGRATIONS, runMigrations } from '../index';

describe('the audit log under split roles', () => {
  const runtime = `iop_runtime_${randomBytes(4).toString('hex')}`;
  let db: TestDatabase;
  let service: Client;
  const superuser = () => new Client({ connectionString: localDatabaseUrl('postgres', undefined, 'postgres') });

  beforeAll(async () => {
    const admin = superuser();
    await admin.connect();
    // The owner may hand tables to the service's role (membership); the service's role is not a member of the owner.
    await admin.query(`CREATE ROLE ${runtime} LOGIN PASSWORD '${runtime}'`);
    await admin.query(`GRANT ${runtime} TO ${TEST_ROLE}`);
    await admin.end();
    db = await createTestDatabase('auditroles');
    await runMigrations(db.url, [...PLATFORM_MIGRATIONS], { runtimeRole: runtime });
    service = new Client({ connectionString: localDatabaseUrl(runtime, runtime, db.name) });
    await service.connect();
  });
  afterAll(async () => {
    await service?.end();
    await db?.drop();
    const admin = superuser();
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${runtime}`);
    await admin.end();
  });

  it('lets the service write and read audit rows', async () => {
    await service.query(`INSERT INTO audit_log (tenant_id, actor, action, resource, purpose) VALUES ('t', 'u', 'read', 'chart/1', 'treatment')`);
    expect((await service.query(`SELECT actor FROM audit_log WHERE resource = 'chart/1'`)).rows).toEqual([{ actor: 'u' }]);
  });

  it('refuses the service any change of a row, a grant to itself, or switching the guard off', async () => {
    await expect(service.query(`UPDATE audit_log SET actor = 'x'`)).rejects.toThrow(/permission denied/);
    await expect(service.query('DELETE FROM audit_log')).rejects.toThrow(/permission denied/);
    // A GRANT by a role without the grant option only warns "no privileges were granted": what counts is the effect.
    await service.query(`GRANT UPDATE, DELETE ON audit_log TO ${runtime}`);
    expect((await service.query(`SELECT has_table_privilege(current_user, 'audit_log', 'UPDATE') AS may`)).rows).toEqual([{ may: false }]);
    await expect(service.query(`UPDATE audit_log SET actor = 'x'`)).rejects.toThrow(/permission denied/);
    await expect(service.query('ALTER TABLE audit_log DISABLE TRIGGER ALL')).rejects.toThrow(/must be owner/);
    await expect(service.query('DROP TABLE audit_log')).rejects.toThrow(/must be owner/);
  });

  it('leaves the service its other tables, and room for a read model\'s rebuild', async () => {
    const { rows } = await service.query(`SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'idempotency_keys'`);
    expect(rows).toEqual([{ tablename: 'idempotency_keys', tableowner: runtime }]);
    await service.query('CREATE SCHEMA rebuild_probe');
    await service.query('CREATE TABLE rebuild_probe.t (LIKE public.idempotency_keys INCLUDING ALL)');
    await service.query('DROP SCHEMA rebuild_probe CASCADE');
  });
});
