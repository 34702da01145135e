import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { PG_HOST, PG_PORT, TEST_ROLE } from '@iop/local-stack';

export interface TestDatabase {
  name: string;
  /** Connects as the ordinary test role that owns the database, like a service connects as its own role. */
  url: string;
  drop(): Promise<void>;
}

/** A throwaway database per test file, so files run in parallel without seeing each other's rows. */
export async function createTestDatabase(prefix = 't', server: { host: string; port: number } = { host: PG_HOST, port: PG_PORT }): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const adminOf = () => `postgres://postgres@${server.host}:${server.port}/postgres`;
  const admin = new Client({ connectionString: adminOf() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} OWNER ${TEST_ROLE}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: `postgres://${TEST_ROLE}:${TEST_ROLE}@${server.host}:${server.port}/${name}`,
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
