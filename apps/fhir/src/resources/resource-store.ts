import type { PoolClient } from 'pg';
import type { PublicEvent } from '@iop/domain-events';
import { UnitOfWork } from '@iop/event-store';
import { writeAtCommit } from '@iop/platform';
import type { FhirResource, ResourceType, SessionTimes, StoredResource } from './fhir-resources';

/**
 * Reads and writes of the FHIR read model inside a consumer's inbox transaction, set-based: the transaction's
 * resources are held in a unit (one per transaction, see `ResourceUnit`) that serves a resource read or written
 * earlier in the transaction from memory, collects the changes of all the batch's events, and writes them together
 * at the end: one statement takes the locks still missing, one writes every version and current row. A write that
 * changes nothing (a redelivery) keeps the version; any other bumps `meta.versionId` and stamps `meta.lastUpdated`
 * with the database's clock, which is the store's own time, not the clinical record's.
 */
export async function loadResource(client: PoolClient, type: ResourceType, id: string): Promise<FhirResource | undefined> {
  return inUnit(client, (unit) => unit.load(type, id));
}

/**
 * Saves the resource's new state; when it changed, a version is added (numbered on from the resource's history: a
 * resource made again after a deletion, an absence corrected back to attendance, continues its numbers).
 */
export async function saveResource(client: PoolClient, tenantId: string, s: StoredResource): Promise<void> {
  await inUnit(client, async (unit) => unit.save(tenantId, s));
}

/** Removes the resource; its history keeps a deletion as the next version (what `_history` shows as a DELETE). */
export async function deleteResource(client: PoolClient, type: ResourceType, id: string): Promise<void> {
  await inUnit(client, async (unit) => unit.delete(type, id));
}

export async function saveSession(client: PoolClient, tenantId: string, s: SessionTimes): Promise<void> {
  await inUnit(client, async (unit) => unit.saveSession(tenantId, s));
}

export async function loadSession(client: PoolClient, sessionId: string): Promise<SessionTimes | undefined> {
  return inUnit(client, (unit) => unit.loadSession(sessionId));
}

/** Records the event as applied (`fhir_consumed_events`, see `keep`), with the transaction's other writes. */
export async function keepEvent(client: PoolClient, event: PublicEvent): Promise<void> {
  const unit = unitOf(client);
  if (unit) unit.keep(event);
  else await writeAtCommit(client, KEEP_SQL, [JSON.stringify([{ tenant: event.tenantId, id: event.id, event }])]);
}

/**
 * Runs `fn` with one unit of its own on the caller's transaction, written when `fn` returns (and dropped when it
 * throws): for the event-by-event replay of a rebuild, whose savepoint per event must hold that event's writes.
 */
export async function inResourceUnit<T>(client: PoolClient, fn: () => Promise<T>): Promise<T> {
  const unit = new ResourceUnit(client, { sessionsAtCommit: false });
  scoped.set(client, unit);
  try {
    const result = await fn();
    await unit.write();
    return result;
  } finally {
    if (scoped.get(client) === unit) scoped.delete(client);
  }
}

/** Units opened by `inResourceUnit`, by the client of their transaction. */
const scoped = new WeakMap<PoolClient, ResourceUnit>();
/** The units of inbox transactions, by their unit of work (which writes them when it completes). */
const ofWork = new WeakMap<UnitOfWork, ResourceUnit>();

function unitOf(client: PoolClient): ResourceUnit | undefined {
  const own = scoped.get(client);
  if (own) return own;
  const work = UnitOfWork.of(client);
  if (!work) return undefined;
  let unit = ofWork.get(work);
  if (!unit) {
    const made = new ResourceUnit(client, { sessionsAtCommit: true });
    ofWork.set(work, (unit = made));
    work.beforeComplete(() => made.write());
  }
  return unit;
}

/** The transaction's unit; outside one (a caller with a bare transaction), a unit for this call alone, written at once. */
async function inUnit<T>(client: PoolClient, fn: (unit: ResourceUnit) => Promise<T>): Promise<T> {
  const unit = unitOf(client);
  if (unit) return fn(unit);
  return inResourceUnit(client, () => fn(scoped.get(client)!));
}

