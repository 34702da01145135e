/**
 * The command pipeline against real PostgreSQL: load -> decide -> append in a unit of work, its retry on a version
 * conflict, If-Match, the tenant check, idempotent ids, several streams and declarations in one read and one append,
 * and decisions appended with the COMMIT unless something later in the unit reads.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '@iop/testing';
import { createPool, runMigrations, withTenant } from '@iop/platform';
import { EVENT_STORE_MIGRATIONS } from '../store/event-store.migrations';
import { EventStore } from '../store/event-store';
import type { CommandContext } from '../nest/command-context';
import { Commands } from './commands';
import { deterministicId, loadStream } from './streams';
import { type Declaration, UnitOfWork } from './unit-of-work';

type Ev = { type: 'Counted'; data: { n: number } };
type Add = { type: 'Add'; n: number };
/** Adds n to the count, and decides nothing from 100 on. */
const counter = {
  initialState: () => 0,
  evolve: (s: number, e: Ev) => s + e.data.n,
  decide: (c: Add, s: number): Ev[] => (s >= 100 ? [] : [{ type: 'Counted', data: { n: s + c.n } }]),
};
const ctx = (over: Partial<CommandContext> = {}): CommandContext => ({
  now: '2026-01-05T09:00:00.000Z', tenantId: 'tenant-a', actor: { subject: 'tester', roles: [] }, correlationId: 'c-1', ...over,
});
const stream = (id = `s-${randomUUID()}`) => ({ id, type: 'counter' });
const add = (n: number): Add => ({ type: 'Add', n });
const counted = (n: number) => ({ id: randomUUID(), type: 'Counted', data: { n }, metadata: { tenantId: 'tenant-a', actor: { subject: 'rival' }, correlationId: 'r' } });

