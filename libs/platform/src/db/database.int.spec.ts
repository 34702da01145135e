import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@iop/testing';
import { createPool, inTransaction } from './database';

describe('createPool', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('pool');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('survives the connection of a checked-out client dying between two queries, and serves again after', async () => {
    const errors: Error[] = [];
    const pool = createPool(db.url, 2, (err) => errors.push(err));
    try {
      const client = await pool.connect();
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      // A role may end its own backends: another connection as the same role does it.
      const admin = new Client({ connectionString: db.url });
      await admin.connect();
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
      await admin.end();
      // Without a listener of its own, the client's 'error' event would end this process here.
      await new Promise((r) => setTimeout(r, 300));
      await expect(client.query('SELECT 1')).rejects.toThrow();
      client.release();
      expect(errors.length).toBeGreaterThan(0);
      await expect(inTransaction(pool, (c) => c.query('SELECT 1 AS ok'))).resolves.toMatchObject({ rows: [{ ok: 1 }] });
    } finally {
      await pool.end();
    }
  });
});
