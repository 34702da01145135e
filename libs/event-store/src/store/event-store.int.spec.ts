/**
 * The event store against real PostgreSQL: optimistic concurrency, idempotent appends, upcasting, several streams in one statement and the
 * global log that never skips a late-committing writer.
 */
import { randomUUID } from 'node:crypto';
import { Client, Pool, type PoolClient } from 'pg';
import { createTestDatabase, type TestDatabase } from '@iop/testing';
import { runMigrations } from '@iop/platform';
import { EVENT_STORE_MIGRATIONS } from './event-store.migrations';
import { EventStore } from './event-store';
import { type Checkpoint, ConcurrencyError, type NewEvent, START } from './types';
import { Upcasters } from './upcasters';
import { EventNotifier } from './event-notifier';
import { Subscription } from '../subscriptions/subscription';

const meta = { tenantId: 'tenant-a', actor: { subject: 'tester' }, correlationId: 'c-1' };
const event = (type = 'Counted', data: object = { n: 1 }): NewEvent => ({ id: randomUUID(), type, data, metadata: meta });

describe('EventStore', () => {
  let db: TestDatabase;
  let pool: Pool;
  let store: EventStore;

  beforeAll(async () => {
    db = await createTestDatabase('es');
    await runMigrations(db.url, EVENT_STORE_MIGRATIONS);
    pool = new Pool({ connectionString: db.url, max: 20 });
    pool.on('error', () => undefined);
    store = new EventStore(pool);
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('compresses large events with lz4 (the server here has it)', async () => {
    const { rows } = await pool.query("SELECT attname, attcompression FROM pg_attribute WHERE attrelid = 'events'::regclass AND attname IN ('data', 'metadata') ORDER BY attname");
    expect(rows).toEqual([{ attname: 'data', attcompression: 'l' }, { attname: 'metadata', attcompression: 'l' }]);
  });

  describe('append with an expected version', () => {
    it('numbers events from 1 and refuses a stale version with a ConcurrencyError', async () => {
      const id = `s-${randomUUID()}`;
      expect((await store.append(id, 'counter', [event(), event()], { expectedVersion: 'no-stream' })).nextVersion).toBe(2);
      await expect(store.append(id, 'counter', [event()], { expectedVersion: 'no-stream' })).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(store.append(id, 'counter', [event()], { expectedVersion: 1 })).rejects.toThrow(/at version 2/);
      expect((await store.append(id, 'counter', [event()], { expectedVersion: 2 })).nextVersion).toBe(3);
      expect((await store.append(id, 'counter', [event()], { expectedVersion: 'any' })).nextVersion).toBe(4);
      expect((await store.readStream(id)).map((e) => e.streamVersion)).toEqual([1, 2, 3, 4]);
    });

    it('a stale or early version in the caller\'s transaction is a ConcurrencyError that leaves the transaction usable', async () => {
      const id = `s-${randomUUID()}`;
      await store.append(id, 'counter', [event()], { expectedVersion: 'no-stream' });
      const after = await store.transaction(async (client) => {
        await expect(store.append(id, 'counter', [event()], { expectedVersion: 'no-stream', client })).rejects.toBeInstanceOf(ConcurrencyError);
        await expect(store.append(id, 'counter', [event()], { expectedVersion: 3, client })).rejects.toBeInstanceOf(ConcurrencyError);
        return (await store.append(id, 'counter', [event()], { expectedVersion: 1, client })).nextVersion;
      });
      expect(after).toBe(2);
      expect((await store.readStream(id)).map((e) => e.streamVersion)).toEqual([1, 2]);
    });

    it('200 concurrent appends with the same expected version: exactly one wins, versions have no gaps', async () => {
      const id = `s-${randomUUID()}`;
      await store.append(id, 'counter', [event()], { expectedVersion: 'no-stream' });
      const results = await Promise.allSettled(Array.from({ length: 200 }, () => store.append(id, 'counter', [event()], { expectedVersion: 1 })));
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(199);
      expect(lost.filter((r) => !(r.reason instanceof ConcurrencyError)).map((r) => String(r.reason))).toEqual([]);
      expect((await store.readStream(id)).map((e) => e.streamVersion)).toEqual([1, 2]);
    });

    it('appending an event id that is already stored is a no-op, not a duplicate', async () => {
      const id = `s-${randomUUID()}`;
      const batch = [event(), event()];
      await store.append(id, 'counter', batch, { expectedVersion: 'no-stream' });
      const again = await store.append(id, 'counter', batch, { expectedVersion: 'no-stream' });
      expect(again).toEqual({ nextVersion: 2, positions: [], alreadyStored: true });
      const concurrent = await Promise.all([0, 1, 2].map(() => store.append(id, 'counter', batch, { expectedVersion: 'any' })));
      expect(concurrent.every((r) => r.alreadyStored)).toBe(true);
      expect(await store.readStream(id)).toHaveLength(2);
    });

    it('carries id, type, schema version, data and metadata', async () => {
      const id = `s-${randomUUID()}`;
      const e = { ...event('Named', { name: 'x' }), metadata: { ...meta, causationId: 'cause', traceparent: '00-abc-def-01' } };
      await store.append(id, 'thing', [e], { expectedVersion: 'no-stream' });
      const [stored] = await store.readStream(id);
      expect(stored).toMatchObject({ id: e.id, type: 'Named', schemaVersion: 1, data: { name: 'x' }, metadata: e.metadata, streamType: 'thing', streamVersion: 1 });
    });
  });

  describe('upcasting on read', () => {
    it('turns a stored v1 shape into the current one and leaves the stored row alone', async () => {
      const upcasting = new EventStore(pool, {
        upcasters: new Upcasters({ Renamed: { current: 2, steps: { 1: (d) => ({ fullName: (d as { name: string }).name }) } } }),
      });
      const id = `s-${randomUUID()}`;
      await store.append(id, 'thing', [{ ...event('Renamed', { name: 'old' }), schemaVersion: 1 }], { expectedVersion: 'no-stream' });
      const [read] = await upcasting.readStream(id);
      expect(read).toMatchObject({ schemaVersion: 2, data: { fullName: 'old' } });
      const { rows } = await pool.query('SELECT schema_version, data FROM events WHERE stream_id = $1', [id]);
      expect(rows[0]).toEqual({ schema_version: 1, data: { name: 'old' } });
    });
  });

  describe('many streams at once (a consumer\'s batch)', () => {
    it('appendMany appends to several streams in one statement, each at its version, in the order given', async () => {
      const [a, b, c] = [`s-${randomUUID()}`, `s-${randomUUID()}`, `s-${randomUUID()}`];
      await store.append(b, 'counter', [event(), event()], { expectedVersion: 'no-stream' });
      const results = await store.transaction((client) => store.appendMany([
        { streamId: a, streamType: 'counter', events: [event(), event()], expectedVersion: 'no-stream' },
        { streamId: b, streamType: 'counter', events: [event()], expectedVersion: 2 },
        { streamId: c, streamType: 'counter', events: [event()], expectedVersion: 0 },
      ], { client }));
      expect(results.map((r) => r.nextVersion)).toEqual([2, 3, 1]);
      const positions = results.flatMap((r) => r.positions).map(Number);
      expect(positions).toEqual([...positions].sort((x, y) => x - y));
      expect((await store.readStream(b)).map((e) => e.streamVersion)).toEqual([1, 2, 3]);
      const read = await store.readStreams([a, b, c, 'none']);
      expect([...read].map(([id, events]) => [id, events.length])).toEqual([[a, 2], [b, 3], [c, 1], ['none', 0]]);
    });

    it('appendMany with one stale stream appends nothing, names it, and leaves the transaction usable', async () => {
      const [a, b] = [`s-${randomUUID()}`, `s-${randomUUID()}`];
      await store.append(b, 'counter', [event()], { expectedVersion: 'no-stream' });
      const after = await store.transaction(async (client) => {
        const err = await store.appendMany([
          { streamId: a, streamType: 'counter', events: [event()], expectedVersion: 'no-stream' },
          { streamId: b, streamType: 'counter', events: [event()], expectedVersion: 'no-stream' },
        ], { client }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ConcurrencyError);
        expect((err as ConcurrencyError).streamId).toBe(b);
        expect((err as ConcurrencyError).actual).toBe(1);
        return (await store.append(a, 'counter', [event()], { expectedVersion: 'no-stream', client })).nextVersion;
      });
      expect(after).toBe(1);
      expect(await store.readStream(b)).toHaveLength(1);
    });

    it('appendMany of one stream (the single-stream statement): positions in order, a stale version named, the projector role set', async () => {
      const roles: string[] = [];
      const projected = new EventStore(pool, { inlineProjections: [{ name: 'spy', handles: ['Counted'], apply: async (client) => {
        roles.push((await client.query("SELECT current_setting('app.role', true) AS r")).rows[0].r);
      } }] });
      const a = `s-${randomUUID()}`;
      await projected.append(a, 'counter', [event()], { expectedVersion: 'no-stream' });
      const [result] = await projected.transaction((client) => projected.appendMany([{ streamId: a, streamType: 'counter', events: [event(), event()], expectedVersion: 1 }], { client }));
      expect(result.nextVersion).toBe(3);
      const stored = await projected.readStream(a);
      expect(result.positions).toEqual(stored.slice(1).map((e) => e.globalPosition));
      expect(roles).toEqual(['projector', 'projector']);
      const err = await projected.transaction((client) => projected.appendMany([{ streamId: a, streamType: 'counter', events: [event()], expectedVersion: 1 }], { client }))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConcurrencyError);
      expect(err).toMatchObject({ streamId: a, actual: 3 });
      expect(await projected.readStream(a)).toHaveLength(3);
    });

    it('appendMany applies each inline projection once, to all the new events in order, in the same transaction', async () => {
      const seen: string[][] = [];
      const projected = new EventStore(pool, { inlineProjections: [{ name: 'spy', handles: ['Counted'], apply: async (client, events) => {
        seen.push(events.map((e) => `${e.streamId}@${e.streamVersion}`));
        expect((await client.query("SELECT current_setting('app.role', true) AS r")).rows[0].r).toBe('projector');
      } }] });
      const [a, b] = [`s-${randomUUID()}`, `s-${randomUUID()}`];
      await projected.transaction((client) => projected.appendMany([
        { streamId: a, streamType: 'counter', events: [event(), event('Other')], expectedVersion: 'no-stream' },
        { streamId: b, streamType: 'counter', events: [event()], expectedVersion: 'no-stream' },
      ], { client }));
      expect(seen).toEqual([[`${a}@1`, `${b}@1`]]);
    });

    it('appendMany with projectAtCommit sends the projections\' writes with the COMMIT; one failing there fails it all', async () => {
      await pool.query('CREATE TABLE IF NOT EXISTS counted (stream_id text PRIMARY KEY, n int NOT NULL CHECK (n < 100))');
      const projected = new EventStore(pool, { inlineProjections: [{ name: 'counted', handles: ['Counted'], apply: async (client, events) => {
        for (const e of events) await client.query('INSERT INTO counted (stream_id, n) VALUES ($1, $2)', [e.streamId, (e.data as { n: number }).n]);
      } }] });
      const [a, b] = [`s-${randomUUID()}`, `s-${randomUUID()}`];
      const before = await projected.transaction(async (client) => {
        await projected.appendMany([{ streamId: a, streamType: 'counter', events: [event('Counted', { n: 7 })], expectedVersion: 'no-stream' }], { client, projectAtCommit: true });
        return (await client.query('SELECT count(*)::int AS n FROM counted WHERE stream_id = $1', [a])).rows[0].n;
      });
      expect(before).toBe(0);
      expect((await pool.query('SELECT n FROM counted WHERE stream_id = $1', [a])).rows).toEqual([{ n: 7 }]);
      await expect(projected.transaction((client) => projected.appendMany(
        [{ streamId: b, streamType: 'counter', events: [event('Counted', { n: 100 })], expectedVersion: 'no-stream' }], { client, projectAtCommit: true },
      ))).rejects.toThrow(/check constraint/);
      expect(await store.readStream(b)).toEqual([]);
    });

    it('appendMany atCommit sends the append with the COMMIT; a stale stream fails the COMMIT as a ConcurrencyError, nothing kept', async () => {
      const [a, b] = [`s-${randomUUID()}`, `s-${randomUUID()}`];
      await store.transaction(async (client) => {
        await store.appendMany([{ streamId: a, streamType: 'counter', events: [event(), event()], expectedVersion: 'no-stream' }], { client, atCommit: true });
        expect(await store.readStream(a, { client })).toEqual([]); // not sent yet
      });
      expect((await store.readStream(a)).map((e) => e.streamVersion)).toEqual([1, 2]);
      await store.append(b, 'counter', [event()], { expectedVersion: 'no-stream' });
      const err = await store.transaction(async (client) => {
        await store.appendMany([
          { streamId: `s-${randomUUID()}`, streamType: 'counter', events: [event()], expectedVersion: 'no-stream' },
          { streamId: b, streamType: 'counter', events: [event()], expectedVersion: 'no-stream' },
        ], { client, atCommit: true });
      }).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'ConcurrencyError' });
      expect(await store.readStream(b)).toHaveLength(1);
    });
  });

  describe('reading the global log', () => {
    /**
     * Reads the log page by page while writers commit out of order, then the tail: how often each event was seen, and
     * the writers' events. Other test files share the cluster (xmin is cluster-wide), so this test's events count by id.
     */
    async function readWhileWritersCommitOutOfOrder(): Promise<{ written: string[]; seen: Map<string, number> }> {
      let checkpoint = (await readEverything(store, START)).checkpoint;
      const seen = new Map<string, number>();
      const count = (events: readonly { id: string }[]) => events.forEach((e) => seen.set(e.id, (seen.get(e.id) ?? 0) + 1));
      let reading = true;
      const reader = (async () => {
        while (reading) {
          const page = await store.readAll(checkpoint, 37);
          count(page.events);
          checkpoint = page.checkpoint;
          if (page.events.length === 0) await new Promise((r) => setTimeout(r, 2));
        }
      })();
      const written = await concurrentWriters(pool, store, 12);
      await new Promise((r) => setTimeout(r, 50));
      reading = false;
      await reader;
      count((await readEverything(store, checkpoint)).events);
      return { written, seen };
    }

    it('never skips or repeats an event while writers commit out of order', async () => {
      const { written, seen } = await readWhileWritersCommitOutOfOrder();
      expect(written.filter((id) => seen.get(id) === 1)).toHaveLength(written.length);
      expect([...seen.values()].every((n) => n === 1)).toBe(true);
    });

    /** A transaction that holds a transaction id (as a consumer waiting on a lock does), until released. */
    async function holdTransaction(url: string): Promise<{ release: () => Promise<void> }> {
      const client = new Client({ connectionString: url });
      await client.connect();
      await client.query('BEGIN');
      await client.query('SELECT pg_current_xact_id()');
      return { release: async () => { await client.query('COMMIT'); await client.end(); } };
    }

    it('is not held back by a long transaction of another database (transaction ids are server-wide), only by its own', async () => {
      const other = await createTestDatabase('es_other');
      try {
        const { checkpoint } = await readEverything(store, START);
        const foreign = await holdTransaction(other.url);
        const passed = event();
        await store.append(`s-${randomUUID()}`, 'counter', [passed], { expectedVersion: 'no-stream' });
        // Before: nothing committed after the foreign transaction began was readable until it ended.
        expect((await readEverything(store, checkpoint)).events.map((e) => e.id)).toContain(passed.id);

        const own = await holdTransaction(db.url);
        const heldBack = event();
        await store.append(`s-${randomUUID()}`, 'counter', [heldBack], { expectedVersion: 'no-stream' });
        const whileOwnRuns = await readEverything(store, checkpoint);
        expect(whileOwnRuns.events.map((e) => e.id)).not.toContain(heldBack.id);
        await own.release();
        expect((await readEverything(store, whileOwnRuns.checkpoint)).events.map((e) => e.id)).toContain(heldBack.id);
        await foreign.release();
      } finally {
        await other.drop();
      }
    });

    it('never skips or repeats an event while writers commit out of order and another database holds a transaction open', async () => {
      const other = await createTestDatabase('es_other');
      const foreign = await holdTransaction(other.url);
      try {
        // The writers' events are all read while the foreign transaction still runs.
        const { written, seen } = await readWhileWritersCommitOutOfOrder();
        expect(written.filter((id) => seen.get(id) === 1)).toHaveLength(written.length);
        expect([...seen.values()].every((n) => n === 1)).toBe(true);
      } finally {
        await foreign.release();
        await other.drop();
      }
    });
  });

  it('an append announced while the subscription reads an empty page is read right after, not at the next poll', async () => {
    const notifier = new EventNotifier(pool);
    const woken = new EventStore(pool, { notifier });
    // Reads that come back empty but are held a moment: the append lands and is announced in between.
    let hold: Promise<void> | undefined;
    let reading = () => undefined as void;
    const slow = Object.create(woken) as EventStore;
    slow.readAll = async (...args: Parameters<EventStore['readAll']>) => {
      const page = await woken.readAll(...args);
      if (hold && page.events.length === 0) {
        reading();
        await hold;
      }
      return page;
    };
    const seen: string[] = [];
    const sub = new Subscription(slow, { name: `race-${randomUUID()}`, mode: 'at-least-once', handle: async (events) => void seen.push(...events.map((e) => e.id)) }, { pollMs: 60_000, exclusive: false });
    await sub.drain();
    sub.start();
    try {
      await new Promise((r) => setTimeout(r, 100));
      let release = () => undefined as void;
      hold = new Promise<void>((r) => (release = r));
      const inRead = new Promise<void>((r) => (reading = r));
      notifier.appended(); // a wake-up: the subscription reads, finds nothing, and is held
      await inRead;
      hold = undefined;
      const e = event();
      await woken.append(`s-${randomUUID()}`, 'counter', [e], { expectedVersion: 'no-stream' });
      release();
      expect(await seenWithin(seen, e.id)).toContain(e.id);
    } finally {
      await sub.stop();
      await notifier.close();
    }
  });

  it('wakes subscriptions when an append made in a caller\'s transaction commits, not before', async () => {
    const notifier = new EventNotifier(pool);
    const woken = new EventStore(pool, { notifier });
    const seen: string[] = [];
    // A poll far longer than the test: only a wake-up after the commit can deliver in time.
    const sub = new Subscription(woken, { name: `wake-${randomUUID()}`, mode: 'at-least-once', handle: async (events) => void seen.push(...events.map((e) => e.id)) }, { pollMs: 60_000, exclusive: false });
    await sub.drain();
    sub.start();
    try {
      const e = event();
      await woken.transaction(async (client) => {
        await woken.append(`s-${randomUUID()}`, 'counter', [e], { expectedVersion: 'no-stream', client });
        await new Promise((r) => setTimeout(r, 200)); // the subscription would read now and find nothing committed
      });
      expect(await seenWithin(seen, e.id)).toContain(e.id);
    } finally {
      await sub.stop();
      await notifier.close();
    }
  });

  it('an at-least-once subscription reads ahead while it handles a page: pages in order, a failed one again, the checkpoint only past handled pages', async () => {
    const own = new EventStore(pool);
    const name = `ahead-${randomUUID()}`;
    const sub0 = new Subscription(own, { name, mode: 'at-least-once', handle: async () => undefined }, { exclusive: false });
    await sub0.drain(); // starts this subscription after every event of the other tests
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const batch = Array.from({ length: 5 }, () => event());
      ids.push(...batch.map((e) => e.id));
      await own.append(`s-${randomUUID()}`, 'counter', batch, { expectedVersion: 'no-stream' });
    }
    const handled: string[] = [];
    const saved: Checkpoint[] = [];
    let reads = 0;
    let failOnce = true;
    let readsMeanwhile = -1;
    const counting = Object.create(own) as EventStore;
    counting.readAll = (...args: Parameters<EventStore['readAll']>) => {
      reads++;
      return own.readAll(...args);
    };
    let atGate: (() => number) | undefined; // the reads begun since the third page came to the gate
    let release = () => undefined as void;
    const gate = new Promise<void>((r) => (release = r));
    // A read may come back empty while the appends are not yet readable (an older transaction of this database still
    // runs, as on a busy machine): the poll reads again within a second rather than at a long poll.
    const sub = new Subscription(counting, {
      name, mode: 'at-least-once',
      handle: async (events) => {
        if (handled.length === 10 && failOnce) {
          const before = reads;
          atGate = () => reads - before;
          await gate; // the third page waits; the next read begins meanwhile
          readsMeanwhile = reads - before;
          failOnce = false;
          throw new Error('Kafka refused this page');
        }
        handled.push(...events.map((e) => e.id));
      },
    }, { batchSize: 5, pollMs: 1_000, exclusive: false, checkpointIntervalMs: 0, onProgress: (cp) => void saved.push(cp) });
    sub.start();
    try {
      const deadline = Date.now() + 20_000;
      while (!(atGate && atGate() >= 1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      release();
      // At least once: a checkpoint write still on its way when the page failed may hand a page over twice.
      expect([...new Set(await seenWithin(handled, ids[ids.length - 1]))]).toEqual(ids);
      expect(readsMeanwhile).toBe(1);
    } finally {
      await sub.stop();
    }
    const { rows } = await pool.query('SELECT global_position::text AS p FROM subscription_checkpoints WHERE name = $1', [name]);
    expect(rows[0].p).toBe(saved[saved.length - 1].globalPosition);
    expect(BigInt(rows[0].p)).toBe(BigInt((await own.readAll(START, 100_000)).checkpoint.globalPosition));
  });
});