describe('Commands (the command pipeline)', () => {
  let db: TestDatabase;
  let pool: Pool;
  let store: EventStore;
  let commands: Commands;

  beforeAll(async () => {
    db = await createTestDatabase('cmd');
    await runMigrations(db.url, EVENT_STORE_MIGRATIONS);
    pool = new Pool({ connectionString: db.url, max: 10 });
    pool.on('error', () => undefined);
    store = new EventStore(pool);
    commands = new Commands(store);
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  /** A store whose stream reads are followed, `times` times, by a rival's append to `id` (between read and COMMIT). */
  function racing(id: string, times: number, n = 10): EventStore {
    let left = times;
    const rival = Object.create(store) as EventStore;
    rival.readStreams = async (...args: Parameters<EventStore['readStreams']>) => {
      const read = await store.readStreams(...args);
      if (left-- > 0) await store.append(id, 'counter', [counted(n)], { expectedVersion: 'any' });
      return read;
    };
    return rival;
  }

  it('loads, decides and appends; re-decides on fresh state when the stream moved meanwhile', async () => {
    const s = stream();
    const states: number[] = [];
    const decide = (state: number): Ev[] => {
      states.push(state);
      return [{ type: 'Counted', data: { n: state + 1 } }];
    };
    const result = await new Commands(racing(s.id, 1)).handle(ctx(), s, counter, decide);
    expect(states).toEqual([0, 10]);
    expect(result).toMatchObject({ state: 21, version: 2 });
    expect((await store.readStream(s.id)).map((e) => (e.data as { n: number }).n)).toEqual([10, 11]);
  });

  it('gives up with a ConcurrencyError when the stream keeps moving', async () => {
    const s = stream();
    await expect(new Commands(racing(s.id, 10)).handle(ctx(), s, counter, add(1))).rejects.toMatchObject({ name: 'ConcurrencyError' });
  });

  it('with If-Match refuses a stream at another version (409 version-mismatch), never deciding on the newer state; a missing stream is a 404', async () => {
    const s = stream();
    await commands.handle(ctx(), s, counter, add(1));
    const decided: number[] = [];
    const decide = (state: number): Ev[] => {
      decided.push(state);
      return [{ type: 'Counted', data: { n: 1 } }];
    };
    await expect(commands.handle(ctx(), s, counter, decide, { ifMatch: 2 })).rejects.toMatchObject({ kind: 'conflict', code: 'version-mismatch' });
    // Seen at 1, moved to 2 by a rival between the read and the COMMIT: the second run finds 2, not what was seen.
    await expect(new Commands(racing(s.id, 1)).handle(ctx(), s, counter, decide, { ifMatch: 1 })).rejects.toMatchObject({ code: 'version-mismatch' });
    expect(decided).toEqual([1]);
    expect(await store.readStream(s.id)).toHaveLength(2);
    expect((await commands.handle(ctx(), s, counter, decide, { ifMatch: 2 })).version).toBe(3);
    await expect(commands.handle(ctx(), stream(), counter, decide, { ifMatch: 1 })).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('a stream of another tenant does not exist for the caller, in commands and in reads', async () => {
    const s = stream();
    await commands.handle(ctx(), s, counter, add(1));
    await expect(commands.handle(ctx({ tenantId: 'tenant-b' }), s, counter, add(1))).rejects.toMatchObject({ kind: 'not-found' });
    await expect(loadStream(store, s, counter, 'tenant-b')).rejects.toMatchObject({ kind: 'not-found' });
    expect(await loadStream(store, s, counter, 'tenant-a')).toEqual({ state: 1, version: 1 });
    // A stream new in one unit belongs to its first command's tenant.
    const fresh = stream();
    await expect(withTenant(pool, 'tenant-a', (client) => commands.within(client, (uow) =>
      uow.decideAll([{ stream: fresh, decider: counter, command: add(1), ctx: ctx() }, { stream: fresh, decider: counter, command: add(1), ctx: ctx({ tenantId: 'tenant-b' }) }]),
    ))).rejects.toMatchObject({ kind: 'not-found' });
    expect(await store.readStream(fresh.id)).toEqual([]);
  });

  it('ids derive from the consumed event (causationId) or an idempotency key: the same input twice appends once', async () => {
    const s = stream();
    const cause = randomUUID();
    const always = (): Ev[] => [{ type: 'Counted', data: { n: 1 } }];
    await commands.handle(ctx({ causationId: cause }), s, counter, always);
    const again = await commands.handle(ctx({ causationId: cause }), s, counter, always);
    expect(again).toMatchObject({ events: [], version: 1 });
    expect((await store.readStream(s.id)).map((e) => e.id)).toEqual([deterministicId(cause, 0)]);
    const t = stream();
    await commands.handle(ctx({ idempotencyKey: 'lost:1' }), t, counter, always);
    await commands.handle(ctx({ idempotencyKey: 'lost:1' }), t, counter, always);
    expect(await store.readStream(t.id)).toHaveLength(1);
  });

  it('declarations decided together leave the streams as one command after another would, with the same ids, in one read and one append', async () => {
    const ids = [stream(), stream()];
    const twin = ids.map((s) => stream(`${s.id}-twin`));
    for (const s of [ids[0], twin[0]]) await store.append(s.id, 'counter', [counted(5)], { expectedVersion: 'no-stream' });
    const seeds = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    // Two on one stream: the second decides on what the first left. One decides nothing (state >= 100).
    const plan = (s: typeof ids, seed: (i: number) => string): Declaration<number, Ev, Add>[] => [[0, 1], [1, 100], [0, 2], [1, 1]]
      .map(([k, n], i) => ({ stream: s[k], decider: counter, command: add(n), ctx: ctx({ causationId: seed(i) }) }));
    const statements: string[] = [];
    await withTenant(pool, 'tenant-a', (client) => commands.within(client, async (uow) => {
      const query = client.query.bind(client);
      client.query = ((...args: Parameters<typeof query>) => {
        statements.push(String((args[0] as { name?: string }).name ?? args[0]));
        return query(...args);
      }) as typeof client.query;
      uow.declare(plan(ids, (i) => seeds[i]));
    }));
    expect(statements).toEqual(['es_read_streams_2']); // the append went with the COMMIT
    for (const d of plan(twin, () => randomUUID())) await commands.handle(d.ctx, d.stream, counter, d.command as Add);
    for (const [i, s] of ids.entries()) {
      expect((await store.readStream(s.id)).map((e) => [e.streamVersion, e.data])).toEqual((await store.readStream(twin[i].id)).map((e) => [e.streamVersion, e.data]));
    }
    expect((await store.readStream(ids[0].id)).map((e) => (e.data as { n: number }).n)).toEqual([5, 6, 13]);
    expect((await store.readStream(ids[0].id)).slice(1).map((e) => e.id)).toEqual([seeds[0], seeds[2]].map((seed) => deterministicId(seed, 0)));
  });

  it('folds a decision\'s events only when a state after them is read: each decision answers the state it left', async () => {
    const s = stream();
    const folds: number[] = [];
    const watched = { ...counter, evolve: (st: number, e: Ev) => (folds.push(e.data.n), counter.evolve(st, e)) };
    await withTenant(pool, 'tenant-a', (client) => commands.within(client, async (uow) => {
      const first = await uow.decide(s, watched, add(1), ctx());
      expect(folds).toEqual([]); // decided, not folded
      const second = await uow.decide(s, watched, add(2), ctx()); // decides on the first's state: folds it
      expect(folds).toEqual([1]);
      expect(first.state).toBe(1);
      expect(second.state).toBe(4); // 1 + (1 + 2)
      expect(first.state).toBe(1); // still the state the first left
      expect(folds).toEqual([1, 3]);
      const unread = await uow.decide(s, watched, add(10), ctx());
      expect(unread.version).toBe(3);
    }));
    // The decision nobody read was appended all the same, and never folded in the unit.
    expect(folds).toEqual([1, 3]);
    expect((await store.readStream(s.id)).map((e) => (e.data as { n: number }).n)).toEqual([1, 3, 14]);
  });

  it('reads a unit\'s streams in the same statement as a read-model query\'s rows (once), and decides on them without reading again', async () => {
    await pool.query('CREATE TABLE IF NOT EXISTS places (id int PRIMARY KEY, name text)');
    await pool.query("INSERT INTO places VALUES (1, 'north'), (2, 'south') ON CONFLICT DO NOTHING");
    const [held, fresh] = [stream(), stream()];
    await commands.handle(ctx(), held, counter, add(1));
    const statements: string[] = [];
    const streamIdsRead: string[][] = [];
    const rows = await commands.run(ctx(), async (uow) => {
      const query = uow.client.query.bind(uow.client);
      uow.client.query = ((...args: Parameters<typeof query>) => {
        statements.push(typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text);
        // readWith's parameters are the query's own (one here), then the stream ids it reads (padded with NULLs).
        if (typeof args[0] !== 'string') streamIdsRead.push((args[0] as { values: unknown[] }).values.slice(1).filter((v) => v !== null) as string[]);
        return query(...args);
      }) as typeof query;
      const read = await uow.readWith<{ id: number; name: string }>([held, fresh], { text: 'SELECT id, name FROM places WHERE id >= $1 ORDER BY id FOR UPDATE', values: [1] });
      // Streams read already are not read again with a later query.
      const again = await uow.readWith<{ id: number }>([held, fresh], { text: 'SELECT id FROM places WHERE id = $1', values: [2] });
      await uow.decideAll([{ stream: held, decider: counter, command: add(1), ctx: ctx() }, { stream: fresh, decider: counter, command: add(5), ctx: ctx() }]);
      return [read, again];
    });
    expect(rows).toEqual([[{ id: 1, name: 'north' }, { id: 2, name: 'south' }], [{ id: 2 }]]);
    expect(statements).toHaveLength(2);
    expect(streamIdsRead).toEqual([[held.id, fresh.id], []]);
    expect(await loadStream(store, held, counter, 'tenant-a')).toEqual({ state: 3, version: 2 });
    expect(await loadStream(store, fresh, counter, 'tenant-a')).toEqual({ state: 5, version: 1 });
  });

  it('reads streams (with a query\'s rows or alone) in statements PostgreSQL plans once per connection, not at every call', async () => {
    await pool.query('CREATE TABLE IF NOT EXISTS places (id int PRIMARY KEY, name text)');
    // The services' pools prepare every statement; a statement's plans are counted per connection, so one connection.
    const preparing = createPool(db.url, 1);
    const own = new EventStore(preparing);
    const ownCommands = new Commands(own);
    try {
      const [a, b] = [stream(), stream()];
      for (let i = 0; i < 24; i++) {
        await ownCommands.run(ctx(), (uow) => uow.readWith([a, b], { text: 'SELECT id, name FROM places WHERE id = $1', values: [1 + (i % 2)] }));
        // One, two and three streams (three go as four, padded), eight times each.
        await own.readStreams([a.id, b.id, stream().id].slice(0, 1 + (i % 3)));
      }
      const { rows } = await preparing.query<{ statement: string; generic_plans: string; custom_plans: string }>(
        "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%FROM unnest(%'");
      expect(rows.length).toBeGreaterThanOrEqual(2); // readWith's, and readStreams' (one statement per length of the ARRAY)
      for (const r of rows) {
        // Five custom plans to compare with, then the generic plan for good: planning every call cost more than the read.
        expect(Number(r.custom_plans)).toBeLessThanOrEqual(5);
        expect(Number(r.generic_plans)).toBeGreaterThan(0);
      }
    } finally {
      await preparing.end();
    }
  });

  it('reads a long list of streams (past 1,024, one array parameter) as it reads a short one', async () => {
    const held = stream();
    await commands.handle(ctx(), held, counter, add(2));
    const ids = [...Array.from({ length: 1_500 }, () => stream().id), held.id];
    const read = await store.readStreams(ids);
    expect(read.size).toBe(1_501);
    expect(read.get(held.id)!.map((e) => e.data)).toEqual([{ n: 2 }]);
    expect([...read.values()].filter((events) => events.length > 0)).toHaveLength(1);
  });

  it('appends with the COMMIT, unless the unit reads after deciding: then first, so the read sees it', async () => {
    const s = stream();
    const seen = await commands.run(ctx(), async (uow) => {
      await uow.decide(s, counter, add(1), ctx());
      // A read of the log in the unit (a read model an inline projection keeps would be the same): the decision is there.
      const { rows } = await uow.client.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [s.id]);
      await uow.decide(s, counter, add(1), ctx());
      return rows[0].n;
    });
    expect(seen).toBe(1);
    expect((await store.readStream(s.id)).map((e) => e.streamVersion)).toEqual([1, 2]);
  });

  it('an inline projection that reads what it wrote keeps the append out of the COMMIT; a failing unit appends nothing', async () => {
    await pool.query('CREATE TABLE IF NOT EXISTS chain (stream_id text, link int, PRIMARY KEY (stream_id, link))');
    const chained = new EventStore(pool, { inlineProjections: [{ name: 'chain', handles: ['Counted'], readsBack: true, apply: async (client, events) => {
      for (const e of events) {
        const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM chain WHERE stream_id = $1', [e.streamId]);
        await client.query('INSERT INTO chain (stream_id, link) VALUES ($1, $2)', [e.streamId, rows[0].n + 1]);
      }
    } }] });
    const s = stream();
    await new Commands(chained).run(ctx(), async (uow) => {
      await uow.decideAll([{ stream: s, decider: counter, command: add(1), ctx: ctx() }, { stream: s, decider: counter, command: add(1), ctx: ctx() }]);
    });
    await new Commands(chained).handle(ctx(), s, counter, add(1));
    expect((await pool.query('SELECT link FROM chain WHERE stream_id = $1 ORDER BY link', [s.id])).rows.map((r) => r.link)).toEqual([1, 2, 3]);
    const failing = stream();
    await expect(commands.run(ctx(), async (uow) => {
      await uow.decide(failing, counter, add(1), ctx());
      throw new Error('refused after deciding');
    })).rejects.toThrow('refused after deciding');
    expect(await store.readStream(failing.id)).toEqual([]);
  });

  it('gives the client its own query back when the unit ends', async () => {
    const client = await pool.connect();
    try {
      const own = client.query;
      const uow = new UnitOfWork(store, client);
      expect(client.query).not.toBe(own);
      uow.close();
      expect(client.query).toBe(own);
    } finally {
      client.release();
    }
  });
});
