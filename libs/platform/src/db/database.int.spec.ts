import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@iop/testing';
import { createPool, inTransaction, withTenant } from './database';

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

  it('runs a command transaction again when its stream changed meanwhile, and gives up after three tries', async () => {
    const pool = createPool(db.url, 2);
    const conflict = () => Object.assign(new Error('stream episode-1 is at version 4, expected 3'), { name: 'ConcurrencyError' });
    try {
      await pool.query('CREATE TABLE IF NOT EXISTS tries (n int)');
      let calls = 0;
      const result = await withTenant(pool, 'tenant-a', async (client) => {
        calls++;
        await client.query('INSERT INTO tries VALUES ($1)', [calls]);
        if (calls < 3) throw conflict();
        return (await client.query<{ t: string }>("SELECT current_setting('app.tenant_id') AS t")).rows[0].t;
      });
      expect({ result, calls }).toEqual({ result: 'tenant-a', calls: 3 });
      // The failed tries rolled back: only the third one's row is there.
      expect((await pool.query('SELECT n FROM tries')).rows).toEqual([{ n: 3 }]);
      let always = 0;
      await expect(withTenant(pool, 'tenant-a', async () => {
        always++;
        throw conflict();
      })).rejects.toThrow(/expected 3/);
      expect(always).toBe(3);
      let other = 0;
      await expect(withTenant(pool, 'tenant-a', async () => {
        other++;
        throw new Error('not a conflict');
      })).rejects.toThrow('not a conflict');
      expect(other).toBe(1);
    } finally {
      await pool.end();
    }
  });
});
