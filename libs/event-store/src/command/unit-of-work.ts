import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { conflict, notFound } from '@iop/decider';
import { AuditLog, type AuditEntry } from '@iop/platform';
import type { EventStore } from '../store/event-store';
import type { NewEvent, StoredEvent } from '../store/types';
import { type CommandContext, toEventMetadata } from '../nest/command-context';
import { deterministicId, type DomainEvent, foldStream, type StreamDecider, type StreamRef } from './streams';

/** A decider as the pipeline runs it: `decide(command, state)` besides the fold. */
export interface CommandDecider<Command, Event extends DomainEvent, State> extends StreamDecider<State, Event> {
  decide(command: Command, state: State): Event[];
}

/**
 * One command on one stream, as controllers and consumers declare it: the stream, its decider, the command (or, for
 * a decision made of several commands, a function of the state), and the context it runs in (tenant, actor, time,
 * and for a command caused by a consumed event that event's id: the event ids then derive from it).
 */
export interface Declaration<State = unknown, Event extends DomainEvent = DomainEvent, Command = unknown> {
  stream: StreamRef;
  decider: CommandDecider<Command, Event, State>;
  command: Command | ((state: State) => Event[]);
  ctx: CommandContext;
  /** The version the caller saw (HTTP If-Match): another version is a 409 `version-mismatch`, a missing stream a 404. */
  ifMatch?: number;
}

export interface Decision<State, Event> {
  state: State;
  events: Event[];
  /** The stream's version once the unit commits (its ETag). */
  version: number;
}

/** A stream as the unit holds it: read once, folded, with the events decided but not yet appended. */
interface StreamInUnit {
  type: string;
  tenantId: string;
  /** The version it had in the log when read, or after the unit's last flush. */
  base: number;
  /** The state folded so far: the stored events, and the decisions folded since. */
  folded: unknown;
  /** Decisions of this unit whose events are not folded yet, in order (see `foldUpTo`). */
  unfolded: Fold[];
  pending: NewEvent[];
  /** The ids of its stored events. */
  stored: ReadonlySet<string>;
}

/** A decision's events, with the fold that applies them and, once folded, the state they left. */
interface Fold {
  evolve: (state: unknown, event: DomainEvent) => unknown;
  events: readonly DomainEvent[];
  after?: { state: unknown };
}

/**
 * Folds a stream's unfolded decisions in order, up to `until` (all of them when not given), and returns the state
 * then. A decision's events are folded only when something reads a state after them (a later command on the stream,
 * a caller using `Decision.state`): most decisions end their unit unread (a consumer's declarations), and folding
 * them cost about as much as deciding (an enrollment's state builds its hundreds of bookings; docs/PERFORMANCE.md,
 * "Measurements behind the code").
 */
function foldUpTo(s: StreamInUnit, until?: Fold): unknown {
  while (s.unfolded.length) {
    const fold = s.unfolded.shift()!;
    s.folded = fold.events.reduce(fold.evolve, s.folded);
    fold.after = { state: s.folded };
    if (fold === until) break;
  }
  return s.folded;
}

/**
 * Sent with the COMMIT, an append travels as text (parameters escaped into the statement, see `writeAtCommit`): for
 * large events (an enrollment's candidate sessions) that escaping costs more CPU than the round trip it saves. Past
 * this much event data the unit appends on its own, before the COMMIT.
 */
const AT_COMMIT_MAX_CHARS = 16_384;

