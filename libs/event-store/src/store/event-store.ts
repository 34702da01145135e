import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { inTransaction, parameterArray, writeAtCommit } from '@iop/platform';
import { EventNotifier } from './event-notifier';
import {
  type AppendResult, type Checkpoint, ConcurrencyError, type ExpectedVersion, type NewEvent, START, type StoredEvent,
} from './types';
import { Upcasters } from './upcasters';

type Queryable = Pool | PoolClient;

/** Runs inside the append's transaction: a read model that must be consistent with the write. */
export interface InlineProjection {
  name: string;
  handles: readonly string[];
  /** Reads in `apply` what it wrote before: its writes cannot go with the COMMIT. */
  readsBack?: boolean;
  apply(client: PoolClient, events: readonly StoredEvent[]): Promise<void>;
}

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
  /** Join the caller's transaction (a consumer's inbox row, for instance) instead of committing alone. */
  client?: PoolClient;
}

/*
 * One statement appends the whole batch and costs about what a bare INSERT does. With an expected version N the
 * new events are numbered N+1.. directly, behind two index probes: version N is there (unless N is 0) and version
 * N+1 is not. A stale or early version so inserts nothing and raises nothing (the caller's transaction stays usable:
 * a consumer may treat "already there" as done); only a writer racing between probe and insert trips the unique
 * (stream_id, stream_version) index. An event id already stored trips the unique event_id index, and then the append
 * turns out to be a no-op or a real clash. Without inline projections the statement commits on its own: one round trip.
 */
const APPEND_AT_VERSION_SQL = `
  INSERT INTO events (stream_id, stream_type, stream_version, event_id, event_type, schema_version, data, metadata, tenant_id)
  SELECT $1, $2, $9::int + e.ord, e.id, e.type, e.sv, e.data, e.meta, $3
  FROM unnest($4::uuid[], $5::text[], $6::int2[], $7::jsonb[], $8::jsonb[]) WITH ORDINALITY AS e(id, type, sv, data, meta, ord)
  WHERE NOT EXISTS (SELECT 1 FROM events x WHERE x.stream_id = $1 AND x.stream_version = $9::int + 1)
    AND ($9::int = 0 OR EXISTS (SELECT 1 FROM events x WHERE x.stream_id = $1 AND x.stream_version = $9::int))
  ORDER BY e.ord
  RETURNING global_position::text AS position, stream_version`;

/* `any`: after whatever the stream holds now; a racing writer trips the unique index and the append is retried. */
const APPEND_AT_END_SQL = `
  WITH current AS (SELECT coalesce(max(stream_version), 0) AS v FROM events WHERE stream_id = $1)
  INSERT INTO events (stream_id, stream_type, stream_version, event_id, event_type, schema_version, data, metadata, tenant_id)
  SELECT $1, $2, current.v + e.ord, e.id, e.type, e.sv, e.data, e.meta, $3
  FROM current, unnest($4::uuid[], $5::text[], $6::int2[], $7::jsonb[], $8::jsonb[]) WITH ORDINALITY AS e(id, type, sv, data, meta, ord)
  ORDER BY e.ord
  RETURNING global_position::text AS position, stream_version`;

/**
 * With inline projections, the same append also switches the transaction to the projector's role (what
 * PROJECTOR_SETTING does) in its RETURNING clause: the read-model writes that follow need it, and this saves a round
 * trip per append. Without them the transaction's settings are left as they are.
 */
const PROJECTOR_RETURNING = `, set_config('app.role', 'projector', true) AS role`;

/**
 * The columns of a stored event, as `toStored` reads them. `recorded_ms`: epoch milliseconds (float8, date_part), a
 * number to make a Date from: parsing a timestamptz's text costs more per event.
 */
const STORED_EVENT_COLUMNS = `global_position::text AS global_position, transaction_id::text AS transaction_id, stream_id, stream_type,
  stream_version, event_id, event_type, schema_version, data, metadata, date_part('epoch', recorded_at) * 1000 AS recorded_ms`;

