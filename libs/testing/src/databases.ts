import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { localPgUrl, TEST_ROLE } from '@iop/local-stack';

export interface TestDatabase {
  name: string;
  /** Connects as the ordinary test role that owns the database, like a service connects as its own role. */
  url: string;
  drop(): Promise<void>;
}

/** A throwaway database per test file, so files run in parallel without seeing each other's rows. */
export async function createTestDatabase(prefix = 't', server?: { host: string; port: number }): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  // The shared local cluster through its socket; another server (a private one a fault test stops) over TCP.
  const urlOf = (user: string, password: string | undefined, database: string) =>
    server ? `postgres://${password ? `${user}:${password}` : user}@${server.host}:${server.port}/${database}` : localPgUrl(user, password, database);
  const adminOf = () => urlOf('postgres', undefined, 'postgres');
  const admin = new Client({ connectionString: adminOf() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} OWNER ${TEST_ROLE}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: urlOf(TEST_ROLE, TEST_ROLE, name),
    drop: async () => {
      const client = new Client({ connectionString: adminOf() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** The local cluster as another role would reach it: the superuser (`postgres`, no password) or a role a test made. */
export const localDatabaseUrl = (user: string, password: string | undefined, database: string): string => localPgUrl(user, password, database);

/** The ordinary role that owns every test database. */
export { TEST_ROLE };
