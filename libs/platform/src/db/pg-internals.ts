/**
 * Everything the platform relies on in `pg` beyond its documented API, in one place. `database.ts` prepares
 * statements itself and sends BEGIN, deferred writes and COMMIT in the simple protocol, which needs three things
 * `pg` does not publish:
 * - `prepareValue` from `pg/lib/utils`: the text `pg` sends for a parameter (untyped, not in the package's index);
 * - `connection.parsedStatements`: the statements this connection has prepared (name to text), which `pg` consults
 *   before sending a Parse, and which is read and written here when a statement is prepared with `PREPARE`;
 * - a `query` of a client's own that calls `Client.prototype.query`: `Pool` and our code call `client.query` on
 *   the instance, so an instance property takes every call (with or without a callback).
 * Besides, a subscription's leader lock needs a connection of its own, outside the pool, to the pool's database:
 * `pool.options.connectionString` (pg-pool keeps its options there, undocumented).
 * `pg-internals.spec.ts` checks each of these against the installed `pg`, and fails when `pg` is not the version
 * they were verified on: a `pg` upgrade re-verifies them (and updates `PG_VERIFIED_VERSION`) before it ships.
 */
import { readFileSync } from 'node:fs';
import { Client, type Pool } from 'pg';

/** The `pg` release the assumptions below were read from and tested against. */
export const PG_VERIFIED_VERSION = '8.23.1';

/** The version of the `pg` package this process loads. */
export function installedPgVersion(): string {
  return (JSON.parse(readFileSync(require.resolve('pg/package.json'), 'utf8')) as { version: string }).version;
}

type PrepareValue = (value: unknown) => string | Buffer | null | undefined;

// `pg/lib/utils` ships no types and is no public entry point: required, and typed here, as the one function used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const utils = require('pg/lib/utils') as { prepareValue: PrepareValue };

/** `pg`'s own conversion of a query parameter to the text (or bytes) it sends: dates, arrays, JSON, buffers. */
export const prepareValue: PrepareValue = (value) => utils.prepareValue(value);

type WithConnection = { connection: { parsedStatements: Record<string, string> } };

/** Whether this connection has prepared the statement `name` (by a Parse of `pg`'s or by our `PREPARE`). */
export function isPreparedOn(client: Client, name: string): boolean {
  return (client as unknown as WithConnection).connection.parsedStatements[name] !== undefined;
}

/**
 * Records a statement this connection prepared with `PREPARE`, so that `pg` executes it by name without a Parse of
 * its own (which the server would refuse: the name exists).
 */
export function recordPrepared(client: Client, name: string, text: string): void {
  (client as unknown as WithConnection).connection.parsedStatements[name] = text;
}

export type QueryFn = (...args: unknown[]) => unknown;

/**
 * Gives `client` a `query` of its own: `wrap` receives `pg`'s query bound to the client and returns what every
 * `client.query(...)` call runs instead (the pool's own calls included).
 */
export function overrideQuery(client: Client, wrap: (query: QueryFn) => QueryFn): void {
  const query = Client.prototype.query.bind(client) as QueryFn;
  client.query = wrap(query) as Client['query'];
}

/** The connection string a pool was made with (pg-pool keeps its options on the instance, undocumented). */
export function poolConnectionString(pool: Pool): string {
  const url = (pool as unknown as { options?: { connectionString?: unknown } }).options?.connectionString;
  if (typeof url !== 'string') throw new Error('this pool was not made with a connection string (pg-pool options.connectionString)');
  return url;
}