/** What a subscription has seen once `id` is among it, or after 10 s. */
async function seenWithin(seen: string[], id: string): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  while (!seen.includes(id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return seen;
}

async function readEverything(store: EventStore, from: Checkpoint) {
  let checkpoint = from;
  const events = [];
  for (;;) {
    const page = await store.readAll(checkpoint, 1000);
    if (page.events.length === 0) return { events, checkpoint };
    events.push(...page.events);
    checkpoint = page.checkpoint;
  }
}

/**
 * Writers that take their transaction id early, hold it open for a random time and commit in shuffled order:
 * identity values are handed out before commit, so positions interleave with commit order.
 */
async function concurrentWriters(pool: Pool, store: EventStore, writers: number): Promise<string[]> {
  const ids: string[] = [];
  const delays = Array.from({ length: writers }, (_, i) => ((i * 37) % 11) * 15);
  await Promise.all(
    delays.map(async (delay, w) => {
      const client: PoolClient = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_current_xact_id()');
        const batch = Array.from({ length: w % 3 === 0 ? 100 : 1 }, () => event());
        await store.append(`w-${randomUUID()}`, 'writer', batch, { expectedVersion: 'no-stream', client });
        ids.push(...batch.map((e) => e.id));
        await new Promise((r) => setTimeout(r, delay));
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      for (let i = 0; i < 5; i++) {
        const e = event();
        await store.append(`w-${randomUUID()}`, 'writer', [e], { expectedVersion: 'no-stream' });
        ids.push(e.id);
      }
    }),
  );
  return ids;
}