/** One change of a resource: its new state, or null for a deletion. */
interface Change {
  tenantId: string | null;
  patientId: string | null;
  date: string | null;
  status: string | null;
  resource: FhirResource | null;
}

interface Tracked {
  type: ResourceType;
  id: string;
  /**
   * The row as the transaction read it (null: there was none), which must still be there, unchanged, when the
   * changes are written; undefined for a resource written without being read (its changes are judged against the
   * row found then).
   */
  read?: { version: number; lastUpdated: string } | null;
  /** The resource as it stands in the transaction (undefined: there is none). */
  current: FhirResource | undefined;
  changes: Change[];
  /** Whether the transaction holds the resource's lock. */
  locked: boolean;
}

/**
 * The resources, sessions and kept events of one transaction. A resource's changes are made under its lock (a
 * transaction-scoped advisory lock, which also covers one that does not exist yet), so that a second transaction
 * changing it (a batch of another partition: a patient's referral and admission have different keys) starts from the
 * first one's result instead of overwriting it:
 * - a read takes the lock in the same statement, when it is free (the usual case: one statement); when another
 *   transaction holds it, the read waits for it and reads again. Two batches of different partitions that read the
 *   same resources apply them in the same order (the order they happened in), so the second waits for the first
 *   rather than failing; two that read them in opposite orders deadlock, and PostgreSQL fails one of them, whose
 *   events the inbox then applies again one by one;
 * - when the changes are written, one statement takes the locks still missing (of resources written without being
 *   read), in the order of their keys, waiting only for keys after every one the transaction holds (no new deadlock),
 *   and the write then checks that every row read is still as it was read. One changed meanwhile outside the locks
 *   (a rebuild rewrites every row; a transaction that committed between the read's snapshot and its lock) makes this
 *   one write nothing and fail, and the inbox applies its events again, event by event, on what the other committed.
 * A resource written without being read cannot be overwritten from stale state: its changes are numbered on from the
 * row there after the locks (and a version written at once by another transaction would collide with its key).
 */
class ResourceUnit {
  private readonly resources = new Map<string, Tracked>();
  private readonly sessions = new Map<string, SessionTimes | null>();
  private readonly savedSessions = new Map<string, SessionTimes & { tenantId: string }>();
  private readonly kept = new Map<string, { tenant: string; id: string; event: PublicEvent }>();
  /** The greatest lock key this transaction holds: the write waits only for greater ones. */
  private highestLock?: bigint;
  private written = false;

  constructor(
    private readonly client: PoolClient,
    /** Sessions written with the COMMIT (nothing reads them back there: later events of the transaction are served here). */
    private readonly options: { sessionsAtCommit: boolean },
  ) {}

  async load(type: ResourceType, id: string): Promise<FhirResource | undefined> {
    this.assertOpen();
    const key = `${type}/${id}`;
    let tracked = this.resources.get(key);
    if (!tracked) {
      const { rows: [tried] } = await this.client.query<StoredRow & { locked: boolean; lock: string }>(TRY_LOCK_AND_READ_SQL, [type, id]);
      let row: StoredRow = tried;
      let locked = tried.locked;
      const lock = BigInt(tried.lock);
      if (!locked) {
        // Another transaction is changing it: what it commits is what to start from. A statement of its own: the read
        // after it takes its snapshot once that transaction has committed.
        await this.client.query('SELECT pg_advisory_xact_lock($1::bigint)', [tried.lock]);
        [row] = (await this.client.query<StoredRow>(READ_SQL, [type, id])).rows;
        locked = true;
      }
      if (this.highestLock === undefined || lock > this.highestLock) this.highestLock = lock;
      // Read meanwhile by another call of this transaction's handlers: the first read stands.
      tracked = this.resources.get(key);
      if (!tracked) {
        const found = row?.version_id !== null && row?.version_id !== undefined;
        tracked = {
          type, id, read: found ? { version: row.version_id!, lastUpdated: row.last_updated! } : null, current: found ? withoutStamp(row.resource!) : undefined,
          changes: [], locked,
        };
        this.resources.set(key, tracked);
      }
    }
    // A copy: the mapping functions build on it, and the unit compares the next state with this one.
    return tracked.current && structuredClone(tracked.current);
  }

