import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@iop/testing';
import { createPool, inTransaction, withTenant, writeAtCommit } from './database';

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

  describe('writeAtCommit', () => {
    const insert = 'INSERT INTO written (id, roles, at, doc, note) VALUES ($1, $2, $3, $4, $5)';
    const row = (id: number, note: string | null = null) => [id, ['clinician', 'o\'brien "x"'], new Date('2026-11-27T10:00:00Z'), { quote: "it's", n: 1 }, note];
    let pool: ReturnType<typeof createPool>;
    beforeAll(async () => {
      pool = createPool(db.url, 1);
      await pool.query('CREATE TABLE written (id int PRIMARY KEY, roles text[] NOT NULL, at timestamptz NOT NULL, doc jsonb NOT NULL, note text CHECK (note IS DISTINCT FROM \'bad\'))');
    });
    afterAll(() => pool?.end());

    it('sends the write with the COMMIT, typed and quoted as a parameter would be', async () => {
      let seenBeforeCommit = -1;
      await inTransaction(pool, async (client) => {
        await writeAtCommit(client, insert, row(1, 'x\\y $2 \'; DROP TABLE written; --'));
        seenBeforeCommit = (await client.query('SELECT count(*)::int AS n FROM written WHERE id = 1')).rows[0].n;
      });
      expect(seenBeforeCommit).toBe(0);
      const { rows } = await pool.query('SELECT roles, at, doc, note FROM written WHERE id = 1');
      expect(rows).toEqual([{ roles: ['clinician', 'o\'brien "x"'], at: new Date('2026-11-27T10:00:00Z'), doc: { quote: "it's", n: 1 }, note: 'x\\y $2 \'; DROP TABLE written; --' }]);
    });

    it('a write that fails at COMMIT fails the transaction: nothing of it is committed', async () => {
      await expect(inTransaction(pool, async (client) => {
        await client.query(insert, row(2));
        await writeAtCommit(client, insert, row(3, 'bad'));
      })).rejects.toThrow(/check constraint/);
      expect((await pool.query('SELECT id FROM written WHERE id IN (2, 3)')).rows).toEqual([]);
    });

    it('a transaction rolled back takes its deferred writes with it; the next one on the same connection does not send them', async () => {
      await expect(inTransaction(pool, async (client) => {
        await writeAtCommit(client, insert, row(4));
        throw new Error('refused');
      })).rejects.toThrow('refused');
      await inTransaction(pool, (client) => writeAtCommit(client, insert, row(5)));
      expect((await pool.query('SELECT id FROM written WHERE id IN (4, 5) ORDER BY id')).rows).toEqual([{ id: 5 }]);
    });

    it('prepares a deferred write once per connection and then sends it as EXECUTE (planned once), through rollbacks too', async () => {
      const update = 'UPDATE written SET note = $2 WHERE id = $1';
      await inTransaction(pool, (client) => writeAtCommit(client, insert, row(20)));
      await expect(inTransaction(pool, async (client) => {
        await writeAtCommit(client, update, [20, 'bad']);
      })).rejects.toThrow(/check constraint/);
      const sent: string[] = [];
      await inTransaction(pool, async (client) => {
        const inner = client.query.bind(client) as (...a: unknown[]) => unknown;
        client.query = ((...a: unknown[]) => {
          sent.push(typeof a[0] === 'string' ? a[0] : String((a[0] as { text: string }).text));
          return inner(...a);
        }) as typeof client.query;
        await writeAtCommit(client, update, [20, 'kept']);
        await writeAtCommit(client, insert, row(21));
      });
      // The one connection of this pool prepared both statements earlier (the failed UPDATE's too): nothing to prepare now.
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatch(/^BEGIN;\nSET LOCAL plan_cache_mode = force_generic_plan;\nEXECUTE "p_[^"]+"\('20', 'kept'\);\nEXECUTE "p_[^"]+"\('21', .*\);\nCOMMIT$/s);
      expect((await pool.query('SELECT id, note FROM written WHERE id IN (20, 21) ORDER BY id')).rows).toEqual([{ id: 20, note: 'kept' }, { id: 21, note: null }]);
    });

    it('BEGIN travels with the first statement; a transaction that ran nothing sends nothing', async () => {
      const sent: string[] = [];
      const spy = (client: { query: (...a: unknown[]) => unknown }) => {
        const inner = client.query;
        client.query = (...a: unknown[]) => {
          sent.push(typeof a[0] === 'string' ? a[0] : String((a[0] as { text: string }).text));
          return inner(...a);
        };
      };
      const seen = await inTransaction(pool, async (client) => {
        spy(client as never);
        const { rows } = await client.query('SELECT $1::int + 1 AS n, current_setting($2, true) AS t', [41, 'app.tenant_id']);
        return rows[0];
      }, () => "BEGIN; SELECT set_config('app.tenant_id', 'tenant-lazy', true)");
      expect(seen).toEqual({ n: 42, t: 'tenant-lazy' });
      expect(sent).toEqual(['SELECT $1::int + 1 AS n, current_setting($2, true) AS t', 'COMMIT']);
      const idle = await inTransaction(pool, async (client) => {
        spy(client as never);
        return 'nothing';
      });
      expect(idle).toBe('nothing');
      expect(sent).toHaveLength(2);
      // Once this connection has prepared the statement, BEGIN and an EXECUTE of it go as one simple query, no Bind.
      const wire: string[] = [];
      const again = await inTransaction(pool, async (client) => {
        const connection = (client as unknown as { connection: Record<string, (...a: unknown[]) => unknown> }).connection;
        const [simple, bind] = [connection.query, connection.bind];
        connection.query = (text: unknown) => (wire.push(`query ${String(text)}`), simple.call(connection, text));
        connection.bind = (...a: unknown[]) => (wire.push('bind'), bind.apply(connection, a));
        try {
          return (await client.query('SELECT $1::int + 1 AS n, current_setting($2, true) AS t', [1, 'app.tenant_id'])).rows[0];
        } finally {
          Object.assign(connection, { query: simple, bind });
        }
      }, () => "BEGIN; SELECT set_config('app.tenant_id', 'tenant-again', true)");
      expect(again).toEqual({ n: 2, t: 'tenant-again' });
      expect(wire).toHaveLength(1);
      expect(wire[0]).toMatch(/^query BEGIN; SELECT set_config\('app.tenant_id', 'tenant-again', true\);\nEXECUTE "p_[\w-]+"\('1', 'app.tenant_id'\)$/);
      // The statements of one transaction still see each other and commit together, or not at all.
      await expect(inTransaction(pool, async (client) => {
        await client.query(insert, row(7));
        expect((await client.query('SELECT count(*)::int AS n FROM written WHERE id = 7')).rows[0].n).toBe(1);
        throw new Error('refused');
      })).rejects.toThrow('refused');
      expect((await pool.query('SELECT id FROM written WHERE id = 7')).rows).toEqual([]);
    });

    it('outside a transaction it writes at once', async () => {
      const client = await pool.connect();
      try {
        await writeAtCommit(client, insert, row(6));
      } finally {
        client.release();
      }
      expect((await pool.query('SELECT id FROM written WHERE id = 6')).rows).toEqual([{ id: 6 }]);
    });
  });
});