/*
 * Only rows of transactions older than every running one that could still write to this log: a late committer can
 * never be passed by the reader. Transaction ids are shared by every database of the server, so the snapshot's xmin
 * alone would hold this log back behind any other database's long transaction (another service's consumer waiting on
 * a lock under load: docs/PERFORMANCE.md, "Measurements behind the code"). When the xmin holds anything back (the log's newest transaction, read
 * from the index's end, is not below it), the running transactions that belong to other databases are left out of
 * the horizon:
 * - a transaction running at the statement's snapshot and seen afterwards in pg_stat_activity with another database
 *   can never write here (a backend keeps its database, an id its transaction);
 * - one that ended in between, or whose backend is not visible, is kept (it holds the read back, as before);
 * - one that begins after the snapshot gets an id at or above its xmax, which stays the upper bound.
 * Events carry their top-level transaction id, and the snapshot's in-progress list holds top-level ids.
 */
const READ_ALL_SQL = `
  WITH snap AS MATERIALIZED (SELECT pg_current_snapshot() AS s),
  horizon AS MATERIALIZED (
    SELECT CASE
      WHEN coalesce((SELECT max(transaction_id) FROM events) < pg_snapshot_xmin(s), true) THEN pg_snapshot_xmin(s)
      ELSE coalesce(
        (SELECT min(x) FROM pg_snapshot_xip(s) AS x
          WHERE (x::text::bigint % 4294967296) NOT IN (
            SELECT a.backend_xid::text::bigint FROM pg_stat_get_activity(NULL) AS a
            WHERE a.backend_xid IS NOT NULL AND a.datid <> (SELECT oid FROM pg_database WHERE datname = current_database()))),
        pg_snapshot_xmax(s))
    END AS h FROM snap)
  SELECT ${STORED_EVENT_COLUMNS}
  FROM events
  WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
    AND transaction_id < (SELECT h FROM horizon)
  ORDER BY events.transaction_id, events.global_position
  LIMIT $3`;

const READ_STREAM_SQL = `
  SELECT ${STORED_EVENT_COLUMNS}
  FROM events WHERE stream_id = $1 AND stream_version > $2 ORDER BY events.stream_version`;

/*
 * Several streams in one statement (a consumer's batch). Every row carries its stream's base version and its place k
 * in that stream's new events; the probes run once per stream (k = 1), each an index lookup: `OFFSET 0` keeps
 * PostgreSQL from planning them as one hashed scan of the whole log, which it chose for a generic plan made while
 * the table was young and then ran on every append as the log grew. If any stream is not at its base version
 * nothing at all is inserted, so the caller's transaction stays usable and can be told which stream was stale. A
 * writer racing between the probes and the insert (its rows not yet committed) is waited for and its versions
 * skipped (ON CONFLICT): fewer rows than events, which is a ConcurrencyError too, not a unique violation (a 500).
 */
const APPEND_MANY_CTES = `
  WITH e AS (
    SELECT u.*, d.value AS data, m.value AS meta
    FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::uuid[], $6::text[], $7::int2[], $8::text[])
      WITH ORDINALITY AS u(sid, stype, base, k, id, type, sv, tenant, ord)
    JOIN jsonb_array_elements($9::jsonb) WITH ORDINALITY AS d(value, ord) ON d.ord = u.ord
    JOIN jsonb_array_elements($10::jsonb) WITH ORDINALITY AS m(value, ord) ON m.ord = u.ord
  ), stale AS (
    SELECT 1 FROM e WHERE e.k = 1 AND (
      EXISTS (SELECT 1 FROM events x WHERE x.stream_id = e.sid AND x.stream_version = e.base + 1 OFFSET 0)
      OR (e.base > 0 AND NOT EXISTS (SELECT 1 FROM events x WHERE x.stream_id = e.sid AND x.stream_version = e.base OFFSET 0)))
    LIMIT 1
  )`;
const APPEND_MANY_INSERT = `
  INSERT INTO events (stream_id, stream_type, stream_version, event_id, event_type, schema_version, data, metadata, tenant_id)
  SELECT e.sid, e.stype, e.base + e.k, e.id, e.type, e.sv, e.data, e.meta, e.tenant
  FROM e WHERE NOT EXISTS (SELECT 1 FROM stale)
  ORDER BY e.ord
  ON CONFLICT (stream_id, stream_version) DO NOTHING`;
const APPEND_MANY_SQL = `${APPEND_MANY_CTES}${APPEND_MANY_INSERT}
  RETURNING global_position::text AS position, event_id`;
/** The same append for the COMMIT's message: a stale stream raises (es_require_appended) instead of answering. */
const APPEND_MANY_AT_COMMIT_SQL = `${APPEND_MANY_CTES}, appended AS (${APPEND_MANY_INSERT} RETURNING 1)
  SELECT es_require_appended((SELECT count(*) FROM appended), $11), set_config('app.role', 'projector', true)`;