  save(tenantId: string, s: StoredResource): void {
    this.assertOpen();
    const key = `${s.type}/${s.id}`;
    // As stored (jsonb keeps no undefined members), and a copy the caller cannot change afterwards.
    const resource = JSON.parse(JSON.stringify(s.resource)) as FhirResource;
    const tracked = this.resources.get(key);
    const change: Change = { tenantId, patientId: s.patientId, date: s.date, status: s.status, resource };
    if (!tracked) {
      this.resources.set(key, { type: s.type, id: s.id, current: resource, changes: [change], locked: false });
      return;
    }
    // No change, no version; the stored resource stays as it was, meta and all.
    if (tracked.current && sameResource(tracked.current, resource)) return;
    tracked.current = resource;
    tracked.changes.push(change);
  }

  delete(type: ResourceType, id: string): void {
    this.assertOpen();
    const key = `${type}/${id}`;
    const tracked = this.resources.get(key);
    if (tracked && !tracked.current) return;
    // Its version row belongs to the patient and tenant of the row; made in this transaction, to those of its save.
    const last = tracked?.changes[tracked.changes.length - 1];
    const change: Change = { tenantId: last?.tenantId ?? null, patientId: last?.patientId ?? null, date: null, status: null, resource: null };
    if (!tracked) this.resources.set(key, { type, id, current: undefined, changes: [change], locked: false });
    else {
      tracked.current = undefined;
      tracked.changes.push(change);
    }
  }

  saveSession(tenantId: string, s: SessionTimes): void {
    this.assertOpen();
    const session = { sessionId: s.sessionId, type: s.type, startsAt: s.startsAt, endsAt: s.endsAt };
    this.sessions.set(s.sessionId, session);
    this.savedSessions.set(s.sessionId, { ...session, tenantId });
  }

  async loadSession(sessionId: string): Promise<SessionTimes | undefined> {
    this.assertOpen();
    if (!this.sessions.has(sessionId)) {
      const { rows: [row] } = await this.client.query<{ session_id: string; type: SessionTimes['type']; starts_at: string; ends_at: string }>(
        'SELECT session_id, type, starts_at, ends_at FROM fhir_sessions WHERE session_id = $1', [sessionId]);
      if (!this.sessions.has(sessionId)) this.sessions.set(sessionId, row ? { sessionId: row.session_id, type: row.type, startsAt: row.starts_at, endsAt: row.ends_at } : null);
    }
    const session = this.sessions.get(sessionId);
    return session ? { ...session } : undefined;
  }

  keep(event: PublicEvent): void {
    this.assertOpen();
    if (!this.kept.has(event.id)) this.kept.set(event.id, { tenant: event.tenantId, id: event.id, event });
  }

  /** Writes what the transaction changed: the resources now (see the class), the sessions and kept events maybe with the COMMIT. */
  async write(): Promise<void> {
    this.assertOpen();
    this.written = true;
    const all = [...this.resources.values()];
    const changed = all.filter((r) => r.changes.length > 0);
    if (changed.length > 0) {
      const unlocked = all.filter((r) => !r.locked && (r.changes.length > 0 || r.read !== undefined));
      if (unlocked.length > 0) {
        await this.client.query(LOCK_SQL, [unlocked.map((r) => r.type), unlocked.map((r) => r.id), this.highestLock?.toString() ?? null]);
      }
      const entries = changed.flatMap((r) => r.changes.map((c, n) => ({
        t: r.type, i: r.id, k: n + 1, tenant: c.tenantId, patient: c.patientId, date: c.date, status: c.status, resource: c.resource,
      })));
      const reads = all.filter((r) => r.read !== undefined).map((r) => ({ t: r.type, i: r.id, v: r.read?.version ?? null, lu: r.read?.lastUpdated ?? null }));
      const { rows: stale } = await this.client.query<{ t: string; i: string }>(WRITE_SQL, [JSON.stringify(entries), JSON.stringify(reads)]);
      if (stale.length > 0) {
        throw new Error(`${stale.map((r) => `${r.t}/${r.i}`).join(', ')} changed in another transaction since this one read it: its events are to be applied again`);
      }
    }
    if (this.savedSessions.size > 0) {
      const values = [JSON.stringify([...this.savedSessions.values()].map((s) => ({ tenant: s.tenantId, id: s.sessionId, type: s.type, starts: s.startsAt, ends: s.endsAt })))];
      if (this.options.sessionsAtCommit) await writeAtCommit(this.client, SESSIONS_SQL, values);
      else await this.client.query(SESSIONS_SQL, values);
    }
    // Nothing in a consumer's transaction reads the kept events back: a round trip less.
    if (this.kept.size > 0) await writeAtCommit(this.client, KEEP_SQL, [JSON.stringify([...this.kept.values()])]);
  }

