import { createHash } from 'node:crypto';
import { Client, type ClientConfig, Pool, type PoolClient, type QueryResult } from 'pg';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { isPreparedOn, overrideQuery, prepareValue, recordPrepared } from './pg-internals';

export { poolConnectionString } from './pg-internals';

export const PG_POOL = Symbol('PG_POOL');

const statementNames = new Map<string, string>();

/** A stable name per statement text (the same text, the same name, on every connection). */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `p_${createHash('sha1').update(text).digest('base64url').slice(0, 24)}`;
    if (statementNames.size < 10_000) statementNames.set(text, name);
  }
  return name;
}

/** A parameterised query's arguments with the statement's name added; anything else unchanged. */
function prepared(args: unknown[]): unknown[] {
  const [config, values] = args;
  if (typeof config === 'string' && Array.isArray(values)) return [{ text: config, values, name: statementName(config) }, ...args.slice(2)];
  if (config && typeof config === 'object' && !('submit' in config)) {
    const q = config as { text?: unknown; name?: string; values?: unknown };
    if (typeof q.text === 'string' && !q.name && (Array.isArray(q.values) || Array.isArray(values))) return [{ ...q, name: statementName(q.text) }, ...args.slice(1)];
  }
  return args;
}

const MAX_SEPARATE_PARAMETERS = 1_024;

/**
 * Values for `= ANY` / `unnest` as parameters of their own from `$first` on, in an `ARRAY[...]::<type>[]` padded with
 * NULLs to a power of two (a NULL matches no key). PostgreSQL keeps a prepared statement's generic plan only if it
 * costs no more than the plans it made with the first calls' values. For one array parameter the generic plan assumes
 * ten elements; when the calls bring one or two, their own plans are cheaper, and every call is planned afresh: 0.5 ms
 * of server CPU for the admission's read of its streams and context, more than running it (docs/PERFORMANCE.md,
 * "Measurements behind the code"). An ARRAY of parameters has a length the generic plan knows; the padding keeps the
 * statements to one per power of two. Meant for short lists (a command's streams, a consumer's batch); past 1,024
 * values the list goes as one array parameter.
 */
export function parameterArray<T>(values: readonly T[], first: number, type: string): { sql: string; values: unknown[] } {
  // A long list goes as one array parameter: its planning is small beside the work, and a statement takes at most
  // 65,535 parameters.
  if (values.length > MAX_SEPARATE_PARAMETERS) return { sql: `$${first}::${type}[]`, values: [values] };
  let size = 1;
  while (size < values.length) size *= 2;
  const padded = [...values, ...new Array<null>(size - values.length).fill(null)];
  return { sql: `ARRAY[${padded.map((_, i) => `$${first + i}`).join(', ')}]::${type}[]`, values: padded };
}

/**
 * Every parameterised query runs as a named prepared statement: PostgreSQL parses it once per connection instead of
 * on every call, which halves the server's CPU for a small statement (docs/PERFORMANCE.md, "Measurements behind the code"). Queries without parameters
 * (BEGIN, COMMIT, several statements in one string) go through the simple protocol as before. A statement whose
 * result columns a migration changes (`SELECT *` on an altered table) fails once with "cached plan must not change
 * result type"; queries name their columns, and a deployment restarts the services after its migrations.
 */
export class PreparingClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    overrideQuery(this, (query) => (...args: unknown[]) => {
      const begin = pendingBegin.get(this);
      if (begin === undefined) return query(...prepared(args));
      pendingBegin.delete(this);
      const first = asSimpleStatement(args, (name) => isPreparedOn(this, name));
      if (first === undefined) return (query(begin) as Promise<unknown>).then(() => query(...prepared(args)));
      return (query(`${begin};\n${first}`) as Promise<QueryResult | QueryResult[]>).then((res) => (Array.isArray(res) ? res[res.length - 1] : res));
    });
  }
}

/**
 * A transaction's BEGIN (and its settings) waits for its first statement and goes in the same round trip: on this
 * machine the round trip costs more than the statement. The simple protocol carries both: a statement without
 * parameters as it is, one with parameters as `EXECUTE` of the statement this connection prepared already (its plan
 * kept, the parameters as escaped literals). A statement not prepared yet here goes after a BEGIN of its own, once
 * per connection. Only for clients of `createPool`; a transaction that runs no statement sends nothing at all.
 */
const pendingBegin = new WeakMap<object, string>();

/** The call as one simple-protocol statement, or undefined when it cannot go so (not prepared yet, a callback, a cursor, options). */
function asSimpleStatement(args: unknown[], isPrepared: (name: string) => boolean): string | undefined {
  const [config, values, ...rest] = args;
  if (rest.length > 0 || typeof values === 'function') return undefined;
  let text: unknown;
  let params: unknown;
  let given: unknown;
  if (typeof config === 'string') [text, params] = [config, values];
  else if (config && typeof config === 'object' && !('submit' in config) && values === undefined) {
    const q = config as Record<string, unknown>;
    if (Object.keys(q).some((k) => !['text', 'values', 'name'].includes(k))) return undefined;
    [text, params, given] = [q.text, q.values, q.name];
  }
  if (typeof text !== 'string') return undefined;
  if (params === undefined) return text;
  if (!Array.isArray(params)) return undefined;
  const name = typeof given === 'string' ? given : statementName(text);
  return isPrepared(name) ? execute(name, params) : undefined;
}

