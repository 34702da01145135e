import type { PoolClient } from 'pg';
import { PROJECTOR_SETTING } from '@iop/platform';
import type { EventStore, InlineProjection } from '../store/event-store';
import { type Checkpoint, START, type StoredEvent } from '../store/types';
import { Subscription, type SubscriptionHandler, type SubscriptionOptions } from '../subscriptions/subscription';

/**
 * A read model kept in the service's own tables (created by migrations). `apply` writes to `schema`-qualified
 * tables so that a rebuild can fill a shadow copy while the live one keeps serving.
 */
export interface Projection {
  name: string;
  /** Tables the projection owns, in `public` (the rebuild copies them with LIKE ... INCLUDING ALL). */
  tables: readonly string[];
  handles: readonly string[];
  /**
   * Its `apply` reads the tables it writes (a hash chain's previous link): as an inline projection its writes can
   * then not wait for the COMMIT, where reads would see nothing (see `UnitOfWork`).
   */
  readsBack?: boolean;
  apply(client: PoolClient, events: readonly StoredEvent[], schema: string): Promise<void>;
}

/**
 * For a projection that writes a run of one event type in one statement (a consumer's batch of admissions): runs of
 * `type` go to `run` together, every other event to `one`, in order.
 */
export async function applyInRunsOf(
  events: readonly StoredEvent[], type: string, run: (events: StoredEvent[]) => Promise<unknown>, one: (event: StoredEvent) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < events.length;) {
    let j = i;
    while (j < events.length && events[j].type === type) j++;
    if (j > i) await run(events.slice(i, j));
    else await one(events[j++]);
    i = j;
  }
}

const only = (p: Projection, events: readonly StoredEvent[]) => events.filter((e) => p.handles.includes(e.type));

/** The live projection as a subscription: applies and checkpoints in one transaction (exactly once). */
export function projectionSubscription(store: EventStore, projection: Projection, options: SubscriptionOptions = {}): Subscription {
  const handler: SubscriptionHandler = {
    name: `projection:${projection.name}`,
    mode: 'transactional',
    handle: async (events, client) => {
      const relevant = only(projection, events);
      if (relevant.length) await projection.apply(client!, relevant, 'public');
    },
  };
  return new Subscription(store, handler, options);
}

/** The same projection applied in the append's transaction, for reads that must see the write at once. */
export const inlineProjection = (projection: Projection): InlineProjection => ({
  name: projection.name,
  handles: projection.handles,
  readsBack: projection.readsBack,
  apply: (client, events) => projection.apply(client, events, 'public'),
});

export interface RebuildProgress {
  projection: string;
  processed: number;
  total: number;
  done: boolean;
}

const quote = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

/**
 * Rebuilds a projection from position 0 into a shadow schema while the live one serves, then swaps it in: in one
 * transaction it locks the live checkpoint (the live subscription waits), catches up the last events, moves the
 * shadow tables into `public` and the old ones out, and sets the live checkpoint to where the rebuild stopped.
 */
export async function rebuildProjection(
  store: EventStore, projection: Projection, onProgress: (p: RebuildProgress) => void = () => undefined, pageSize = 5000,
): Promise<RebuildProgress> {
  const shadow = `rebuild_${projection.name.replace(/[^a-z0-9_]/gi, '_')}`;
  const retired = `${shadow}_old`;
  const { rows } = await store.pool.query<{ n: string }>('SELECT count(*) AS n FROM events');
  const progress: RebuildProgress = { projection: projection.name, processed: 0, total: Number(rows[0].n), done: false };
  await store.transaction(async (client) => {
    await client.query(`DROP SCHEMA IF EXISTS ${quote(shadow)} CASCADE`);
    await client.query(`CREATE SCHEMA ${quote(shadow)}`);
    for (const t of projection.tables) await client.query(`CREATE TABLE ${quote(shadow)}.${quote(t)} (LIKE public.${quote(t)} INCLUDING ALL)`);
  });
  let checkpoint: Checkpoint = START;
  for (;;) {
    const next = await store.transaction((client) => applyPage(store, projection, client, checkpoint, shadow, pageSize));
    if (next.count === 0) break;
    checkpoint = next.checkpoint;
    progress.processed += next.count;
    progress.total = Math.max(progress.total, progress.processed);
    onProgress({ ...progress });
  }
  await store.transaction(async (client) => {
    const live = `projection:${projection.name}`;
    await client.query('INSERT INTO subscription_checkpoints (name) VALUES ($1) ON CONFLICT DO NOTHING', [live]);
    await client.query('SELECT 1 FROM subscription_checkpoints WHERE name = $1 FOR UPDATE', [live]);
    // The live tables are locked before the last catch-up, not after: a command that commits between the two would
    // have its inline rows in the table being retired and its events behind the catch-up, lost to the swap. Writers
    // still running wait here, and find the rebuilt table by its name once they go on.
    for (const t of projection.tables) await client.query(`LOCK TABLE public.${quote(t)} IN ACCESS EXCLUSIVE MODE`);
    for (;;) {
      const next = await applyPage(store, projection, client, checkpoint, shadow, pageSize);
      if (next.count === 0) break;
      checkpoint = next.checkpoint;
      progress.processed += next.count;
    }
    await client.query(`DROP SCHEMA IF EXISTS ${quote(retired)} CASCADE`);
    await client.query(`CREATE SCHEMA ${quote(retired)}`);
    for (const t of projection.tables) {
      await copyPolicies(client, t, shadow);
      const guards = await triggersAndGrants(client, t);
      await client.query(`ALTER TABLE public.${quote(t)} SET SCHEMA ${quote(retired)}`);
      await client.query(`ALTER TABLE ${quote(shadow)}.${quote(t)} SET SCHEMA public`);
      // The definitions name the table as `public.t` or `t`: now the rebuilt one.
      for (const statement of guards) await client.query(statement);
    }
    await client.query('UPDATE subscription_checkpoints SET transaction_id = $2::xid8, global_position = $3, updated_at = now() WHERE name = $1', [
      live, checkpoint.transactionId, checkpoint.globalPosition,
    ]);
    await client.query(`DROP SCHEMA ${quote(retired)} CASCADE`);
    await client.query(`DROP SCHEMA ${quote(shadow)} CASCADE`);
  });
  progress.done = true;
  progress.total = progress.processed;
  onProgress({ ...progress });
  return progress;
}