/*
 * One index lookup per stream. `stream_id = ANY($1)` was planned, for a generic plan made while the log was young, as
 * a sequential scan of the whole log, run on every batch as it grew; the per-stream lateral (`OFFSET 0` keeps it from
 * being flattened into a join) has no such plan to pick. The ids come as `parameterArray` gives them (planned once).
 */
const readStreamsSql = (ids: string) => `
  SELECT e.* FROM unnest(${ids}) AS s(id)
  CROSS JOIN LATERAL (SELECT ${STORED_EVENT_COLUMNS} FROM events WHERE events.stream_id = s.id OFFSET 0) e
  ORDER BY e.stream_id, e.stream_version`;

/** The version a stream must be at for its part of `appendMany`. */
const baseOf = (a: StreamAppend): number => (a.expectedVersion === 'no-stream' ? 0 : a.expectedVersion);

/** One stream's part of `appendMany`. */
export interface StreamAppend {
  streamId: string;
  streamType: string;
  events: readonly NewEvent[];
  /** The version the stream must be at (0 or `no-stream`: it must not exist). */
  expectedVersion: number | 'no-stream';
}

/** The client as projections see it when their writes go with the COMMIT: every query is deferred, its result empty. */
function writesAtCommit(client: PoolClient): PoolClient {
  const query = async (textOrConfig: string | { text: string; values?: unknown[] }, values?: unknown[]) => {
    const config = typeof textOrConfig === 'string' ? { text: textOrConfig, values } : textOrConfig;
    await writeAtCommit(client, config.text, config.values ?? []);
    return { rows: [], rowCount: 0, command: '', oid: 0, fields: [] };
  };
  return Object.assign(Object.create(client) as PoolClient, { query });
}

export interface EventStoreOptions {
  upcasters?: Upcasters;
  inlineProjections?: InlineProjection[];
  notifier?: EventNotifier;
}

export class EventStore {
  readonly upcasters: Upcasters;
  private readonly inline: InlineProjection[];
  readonly notifier?: EventNotifier;

  constructor(
    readonly pool: Pool,
    options: EventStoreOptions = {},
  ) {
    this.upcasters = options.upcasters ?? new Upcasters();
    this.inline = options.inlineProjections ?? [];
    this.notifier = options.notifier;
    // An append in the caller's transaction is visible once that commits: subscriptions are woken when the client
    // goes back to the pool (after COMMIT or ROLLBACK), not at the append, which would have them read nothing and
    // then wait for the next wake-up or poll (up to half a second for a quiet clinic's single admission).
    pool.on('release', (_err: Error | undefined, client: PoolClient) => {
      if (this.uncommitted.delete(client)) this.notifier?.appended();
    });
  }

  private readonly uncommitted = new WeakSet<PoolClient>();

