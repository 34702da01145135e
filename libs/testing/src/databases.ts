import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { adminUrl, PG_HOST, PG_PORT, TEST_ROLE } from '@iop/local-stack';

export interface TestDatabase {
  name: string;
  /** Connects as the ordinary test role that owns the database, like a service connects as its own role. */
  url: string;
  drop(): Promise<void>;
}

/** A throwaway database per test file, so files run in parallel without seeing each other's rows. */
export async function createTestDatabase(prefix = 't'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} OWNER ${TEST_ROLE}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: `postgres://${TEST_ROLE}:${TEST_ROLE}@${PG_HOST}:${PG_PORT}/${name}`,
    drop: async () => {
      const client = new Client({ connectionString: adminUrl() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
