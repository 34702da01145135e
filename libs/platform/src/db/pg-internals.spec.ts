import { Client, Pool } from 'pg';
import { installedPgVersion, isPreparedOn, overrideQuery, PG_VERIFIED_VERSION, poolConnectionString, prepareValue, recordPrepared } from './pg-internals';

/**
 * The contract of `pg`'s internals that `pg-internals.ts` relies on, without a server (the wire behaviour is in
 * `pg-internals.int.spec.ts`). A failure here after a `pg` upgrade means: read the new `pg` (lib/utils.js, lib/query.js
 * `submit`/`hasBeenParsed`, lib/client.js `_handleParseComplete`, pg-pool's `query`), re-verify each point of the
 * adapter's header, then move PG_VERIFIED_VERSION.
 */
describe('pg internals (contract with the installed pg)', () => {
  it(`is the pg release the adapter was verified on (${PG_VERIFIED_VERSION})`, () => {
    const installed = installedPgVersion();
    if (installed !== PG_VERIFIED_VERSION) {
      throw new Error(
        `pg ${installed} is installed, but libs/platform/src/db/pg-internals.ts was verified on pg ${PG_VERIFIED_VERSION}. ` +
          'Re-verify what it uses of pg (pg/lib/utils prepareValue, connection.parsedStatements and how Query consults it ' +
          'before a Parse, Pool calling client.query on the instance, pool.options.connectionString), run pg-internals.int.spec.ts and database.int.spec.ts, ' +
          'then set PG_VERIFIED_VERSION to the new version.',
      );
    }
  });

  it('prepareValue gives the text pg sends for a parameter', () => {
    expect(prepareValue(null)).toBeNull();
    expect(prepareValue(undefined)).toBeNull();
    expect(prepareValue(42)).toBe('42');
    expect(prepareValue(true)).toBe('true');
    expect(prepareValue("it's")).toBe("it's");
    expect(prepareValue(12n)).toBe('12');
    expect(prepareValue([1, 'a"b', null])).toBe('{"1","a\\"b",NULL}');
    expect(prepareValue({ a: [1] })).toBe('{"a":[1]}');
    const at = new Date('2026-01-02T03:04:05.678Z');
    const text = prepareValue(at);
    expect(typeof text).toBe('string');
    expect(new Date(text as string).getTime()).toBe(at.getTime());
    expect(Buffer.isBuffer(prepareValue(Buffer.from('ab')))).toBe(true);
  });

  it('a client has a connection whose parsedStatements maps names to statement texts', () => {
    const client = new Client();
    const parsed = (client as unknown as { connection: { parsedStatements: unknown } }).connection.parsedStatements;
    expect(parsed).toEqual({});
    expect(isPreparedOn(client, 'p_x')).toBe(false);
    recordPrepared(client, 'p_x', 'SELECT $1::int');
    expect(isPreparedOn(client, 'p_x')).toBe(true);
    expect(parsed).toEqual({ p_x: 'SELECT $1::int' });
  });

  it("overrideQuery puts the wrapper in front of pg's own query, which it receives bound to the client", async () => {
    const client = new Client();
    const calls: unknown[][] = [];
    let original: ((...args: unknown[]) => unknown) | undefined;
    overrideQuery(client, (query) => {
      original = query;
      return (...args) => (calls.push(args), 'wrapped');
    });
    expect(client.query('SELECT 1')).toBe('wrapped');
    expect(calls).toEqual([['SELECT 1']]);
    // pg's own refusal of a query on an ended client: the wrapper was handed Client.prototype.query, bound to this client.
    const ended = new Client();
    await ended.end().catch(() => undefined);
    overrideQuery(ended, (query) => query);
    await expect(ended.query('SELECT 1')).rejects.toThrow(/not queryable|ended|Connection terminated/i);
    expect(typeof original).toBe('function');
  });

  it('a pool keeps the connection string it was made with in its options', async () => {
    const pool = new Pool({ connectionString: 'postgres://u@127.0.0.1:1/db', max: 1 });
    expect(poolConnectionString(pool)).toBe('postgres://u@127.0.0.1:1/db');
    await pool.end();
    const bare = new Pool({ host: '127.0.0.1', max: 1 });
    expect(() => poolConnectionString(bare)).toThrow(/connection string/);
    await bare.end();
  });
});