  async append(streamId: string, streamType: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const tenants = new Set(events.map((e) => e.metadata.tenantId));
    if (tenants.size !== 1) throw new Error('all events of one append belong to one tenant');
    const projections = this.inline.filter((p) => events.some((e) => p.handles.includes(e.type)));
    const attempts = options.expectedVersion === 'any' ? 5 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.appendOnce(streamId, streamType, events, options, projections);
        if (!result.alreadyStored) {
          if (options.client) this.uncommitted.add(options.client);
          else this.notifier?.appended();
        }
        return result;
      } catch (err) {
        if (!(err instanceof ConcurrencyError) || attempt >= attempts) throw err;
      }
    }
  }

  private async appendOnce(
    streamId: string, streamType: string, events: readonly NewEvent[], options: AppendOptions, projections: InlineProjection[],
  ): Promise<AppendResult> {
    const expected = options.expectedVersion === 'no-stream' ? 0 : options.expectedVersion === 'any' ? null : options.expectedVersion;
    const values = [
      streamId, streamType, events[0].metadata.tenantId,
      events.map((e) => e.id),
      events.map((e) => e.type),
      events.map((e) => e.schemaVersion ?? this.upcasters.currentVersion(e.type)),
      events.map((e) => JSON.stringify(e.data)),
      events.map((e) => JSON.stringify(e.metadata)),
    ];
    const statement = expected === null
      ? { name: 'es_append_end', text: APPEND_AT_END_SQL, values }
      : { name: 'es_append_at', text: APPEND_AT_VERSION_SQL, values: [...values, expected] };
    if (projections.length > 0) Object.assign(statement, { name: `${statement.name}_p`, text: statement.text + PROJECTOR_RETURNING });
    const run = async (db: Queryable) => {
      const res = await db.query<{ position: string; stream_version: number }>(statement);
      if (res.rows.length === 0) return this.explainNothingAppended(db, streamId, events, options.expectedVersion);
      const result: AppendResult = { nextVersion: res.rows[res.rows.length - 1].stream_version, positions: res.rows.map((r) => r.position), alreadyStored: false };
      if (projections.length && 'release' in db) await this.applyInline(db, streamId, streamType, events, res.rows, projections);
      return result;
    };
    try {
      if (options.client) return await run(options.client);
      if (projections.length === 0) return await run(this.pool);
      return await this.transaction(run);
    } catch (err) {
      // Either index may trip first: a re-sent batch is a no-op, anything else a concurrency conflict.
      if ((err as { code?: string }).code === '23505') return this.explainNothingAppended(this.pool, streamId, events, options.expectedVersion);
      throw err;
    }
  }

  private async applyInline(
    client: PoolClient, streamId: string, streamType: string, events: readonly NewEvent[],
    rows: { position: string; stream_version: number }[], projections: InlineProjection[],
  ): Promise<void> {
    const stored: StoredEvent[] = events.map((e, i) => ({
      ...e, schemaVersion: e.schemaVersion ?? this.upcasters.currentVersion(e.type), streamId, streamType,
      streamVersion: rows[i].stream_version, globalPosition: rows[i].position, transactionId: '0', recordedAt: new Date(),
    }));
    // app.role is already 'projector': the append's RETURNING set it (PROJECTOR_RETURNING).
    for (const p of projections) await p.apply(client, stored.filter((e) => p.handles.includes(e.type)));
  }

  private async explainNothingAppended(db: Queryable, streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    const ids = events.map((e) => e.id);
    const stored = await db.query<{ n: number; v: number }>(
      `SELECT count(*) FILTER (WHERE event_id = ANY($2::uuid[]))::int AS n, coalesce(max(stream_version), 0) AS v FROM events WHERE stream_id = $1`,
      [streamId, ids],
    );
    const { n, v } = stored.rows[0];
    if (n === ids.length) return { nextVersion: v, positions: [], alreadyStored: true };
    if (n > 0 || (await db.query('SELECT 1 FROM events WHERE event_id = ANY($1::uuid[]) LIMIT 1', [ids])).rowCount) {
      throw new Error(`some of these event ids are already stored (elsewhere or partly): ${ids.join(', ')}`);
    }
    throw new ConcurrencyError(streamId, expected, v);
  }

  /**
   * Appends to several streams in one statement, in the caller's transaction, and applies the inline projections
   * once to all the new events (in the order given). All or nothing: if any stream is not at its expected version,
   * nothing is appended and a ConcurrencyError names that stream; the transaction stays usable (unless a writer raced
   * between the version check and the insert: then other streams' rows may be in it, roll it back). An event id already
   * stored is not a no-op here: the unique index fails the statement (and so the transaction), and the caller takes
   * the slow road (`append` stream by stream). Each stream at most once per call, one tenant per stream.
   * `projectAtCommit`: the inline projections' writes travel with the COMMIT (`writeAtCommit`), for a command that
   * reads none of them back in its transaction and whose projections only write (they see empty results).
   * `atCommit`: the append itself travels with the COMMIT too (and the projections' writes after it). A stale stream
   * then fails the COMMIT as a ConcurrencyError (the command runs again); the results carry no positions.
   */
  async appendMany(appends: readonly StreamAppend[], options: { client: PoolClient; projectAtCommit?: boolean; atCommit?: boolean }): Promise<AppendResult[]> {
    const rows = appends.filter((a) => a.events.length > 0);
    if (rows.length === 0) return appends.map((a) => ({ nextVersion: baseOf(a), positions: [], alreadyStored: false }));
    if (new Set(rows.map((a) => a.streamId)).size !== rows.length) throw new Error('appendMany takes each stream at most once');
    const flat = rows.flatMap((a) => {
      const base = baseOf(a);
      if (a.events.some((e) => e.metadata.tenantId !== a.events[0].metadata.tenantId)) throw new Error('all events of one stream\'s append belong to one tenant');
      return a.events.map((e, i) => ({ a, e, base, k: i + 1 }));
    });
    const projections = this.inline.filter((p) => flat.some((f) => p.handles.includes(f.e.type)));
    const statement = {
      name: projections.length ? 'es_append_many_p' : 'es_append_many',
      text: APPEND_MANY_SQL + (projections.length ? PROJECTOR_RETURNING : ''),
      values: [
        flat.map((f) => f.a.streamId), flat.map((f) => f.a.streamType), flat.map((f) => f.base), flat.map((f) => f.k),
        flat.map((f) => f.e.id), flat.map((f) => f.e.type), flat.map((f) => f.e.schemaVersion ?? this.upcasters.currentVersion(f.e.type)),
        flat.map((f) => f.e.metadata.tenantId),
        // Data and metadata as one JSON array each: a text[] of JSON documents would be escaped quote by quote here.
        JSON.stringify(flat.map((f) => f.e.data)), JSON.stringify(flat.map((f) => f.e.metadata)),
      ],
    };
    const { client } = options;
    // Positions by event id; an append sent with the COMMIT has none yet.
    let positions = new Map<string, string>();
    if (options.atCommit) await writeAtCommit(client, APPEND_MANY_AT_COMMIT_SQL, [...statement.values, flat.length]);
    else if (rows.length === 1) positions = await this.appendOne(client, rows[0], projections.length > 0);
    else {
      const res = await client.query<{ position: string; event_id: string }>(statement);
      if (res.rows.length !== flat.length) {
        const { rows: versions } = await client.query<{ stream_id: string; v: number }>(
          'SELECT stream_id, max(stream_version) AS v FROM events WHERE stream_id = ANY($1::text[]) GROUP BY stream_id', [rows.map((a) => a.streamId)],
        );
        const actual = new Map(versions.map((r) => [r.stream_id, r.v]));
        const stale = rows.find((a) => (actual.get(a.streamId) ?? 0) !== baseOf(a)) ?? rows[0];
        throw new ConcurrencyError(stale.streamId, stale.expectedVersion, actual.get(stale.streamId) ?? 0);
      }
      positions = new Map(res.rows.map((r) => [r.event_id, r.position]));
    }
    this.uncommitted.add(client);
    const stored: StoredEvent[] = flat.map((f) => ({
      ...f.e, schemaVersion: f.e.schemaVersion ?? this.upcasters.currentVersion(f.e.type), streamId: f.a.streamId, streamType: f.a.streamType,
      streamVersion: f.base + f.k, globalPosition: positions.get(f.e.id) ?? '0', transactionId: '0', recordedAt: new Date(),
    }));
    const projecting = options.atCommit || options.projectAtCommit ? writesAtCommit(client) : client;
    for (const p of projections) await p.apply(projecting, stored.filter((e) => p.handles.includes(e.type)));
    return appends.map((a) => ({
      nextVersion: baseOf(a) + a.events.length,
      positions: a.events.flatMap((e) => (positions.has(e.id) ? [positions.get(e.id)!] : [])),
      alreadyStored: false,
    }));
  }

  /**
   * Most commands change one stream: its append is the single-stream statement, which PostgreSQL runs in about half
   * the time of the multi-stream one (no per-stream version table to build and join). Same contract as appendMany's.
   */
  private async appendOne(client: PoolClient, a: StreamAppend, projecting: boolean): Promise<Map<string, string>> {
    const { events } = a;
    const res = await client.query<{ position: string }>({
      name: projecting ? 'es_append_at_p' : 'es_append_at',
      text: APPEND_AT_VERSION_SQL + (projecting ? PROJECTOR_RETURNING : ''),
      values: [
        a.streamId, a.streamType, events[0].metadata.tenantId, events.map((e) => e.id), events.map((e) => e.type),
        events.map((e) => e.schemaVersion ?? this.upcasters.currentVersion(e.type)),
        events.map((e) => JSON.stringify(e.data)), events.map((e) => JSON.stringify(e.metadata)), baseOf(a),
      ],
    });
    if (res.rows.length !== events.length) throw new ConcurrencyError(a.streamId, a.expectedVersion, await this.streamVersion(a.streamId, client));
    return new Map(events.map((e, i) => [e.id, res.rows[i].position]));
  }

  /** True when no inline projection of these event types reads in its `apply`: their writes may go with the COMMIT. */
  projectsWithoutReading(types: Iterable<string>): boolean {
    const all = new Set(types);
    return !this.inline.some((p) => p.readsBack && p.handles.some((t) => all.has(t)));
  }

  /** Several streams in one read: each stream's events in order ([] for a stream that does not exist). */
  async readStreams(streamIds: readonly string[], options: { client?: PoolClient } = {}): Promise<Map<string, StoredEvent[]>> {
    const out = new Map<string, StoredEvent[]>(streamIds.map((id) => [id, []]));
    if (streamIds.length === 0) return out;
    const ids = parameterArray([...new Set(streamIds)], 1, 'text');
    // One statement per form: `es_read_streams_<n>` for n separate parameters, `es_read_streams` for one array.
    const name = ids.sql.startsWith('ARRAY') ? `es_read_streams_${ids.values.length}` : 'es_read_streams';
    const { rows } = await (options.client ?? this.pool).query({ name, text: readStreamsSql(ids.sql), values: ids.values });
    for (const r of rows) out.get(r.stream_id)!.push(this.toStored(r));
    return out;
  }

  /**
   * Several streams and, in the same statement, the rows of the caller's own query (read-model rows the command needs
   * besides the streams, maybe locked with FOR UPDATE; its parameters are $1..$n): one round trip where two would do.
   * The rows come as JSON (jsonb objects: numbers, strings, arrays, nested JSON), in the query's order.
   */
  async readStreamsWith(
    streamIds: readonly string[], alongside: { text: string; values: readonly unknown[] }, options: { client?: PoolClient } = {},
  ): Promise<{ rows: Record<string, unknown>[]; streams: Map<string, StoredEvent[]> }> {
    const streams = new Map<string, StoredEvent[]>(streamIds.map((id) => [id, []]));
    const ids = parameterArray([...new Set(streamIds)], alongside.values.length + 1, 'text');
    const { rows } = await (options.client ?? this.pool).query({
      text: `WITH c AS MATERIALIZED (${alongside.text}), a AS (SELECT coalesce(jsonb_agg(to_jsonb(c)), '[]') AS alongside FROM c)
        SELECT (SELECT alongside FROM a) AS alongside, e.* FROM (SELECT 1) AS one LEFT JOIN LATERAL (
          SELECT ev.* FROM unnest(${ids.sql}) AS s(id)
          CROSS JOIN LATERAL (SELECT ${STORED_EVENT_COLUMNS} FROM events WHERE events.stream_id = s.id OFFSET 0) ev) e ON true
        ORDER BY e.stream_id, e.stream_version`,
      values: [...alongside.values, ...ids.values],
    });
    for (const r of rows) if (r.event_id !== null) streams.get(r.stream_id)!.push(this.toStored(r));
    return { rows: rows[0].alongside, streams };
  }

  async streamVersion(streamId: string, db: Queryable = this.pool): Promise<number> {
    const { rows } = await db.query<{ v: number }>('SELECT coalesce(max(stream_version), 0) AS v FROM events WHERE stream_id = $1', [streamId]);
    return rows[0].v;
  }

  async readStream(streamId: string, options: { afterVersion?: number; client?: PoolClient } = {}): Promise<StoredEvent[]> {
    const { rows } = await (options.client ?? this.pool).query({ name: 'es_read_stream', text: READ_STREAM_SQL, values: [streamId, options.afterVersion ?? 0] });
    return rows.map((r) => this.toStored(r));
  }

  /** The next page of the global log after `after`, and the checkpoint to continue from. */
  async readAll(after: Checkpoint = START, limit = 1000, db: Queryable = this.pool): Promise<{ events: StoredEvent[]; checkpoint: Checkpoint }> {
    const { rows } = await db.query({ name: 'es_read_all', text: READ_ALL_SQL, values: [after.transactionId, after.globalPosition, limit] });
    const events = rows.map((r) => this.toStored(r));
    const last = events[events.length - 1];
    return { events, checkpoint: last ? { transactionId: last.transactionId, globalPosition: last.globalPosition } : after };
  }

  /** The platform's transaction (its COMMIT refuses to pass a rolled-back transaction off as committed). */
  transaction<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, fn);
  }

  private toStored(r: QueryResultRow): StoredEvent {
    const { data, version } = this.upcasters.upcast(r.event_type, r.schema_version, r.data);
    return {
      id: r.event_id, type: r.event_type, data, schemaVersion: version, metadata: r.metadata,
      streamId: r.stream_id, streamType: r.stream_type, streamVersion: r.stream_version,
      globalPosition: r.global_position, transactionId: r.transaction_id, recordedAt: new Date(r.recorded_ms),
    };
  }
}
