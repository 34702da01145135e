import { Client, escapeLiteral, Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '@iop/testing';
import { isPreparedOn, overrideQuery, prepareValue, recordPrepared } from './pg-internals';

/** What `pg-internals.ts` assumes of `pg` on the wire, against the real PostgreSQL (the version pin is in pg-internals.spec.ts). */
describe('pg internals against PostgreSQL', () => {
  let db: TestDatabase;
  let client: Client;
  beforeAll(async () => {
    db = await createTestDatabase('pgint');
    client = new Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('a named query that pg parsed is recorded in parsedStatements', async () => {
    expect(isPreparedOn(client, 'p_parsed')).toBe(false);
    await client.query({ name: 'p_parsed', text: 'SELECT $1::int + 1 AS n', values: [1] });
    expect(isPreparedOn(client, 'p_parsed')).toBe(true);
  });

  it('a statement recorded after an SQL PREPARE is executed by name without a Parse of pg (which the server would refuse)', async () => {
    await client.query('PREPARE "p_sql" AS SELECT $1::text AS t');
    // Unrecorded (another connection), pg sends a Parse for "p_sql" and PostgreSQL answers "prepared statement already exists".
    const other = new Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query('PREPARE "p_sql" AS SELECT $1::text AS t');
      await expect(other.query({ name: 'p_sql', text: 'SELECT $1::text AS t', values: ['x'] })).rejects.toThrow(/already exists/);
    } finally {
      await other.end();
    }
    recordPrepared(client, 'p_sql', 'SELECT $1::text AS t');
    expect((await client.query({ name: 'p_sql', text: 'SELECT $1::text AS t', values: ['kept'] })).rows).toEqual([{ t: 'kept' }]);
  });

  it('prepareValue text, quoted as a literal, is read by the server as the same value a parameter carries', async () => {
    const at = new Date('2026-03-08T07:30:00.123Z');
    const values: unknown[] = [at, [1, 2, null], { a: 'b"c' }, 'it\'s', true, null];
    const casts = ['timestamptz', 'int[]', 'jsonb', 'text', 'boolean', 'text'];
    const literals = values.map((v, i) => {
      const text = prepareValue(v);
      return `${text === null || text === undefined ? 'NULL' : escapeLiteral(String(text))}::${casts[i]}`;
    });
    const params = casts.map((c, i) => `$${i + 1}::${c}`);
    const sql = `SELECT ${literals.map((l, i) => `(${l}) IS NOT DISTINCT FROM (${params[i]}) AS same${i}`).join(', ')}`;
    const { rows } = await client.query(sql, values);
    expect(Object.values(rows[0])).toEqual(values.map(() => true));
  });

  it("the pool calls the client's own query (overridden per instance), with a callback too", async () => {
    const seen: unknown[][] = [];
    class Spying extends Client {
      constructor(config?: ConstructorParameters<typeof Client>[0]) {
        super(config);
        overrideQuery(this, (query) => (...args) => (seen.push(args), query(...args)));
      }
    }
    const pool = new Pool({ connectionString: db.url, max: 1, Client: Spying });
    try {
      expect((await pool.query('SELECT $1::int AS n', [7])).rows).toEqual([{ n: 7 }]);
      const c = await pool.connect();
      try {
        expect((await c.query('SELECT 8 AS n')).rows).toEqual([{ n: 8 }]);
      } finally {
        c.release();
      }
    } finally {
      await pool.end();
    }
    expect(seen.map((a) => a[0])).toEqual(['SELECT $1::int AS n', 'SELECT 8 AS n']);
    expect(typeof seen[0][2]).toBe('function');
  });
});