function small(events: readonly NewEvent[]): boolean {
  let chars = 0;
  for (const e of events) if ((chars += JSON.stringify(e.data).length) > AT_COMMIT_MAX_CHARS) return false;
  return true;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each declaration has its own state, event and command types
type AnyDeclaration = Declaration<any, any, any>;

/** The open unit of each transaction's client, for code that is handed the client only (a consumer's read-model store). */
const openUnits = new WeakMap<PoolClient, UnitOfWork>();

/**
 * A unit of work: load -> decide -> append for any number of streams in one transaction (the command pipeline's
 * single way to change streams; `Commands` opens it). Streams are read once per unit (all of a call's streams in one
 * query), folded and checked for the tenant; the decisions are kept and appended together, in one statement:
 * - with the COMMIT, when nothing later in the unit reads them back and they are small (the usual case: one round
 *   trip less);
 * - before any other statement the unit's transaction runs after a decision (a read of a read model the decision's
 *   inline projections change, a seat lock), so that statement sees them, exactly as if they had been appended at once.
 * Declarations given to `declare` wait the same way and are decided together (one read, one append for a batch of
 * consumed events). Event ids derive from the consumed event's id (`ctx.causationId`, or `ctx.idempotencyKey`):
 * deciding the same input again yields the same ids; without either they are random.
 */
export class UnitOfWork {
  private readonly streams = new Map<string, StreamInUnit>();
  /** Streams read ahead (`readWith`), not yet folded. */
  private readonly read = new Map<string, readonly StoredEvent[]>();
  private declared: AnyDeclaration[] = [];
  /** Event ids handed out per seed in this unit: the n-th event of a seed is `deterministicId(seed, n)`. */
  private readonly seeds = new Map<string, number>();
  private readonly query: PoolClient['query'];
  /** The client's own `query` property, if it had one (a pool's preparing client does), put back at the end. */
  private readonly ownQuery?: PropertyDescriptor;
  /** Set while the unit itself talks to the database: its own statements never flush. */
  private internal = 0;
  private closed = false;
  /** Work left for the unit's end by code that collects its writes over the unit (`beforeComplete`). */
  private readonly finishing: (() => Promise<void>)[] = [];

  constructor(
    private readonly store: EventStore,
    /** The unit's transaction. Any statement sent on it after a decision first appends what was decided. */
    readonly client: PoolClient,
  ) {
    // The client's own method, bound; the instance gets a flushing one for the unit's lifetime (see `close`). The
    // client stays the same object, so what is keyed by it (writes deferred to COMMIT, the store's wake-ups) still is.
    this.ownQuery = Object.getOwnPropertyDescriptor(client, 'query');
    this.query = client.query.bind(client) as PoolClient['query'];
    const flushing = (...args: unknown[]) => {
      if (this.internal > 0 || this.closed || (this.declared.length === 0 && !this.hasPending())) return (this.query as (...a: unknown[]) => unknown)(...args);
      return this.flush().then(() => (this.query as (...a: unknown[]) => unknown)(...args));
    };
    Object.assign(client, { query: flushing });
    openUnits.set(client, this);
  }

  /** The unit open on this client's transaction, if any. */
  static of(client: PoolClient): UnitOfWork | undefined {
    return openUnits.get(client);
  }

  /**
   * Work for the end of the unit, before its own decisions are appended: a read-model store that keeps a batch's
   * changes in memory writes them here, one statement for all of them instead of one per event. Not run when the
   * unit fails (its transaction rolls back).
   */
  beforeComplete(task: () => Promise<void>): void {
    this.assertOpen();
    this.finishing.push(task);
  }

  /** Load (or take from this unit), check tenant and If-Match, decide; appended with the unit (see the class). */
  async decide<State, Event extends DomainEvent, Command>(
    stream: StreamRef, decider: CommandDecider<Command, Event, State>, command: Command | ((state: State) => Event[]), ctx: CommandContext,
    options: { ifMatch?: number } = {},
  ): Promise<Decision<State, Event>> {
    const [decision] = await this.decideAll([{ stream, decider, command, ctx, ifMatch: options.ifMatch }]);
    return decision as Decision<State, Event>;
  }

  /**
   * Several declarations in order, with the effect of `decide` on each in turn, reading every stream the unit does
   * not hold yet in one query. Two on one stream decide in order, the second on the state the first left.
   */
  async decideAll(declarations: readonly AnyDeclaration[]): Promise<Decision<unknown, DomainEvent>[]> {
    this.assertOpen();
    const waiting = this.declared;
    this.declared = [];
    const all = [...waiting, ...declarations];
    const unread = [...new Set(all.map((d) => d.stream.id).filter((id) => !this.streams.has(id) && !this.read.has(id)))];
    const histories = unread.length ? await this.internally(() => this.store.readStreams(unread, { client: this.client })) : new Map<string, StoredEvent[]>();
    const decisions = all.map((d) => this.decideOne(d, histories.get(d.stream.id) ?? this.read.get(d.stream.id) ?? []));
    return decisions.slice(waiting.length);
  }

  /**
   * Reads streams the unit will decide on together with the rows of a read-model query the command needs besides
   * them (maybe locking them), in one statement (see `EventStore.readStreamsWith`): a command's context in one round
   * trip. The rows come as JSON objects.
   */
  async readWith<Row>(streams: readonly StreamRef[], query: { text: string; values: readonly unknown[] }): Promise<Row[]> {
    this.assertOpen();
    // The query may read what the unit decided so far.
    if (this.declared.length || this.hasPending()) await this.flush();
    const ids = streams.map((s) => s.id).filter((id) => !this.streams.has(id) && !this.read.has(id));
    const { rows, streams: read } = await this.internally(() => this.store.readStreamsWith(ids, query, { client: this.client }));
    for (const [id, events] of read) this.read.set(id, events);
    return rows as Row[];
  }

  /** Declarations decided later, together with the unit's others (a consumer's batch): one read, one append. */
  declare(declarations: readonly AnyDeclaration[]): void {
    this.assertOpen();
    this.declared.push(...declarations);
  }

  /** An audit row in the unit's transaction (written with its COMMIT, so only if the change commits). */
  async audit(entry: AuditEntry): Promise<void> {
    this.assertOpen();
    await this.internally(() => new AuditLog(this.store.pool).record(entry, this.client));
  }

  private decideOne(d: AnyDeclaration, history: readonly StoredEvent[]): Decision<unknown, DomainEvent> {
    const tenantId = d.ctx.tenantId;
    let s = this.streams.get(d.stream.id);
    if (!s) {
      const { state, version } = foldStream(d.stream, d.decider, history, tenantId);
      this.streams.set(d.stream.id, (s = { type: d.stream.type, tenantId, base: version, folded: state, unfolded: [], pending: [], stored: new Set(history.map((e) => e.id)) }));
    }
    // A stream new in this unit belongs to its first command's tenant: another tenant's command finds nothing.
    if (s.tenantId !== tenantId) throw notFound(`No ${d.stream.type} ${d.stream.id}.`);
    const version = s.base + s.pending.length;
    if (d.ifMatch !== undefined && d.ifMatch !== version) {
      // An ETag of a stream that is not there was never read from this service: the stream is what is missing.
      if (version === 0) throw notFound(`No ${d.stream.type} ${d.stream.id}.`);
      throw conflict(`The ${d.stream.type} is at version ${version}, not ${d.ifMatch} (If-Match): read it again before changing it.`, 'version-mismatch');
    }
    const state = foldUpTo(s);
    const decided: DomainEvent[] = typeof d.command === 'function' ? d.command(state) : d.decider.decide(d.command, state);
    const metadata = toEventMetadata(d.ctx);
    const seed = d.ctx.idempotencyKey ?? d.ctx.causationId;
    const events: DomainEvent[] = [];
    for (const e of decided) {
      const id = seed ? this.nextId(seed) : randomUUID();
      // The same input decided again (a timer's command run twice): its events are stored already, a no-op.
      if (s.stored.has(id)) continue;
      events.push(e);
      s.pending.push({ id, type: e.type, data: e.data, metadata });
    }
    if (events.length === 0) return { state, events, version: s.base + s.pending.length };
    const fold: Fold = { evolve: d.decider.evolve as Fold['evolve'], events };
    s.unfolded.push(fold);
    const stream = s;
    return {
      // The state after this decision's events (not after later ones on the same stream), folded when first read.
      get state() {
        return (fold.after ?? { state: foldUpTo(stream, fold) }).state;
      },
      events, version: s.base + s.pending.length,
    };
  }

  private nextId(seed: string): string {
    const n = this.seeds.get(seed) ?? 0;
    this.seeds.set(seed, n + 1);
    return deterministicId(seed, n);
  }

  private hasPending(): boolean {
    for (const s of this.streams.values()) if (s.pending.length) return true;
    return false;
  }

  /** Decides what was declared and appends what was decided, now (something in the unit is about to read). */
  private async flush(): Promise<void> {
    if (this.declared.length) await this.decideAll([]);
    await this.append(false);
  }

  /**
   * Ends the unit: the rest is decided and appended, with the COMMIT unless an inline projection of these events reads
   * in the transaction (it would read nothing there). Then the client gets its own `query` back.
   */
  async complete(): Promise<void> {
    try {
      for (const task of this.finishing) await task();
      if (this.declared.length) await this.decideAll([]);
      const pending = [...this.streams.values()].flatMap((s) => s.pending);
      await this.append(this.store.projectsWithoutReading(pending.map((e) => e.type)) && small(pending));
    } finally {
      this.close();
    }
  }

  /** Gives the client back its own `query` (on failure too: the client goes back to the pool). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (openUnits.get(this.client) === this) openUnits.delete(this.client);
    if (this.ownQuery) Object.defineProperty(this.client, 'query', this.ownQuery);
    else delete (this.client as unknown as Record<string, unknown>).query;
  }

  private async append(atCommit: boolean): Promise<void> {
    const appends = [...this.streams].filter(([, s]) => s.pending.length > 0)
      .map(([streamId, s]) => ({ streamId, streamType: s.type, events: s.pending, expectedVersion: s.base }));
    if (appends.length === 0) return;
    await this.internally(() => this.store.appendMany(appends, { client: this.client, atCommit }));
    for (const s of this.streams.values()) {
      s.base += s.pending.length;
      s.pending = [];
    }
  }

  private async internally<T>(fn: () => Promise<T>): Promise<T> {
    this.internal++;
    try {
      return await fn();
    } finally {
      this.internal--;
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('this unit of work has ended');
  }
}
