import { Pool, type PoolClient } from 'pg';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';

export const PG_POOL = Symbol('PG_POOL');

/**
 * One pool per service. Connection errors (PostgreSQL restarting) are absorbed: the next query reconnects. The pool
 * listens only to its idle clients; a checked-out client whose connection dies between two queries would emit an
 * unhandled 'error' and end the process, so every client gets a listener of its own. Its next query fails instead,
 * and the pool drops it on release.
 */
export function createPool(url: string, max: number, onError: (err: Error) => void = () => undefined): Pool {
  const pool = new Pool({ connectionString: url, max, connectionTimeoutMillis: 3_000, idleTimeoutMillis: 30_000 });
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  return pool;
}

/** `begin`: the statement that opens the transaction (BEGIN, maybe with settings in the same round trip). */
export async function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>, begin: (client: PoolClient) => string = () => 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin(client));
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * Runs inside a transaction with `app.tenant_id` set, so row-level-security policies on read models
 * (`tenant_id = current_setting('app.tenant_id')`) filter every query by the caller's tenant.
 */
export async function withTenant<T>(pool: Pool, tenantId: string, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  // One round trip: the simple-query protocol runs both statements; the tenant id goes in as an escaped literal.
  return inTransaction(pool, fn, (client) => `BEGIN; SELECT set_config('app.tenant_id', ${client.escapeLiteral(tenantId)}, true)`);
}

export type MigrationClass = new () => MigrationInterface;

/** SQL migrations (TypeORM's runner, never `synchronize`), serialised across replicas by an advisory lock. */
export async function runMigrations(url: string, migrations: MigrationClass[]): Promise<string[]> {
  const ds = new DataSource({ type: 'postgres', url, migrations, migrationsTableName: 'schema_migrations', logging: false });
  await ds.initialize();
  let runner: QueryRunner | undefined;
  try {
    runner = ds.createQueryRunner();
    await runner.connect();
    await runner.query("SELECT pg_advisory_lock(hashtext('iop:migrations'))");
    const ran = await ds.runMigrations({ transaction: 'each' });
    await runner.query("SELECT pg_advisory_unlock(hashtext('iop:migrations'))");
    return ran.map((m) => m.name);
  } finally {
    await runner?.release();
    await ds.destroy();
  }
}