/** `EXECUTE` of a statement prepared on the connection, its parameters as escaped literals. */
function execute(name: string, values: readonly unknown[]): string {
  const quoted = `"${name.replace(/"/g, '""')}"`;
  return values.length ? `EXECUTE ${quoted}(${values.map(literal).join(', ')})` : `EXECUTE ${quoted}`;
}

const inline = (text: string, values: readonly unknown[]): string => text.replace(/\$(\d+)/g, (_, n: string) => literal(values[Number(n) - 1]));

/**
 * One pool per service. Connection errors (PostgreSQL restarting) are absorbed: the next query reconnects. The pool
 * listens only to its idle clients; a checked-out client whose connection dies between two queries would emit an
 * unhandled 'error' and end the process, so every client gets a listener of its own. Its next query fails instead,
 * and the pool drops it on release.
 */
export function createPool(url: string, max: number, onError: (err: Error) => void = () => undefined): Pool {
  const pool = new Pool({ connectionString: url, max, connectionTimeoutMillis: 3_000, idleTimeoutMillis: 30_000, Client: PreparingClient });
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  // A transaction that ended without `commit` (rolled back, abandoned) takes its deferred writes with it.
  pool.on('release', (_err: Error | undefined, client: PoolClient) => {
    deferred.delete(client);
    pendingBegin.delete(client);
  });
  return pool;
}

const deferred = new WeakMap<PoolClient, string[]>();

/** A parameter as the literal the simple protocol needs: the text `pg` would send, quoted; the server types it the same. */
function literal(value: unknown): string {
  const text = prepareValue(value);
  if (text === null || text === undefined) return 'NULL';
  if (Buffer.isBuffer(text)) throw new Error('a statement sent as text takes no binary parameters');
  return quoteLiteral(String(text));
}

/**
 * `pg`'s `escapeLiteral`, in the same form (quotes and backslashes doubled, ` E'...'` when there is a backslash), with
 * the string's own `replace` instead of a loop that adds one character at a time: an enrollment's events are about
 * 5 kB of JSON, and building them character by character was the largest part of scheduling's CPU spent on sending
 * a transaction (docs/PERFORMANCE.md, "Measurements behind the code"). `database.spec.ts` holds it to `pg`'s output.
 */
export function quoteLiteral(text: string): string {
  const quoted = `'${text.replace(/'/g, "''")}'`;
  return text.includes('\\') ? ` E${quoted.replace(/\\/g, '\\\\')}` : quoted;
}

/**
 * A write nothing in this transaction reads back (an audit row) travels with the COMMIT, in the same round trip: on
 * this machine a round trip costs more than the statement. The parameters go in as escaped literals (the simple
 * protocol runs several statements in one message, but without parameters). If the write fails, the COMMIT is not
 * run and the transaction rolls back, as if the write had been sent at once. Only inside an open transaction that
 * ends with `commit` (anything else runs it at once).
 */
export async function writeAtCommit(client: PoolClient, text: string, values: readonly unknown[] = []): Promise<void> {
  if (!pendingBegin.has(client) && client.getTransactionStatus?.() !== 'T') {
    await client.query(text, values as unknown[]);
    return;
  }
  const statement = await asExecute(client, text, values);
  deferred.set(client, [...(deferred.get(client) ?? []), statement]);
}

/**
 * A deferred write as `EXECUTE` of a statement prepared on this connection, so PostgreSQL plans it once per
 * connection instead of at every commit (planning an append of several streams cost more than running it:
 * docs/PERFORMANCE.md, "Measurements behind the code"). The first time on a connection the statement is prepared, in a round trip of its own (a prepared statement
 * outlives a rolled-back transaction); `pg` then knows it too and skips its own Parse.
 */
async function asExecute(client: PoolClient, text: string, values: readonly unknown[]): Promise<string> {
  if (!(client instanceof PreparingClient) || values.length === 0) return inline(text, values);
  const name = statementName(text);
  if (!isPreparedOn(client, name)) {
    await client.query(`PREPARE "${name}" AS ${text}`);
    recordPrepared(client, name, text);
  }
  return execute(name, values);
}

/**
 * Deferred writes run their prepared plan as it is. PostgreSQL otherwise plans a statement afresh at every EXECUTE
 * for as long as its custom plans look cheaper than the generic one, and for an append it always did: the arrays it
 * unnests have a known length as values and none as parameters (planning cost more than running it). These writes
 * are inserts and updates by key, whose generic plans are the custom ones.
 */
const atCommitSettings = (writes: readonly string[]): string[] =>
  writes.some((w) => w.startsWith('EXECUTE ')) ? ['SET LOCAL plan_cache_mode = force_generic_plan'] : [];

/**
 * COMMIT of a transaction in which a statement failed is a ROLLBACK, and PostgreSQL answers it without an error: code
 * that caught a failed statement's error and went on would report success for writes that never happened. Every
 * transaction commits through this, which makes that an error.
 */