  private assertOpen(): void {
    if (this.written) throw new Error("this transaction's FHIR resources are written already");
  }
}

/** The resource without the store's stamp, as the mapping functions build it. */
function withoutStamp(r: FhirResource): FhirResource {
  const { versionId: _v, lastUpdated: _l, ...meta } = (r.meta ?? {}) as Record<string, unknown>;
  return { ...r, meta };
}

/** What the store counts as no change (the write statement's test too): the same resource but for `meta`, and the same security labels. */
function sameResource(a: FhirResource, b: FhirResource): boolean {
  const { meta: metaA, ...restA } = a;
  const { meta: metaB, ...restB } = b;
  return sameJson(restA, restB) && sameJson(metaA?.security, metaB?.security);
}

/** Equality as jsonb has it for parsed JSON: objects whatever their keys' order. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((v, n) => sameJson(v, other[n]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x).filter((k) => x[k] !== undefined);
  return keys.length === Object.keys(y).filter((k) => y[k] !== undefined).length && keys.every((k) => sameJson(x[k], y[k]));
}

interface StoredRow {
  resource: FhirResource | null;
  version_id: number | null;
  last_updated: string | null;
}

/** A resource's lock key. */
const LOCK_KEY = `hashtextextended($1::text || '/' || $2::text, 0)`;

/** The row (or none) and its lock if free: the lock is tried after the statement's snapshot was taken, so a read that got it saw every change committed under it but one committed in between, which the write's check finds. */
const TRY_LOCK_AND_READ_SQL = `SELECT pg_try_advisory_xact_lock(${LOCK_KEY}) AS locked, ${LOCK_KEY}::text AS lock,
    f.resource, f.version_id, f.last_updated::text AS last_updated
  FROM (SELECT 1) one LEFT JOIN fhir_resources f ON f.resource_type = $1 AND f.id = $2`;

const READ_SQL = 'SELECT resource, version_id, last_updated::text AS last_updated FROM fhir_resources WHERE resource_type = $1 AND id = $2';

/**
 * The locks still missing, in the order of their keys: waiting for those after the greatest one held (`$3`), trying
 * the others. A statement of its own: the write after it takes its snapshot once the transactions it waited for have
 * committed.
 */
const LOCK_SQL = `SELECT CASE WHEN $3::bigint IS NULL OR k > $3::bigint THEN (SELECT true FROM pg_advisory_xact_lock(k)) ELSE pg_try_advisory_xact_lock(k) END
  FROM (SELECT DISTINCT hashtextextended(t || '/' || i, 0) AS k FROM unnest($1::text[], $2::text[]) AS r(t, i)) keys
  ORDER BY k`;

/**
 * Every change of the transaction in one statement. `$1`: the changes in order, `k` numbering each resource's; after
 * the first they all change something (the unit drops the others), the first is judged against the row as it is
 * (a save that changes nothing, a deletion of nothing, adds no version). Versions number on from the row, or from the
 * history when there is none. Each change is a version row, stamped as the row it was; the last is the current row
 * (or its removal). `$2`: the rows the transaction read, as it read them; when one of them is not so any more,
 * nothing is written and the statement returns them.
 */