async function applyPage(store: EventStore, projection: Projection, client: PoolClient, from: Checkpoint, schema: string, pageSize: number) {
  const { events, checkpoint } = await store.readAll(from, pageSize, client);
  const relevant = only(projection, events);
  await client.query(PROJECTOR_SETTING);
  if (relevant.length) await projection.apply(client, relevant, schema);
  return { count: events.length, checkpoint };
}

/**
 * LIKE copies neither triggers nor privileges, and read models rely on both (an append-only trigger on note
 * versions, privileges revoked from the service's own role): the statements that give them to the rebuilt table.
 */
async function triggersAndGrants(client: PoolClient, table: string): Promise<string[]> {
  const target = `public.${quote(table)}`;
  const { rows: triggers } = await client.query<{ def: string }>(
    'SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal ORDER BY tgname', [target]);
  const { rows: acl } = await client.query<{ grantee: string | null; privilege: string; grantable: boolean }>(
    `SELECT CASE WHEN a.grantee = 0 THEN NULL ELSE a.grantee::regrole::text END AS grantee, a.privilege_type AS privilege, a.is_grantable AS grantable
     FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = $1::regclass ORDER BY 1, 2`, [target]);
  const statements = triggers.map((t) => t.def);
  const { rows: custom } = await client.query<{ set: boolean; owner: string }>('SELECT relacl IS NOT NULL AS set, relowner::regrole::text AS owner FROM pg_class WHERE oid = $1::regclass', [target]);
  if (custom[0]?.set) {
    statements.push(`REVOKE ALL ON ${target} FROM PUBLIC, ${custom[0].owner}`);
    for (const g of acl) statements.push(`GRANT ${g.privilege} ON ${target} TO ${g.grantee ?? 'PUBLIC'}${g.grantable ? ' WITH GRANT OPTION' : ''}`);
  }
  return statements;
}

/** Row-level-security policies are not copied by LIKE: carry them over to the rebuilt table. */
async function copyPolicies(client: PoolClient, table: string, shadow: string): Promise<void> {
  const { rows } = await client.query<{ policyname: string; cmd: string; roles: string[]; qual: string | null; with_check: string | null; permissive: string }>(
    `SELECT policyname, cmd, roles::text[] AS roles, qual, with_check, permissive FROM pg_policies WHERE schemaname = 'public' AND tablename = $1`, [table]);
  const { rows: rls } = await client.query<{ relrowsecurity: boolean; relforcerowsecurity: boolean }>(
    `SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = $1::regclass`, [`public.${quote(table)}`]);
  const target = `${quote(shadow)}.${quote(table)}`;
  if (rls[0]?.relrowsecurity) await client.query(`ALTER TABLE ${target} ENABLE ROW LEVEL SECURITY`);
  if (rls[0]?.relforcerowsecurity) await client.query(`ALTER TABLE ${target} FORCE ROW LEVEL SECURITY`);
  for (const p of rows) {
    await client.query(
      `CREATE POLICY ${quote(p.policyname)} ON ${target} AS ${p.permissive} FOR ${p.cmd} TO ${p.roles.map((r) => (r === 'public' ? 'public' : quote(r))).join(', ')}` +
        (p.qual ? ` USING (${p.qual})` : '') + (p.with_check ? ` WITH CHECK (${p.with_check})` : ''),
    );
  }
}