export async function commit(client: PoolClient): Promise<void> {
  const writes = deferred.get(client) ?? [];
  deferred.delete(client);
  const begin = pendingBegin.get(client);
  pendingBegin.delete(client);
  if (begin !== undefined && writes.length === 0) return; // nothing was sent, nothing to commit
  let res: QueryResult | QueryResult[];
  try {
    res = (await client.query([...(begin === undefined ? [] : [begin]), ...atCommitSettings(writes), ...writes, 'COMMIT'].join(';\n'))) as QueryResult | QueryResult[];
  } catch (err) {
    // 40001 (serialization failure; a stale append sent with the COMMIT raises it): the transaction may run again.
    if ((err as { code?: string }).code === '40001') throw Object.assign(new Error((err as Error).message), { name: 'ConcurrencyError', cause: err });
    throw err;
  }
  const last = Array.isArray(res) ? res[res.length - 1] : res;
  if (last.command !== 'COMMIT') throw new Error(`the transaction was rolled back (${last.command}): a statement in it had failed`);
}

/** `begin`: the statement that opens the transaction (BEGIN, maybe with settings in the same round trip). */
export async function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>, begin: (client: PoolClient) => string = () => 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  try {
    if (client instanceof PreparingClient) pendingBegin.set(client, begin(client));
    else await client.query(begin(client));
    const result = await fn(client);
    await commit(client);
    return result;
  } catch (err) {
    deferred.delete(client);
    // A BEGIN never sent needs no ROLLBACK.
    if (!pendingBegin.delete(client)) await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** How often a command transaction is run when another writer appended to its stream meanwhile. */
const CONFLICT_ATTEMPTS = 3;
const isConcurrencyError = (err: unknown): boolean => err instanceof Error && err.name === 'ConcurrencyError';

/**
 * Runs inside a transaction with `app.tenant_id` set, so row-level-security policies on read models
 * (`tenant_id = current_setting('app.tenant_id')`) filter every query by the caller's tenant.
 *
 * A stream version conflict (a consumer of this service appended to the same episode between the command's read and
 * its append) rolls the transaction back and runs it again on fresh state, up to three times: the caller could not
 * have prevented it, and a 409 asking a clinician to retry is the service's job to spare. `fn` must therefore do
 * nothing outside the transaction that cannot be repeated.
 */
export async function withTenant<T>(pool: Pool, tenantId: string, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      // One round trip: the simple-query protocol runs both statements; the tenant id goes in as an escaped literal.
      return await inTransaction(pool, fn, (client) => `BEGIN; SELECT set_config('app.tenant_id', ${client.escapeLiteral(tenantId)}, true)`);
    } catch (err) {
      if (!isConcurrencyError(err) || attempt >= CONFLICT_ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, 5 * attempt));
    }
  }
}

export type MigrationClass = new () => MigrationInterface;

/**
 * With migrations run by an owner role and the service by another (`<SERVICE>_MIGRATION_DATABASE_URL`): the service's
 * role gets every table it works with (it rebuilds read models, which means owning them) except the audit log, of
 * which it may only INSERT and SELECT rows. The owner keeps the audit log, its append-only triggers and its grants,
 * so the service's role can neither re-grant itself UPDATE nor disable the triggers. The owner must be a member of
 * the service's role (to give it tables); the service's role must not be a member of the owner.
 */
function handOverTo(role: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new Error(`not a role name: ${role}`);
  return `DO $$
    DECLARE r record;
    BEGIN
      -- The new owner of a table needs CREATE on its schema, so the grants come first.
      GRANT USAGE, CREATE ON SCHEMA public TO ${role};
      EXECUTE format('GRANT CONNECT, CREATE ON DATABASE %I TO ${role}', current_database());
      FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') AND c.relname NOT IN ('audit_log', 'schema_migrations')
                 AND pg_get_userbyid(c.relowner) <> '${role}'
      LOOP EXECUTE format('ALTER TABLE public.%I OWNER TO ${role}', r.relname); END LOOP;
      REVOKE ALL ON public.audit_log FROM ${role};
      GRANT SELECT, INSERT ON public.audit_log TO ${role};
    END $$`;
}

/** SQL migrations (TypeORM's runner, never `synchronize`), serialised across replicas by an advisory lock. */
export async function runMigrations(url: string, migrations: MigrationClass[], options: { runtimeRole?: string } = {}): Promise<string[]> {
  const ds = new DataSource({ type: 'postgres', url, migrations, migrationsTableName: 'schema_migrations', logging: false });
  await ds.initialize();
  let runner: QueryRunner | undefined;
  try {
    runner = ds.createQueryRunner();
    await runner.connect();
    await runner.query("SELECT pg_advisory_lock(hashtext('iop:migrations'))");
    const ran = await ds.runMigrations({ transaction: 'each' });
    if (options.runtimeRole) await runner.query(handOverTo(options.runtimeRole));
    await runner.query("SELECT pg_advisory_unlock(hashtext('iop:migrations'))");
    return ran.map((m) => m.name);
  } finally {
    await runner?.release();
    await ds.destroy();
  }
}