const WRITE_SQL = `WITH e AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(t text, i text, k int, tenant text, patient uuid, date text, status text, resource jsonb)),
  stale AS (
    SELECT r.t, r.i FROM jsonb_to_recordset($2::jsonb) AS r(t text, i text, v int, lu text)
    LEFT JOIN fhir_resources f ON f.resource_type = r.t AND f.id = r.i
    WHERE f.version_id IS DISTINCT FROM r.v OR f.last_updated IS DISTINCT FROM r.lu::timestamptz),
  cur AS (
    SELECT g.t, g.i, f.id IS NOT NULL AS present, f.tenant_id, f.patient_id, f.resource,
           coalesce(f.version_id, (SELECT max(v.version_id) FROM fhir_resource_versions v WHERE v.resource_type = g.t AND v.id = g.i), 0) AS base
    FROM (SELECT DISTINCT t, i FROM e) g LEFT JOIN fhir_resources f ON f.resource_type = g.t AND f.id = g.i),
  judged AS (
    SELECT e.t, e.i, e.k, e.date, e.status, e.resource, c.base,
           e.tenant, e.patient, coalesce(c.tenant_id, e.tenant) AS row_tenant, coalesce(c.patient_id, e.patient) AS row_patient,
           CASE WHEN e.k > 1 THEN true
                WHEN e.resource IS NULL THEN c.present
                ELSE NOT c.present OR (c.resource - 'meta') IS DISTINCT FROM (e.resource - 'meta')
                  OR (c.resource -> 'meta' -> 'security') IS DISTINCT FROM (e.resource -> 'meta' -> 'security')
           END AS changed
    FROM e JOIN cur c USING (t, i)
    WHERE NOT EXISTS (SELECT 1 FROM stale)),
  numbered AS (
    SELECT j.*, j.base + count(*) FILTER (WHERE j.changed) OVER (PARTITION BY j.t, j.i ORDER BY j.k) AS v FROM judged j),
  versions AS (
    SELECT n.*, CASE WHEN n.resource IS NULL THEN NULL ELSE jsonb_set(n.resource, '{meta}', coalesce(n.resource -> 'meta', '{}')
             || jsonb_build_object('versionId', n.v::text, 'lastUpdated', to_jsonb(now()))) END AS stamped
    FROM numbered n WHERE n.changed),
  final AS (SELECT DISTINCT ON (t, i) * FROM versions ORDER BY t, i, k DESC),
  saved AS (
    INSERT INTO fhir_resources AS f (tenant_id, resource_type, id, patient_id, date, status, version_id, last_updated, resource)
    SELECT tenant, t, i, patient, date, status, v, now(), stamped FROM final WHERE resource IS NOT NULL
    ON CONFLICT (resource_type, id) DO UPDATE SET
      date = excluded.date, status = excluded.status, version_id = excluded.version_id, last_updated = excluded.last_updated, resource = excluded.resource
    RETURNING 1),
  removed AS (
    DELETE FROM fhir_resources f USING final x WHERE x.resource IS NULL AND f.resource_type = x.t AND f.id = x.i RETURNING 1),
  history AS (
    INSERT INTO fhir_resource_versions (tenant_id, resource_type, id, version_id, patient_id, last_updated, deleted, resource)
    SELECT row_tenant, t, i, v, row_patient, now(), resource IS NULL, stamped FROM versions
    RETURNING 1)
  SELECT t, i FROM stale`;

const SESSIONS_SQL = `INSERT INTO fhir_sessions (tenant_id, session_id, type, starts_at, ends_at)
  SELECT tenant, id, type, starts, ends FROM jsonb_to_recordset($1::jsonb) AS s(tenant text, id uuid, type text, starts text, ends text)
  ON CONFLICT (session_id) DO UPDATE SET type = excluded.type, starts_at = excluded.starts_at, ends_at = excluded.ends_at`;

/** In the order they were kept (the rebuild replays them in that order). */
const KEEP_SQL = `INSERT INTO fhir_consumed_events (tenant_id, event_id, event)
  SELECT x.e ->> 'tenant', (x.e ->> 'id')::uuid, x.e -> 'event' FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, n) ORDER BY x.n
  ON CONFLICT (event_id) DO NOTHING`;
