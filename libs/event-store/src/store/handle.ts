import { createHash, randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { EventStore, StreamAppend } from './event-store';
import { conflict, notFound } from '@iop/decider';
import { ConcurrencyError, type EventMetadata, type NewEvent, type StoredEvent } from './types';

/** A domain event as deciders produce it: a past-tense `type` and its facts. */
export interface DomainEvent {
  type: string;
  data: object;
}

export interface StreamDecider<State, Event extends DomainEvent> {
  initialState(): State;
  evolve(state: State, event: Event): State;
}

export interface HandleOptions {
  /** The stream's events, read already (together with something else): not read again. */
  history?: readonly StoredEvent[];
  /** Join the caller's transaction (a consumer's inbox write). No retry then: the caller's transaction is spoiled. */
  client?: PoolClient;
  /**
   * Derive event ids from this seed (a consumed event's id) so that handling the same input twice yields the same
   * ids, which the store then ignores. Without it, ids are random.
   */
  idSeed?: string;
  /**
   * The stream is known to be new (its id was just made up, e.g. a random episode id): decide on the initial state
   * and append with `no-stream`, without reading it first. Were it there after all, the append is refused.
   */
  isNew?: boolean;
  /**
   * The version the caller saw (an HTTP `If-Match`): a stream at another version refuses with a 409
   * (`version-mismatch`), never decided again on the newer state the caller has not seen.
   */
  expectedVersion?: number;
}

export interface HandleResult<State, Event> {
  state: State;
  events: Event[];
  nextVersion: number;
}

/** A stable UUID (v5 layout) from a seed: the same seed and index always give the same id. */
export function deterministicId(seed: string, index = 0): string {
  const h = createHash('sha1').update(`${seed}:${index}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const toDomain = <Event extends DomainEvent>(e: StoredEvent): Event => ({ type: e.type, data: e.data }) as Event;

/**
 * Load a stream, fold it into state, decide, append with the version read. A version conflict means someone else
 * appended meanwhile: the decision is re-made once on fresh state (deciders are pure, so this is safe).
 */
export async function handle<State, Event extends DomainEvent>(
  store: EventStore,
  stream: { id: string; type: string },
  decider: StreamDecider<State, Event>,
  decide: (state: State) => Event[],
  metadata: EventMetadata,
  options: HandleOptions = {},
): Promise<HandleResult<State, Event>> {
  for (let attempt = 1; ; attempt++) {
    const { state, events, append } = await decideOn(store, stream, decider, decide, metadata, attempt === 1 ? options : { ...options, history: undefined });
    const version = append.expectedVersion === 'no-stream' ? 0 : append.expectedVersion;
    if (events.length === 0) return { state, events, nextVersion: version };
    try {
      const { nextVersion } = await store.append(stream.id, stream.type, append.events, { expectedVersion: append.expectedVersion, client: options.client });
      return { state, events, nextVersion };
    } catch (err) {
      if (!(err instanceof ConcurrencyError) || attempt >= 2 || options.client || options.isNew) throw err;
    }
  }
}

/** A stream's state and version from its history; a stream of another tenant does not exist for this caller. */
function fold<State, Event extends DomainEvent>(
  stream: { id: string; type: string }, decider: StreamDecider<State, Event>, history: readonly StoredEvent[], tenantId: string,
): { state: State; version: number } {
  if (history.length && history[0].metadata.tenantId !== tenantId) throw notFound(`No ${stream.type} ${stream.id}.`);
  return {
    state: history.map((e) => toDomain<Event>(e)).reduce(decider.evolve, decider.initialState()),
    version: history.length ? history[history.length - 1].streamVersion : 0,
  };
}

/** A decision's events as the store takes them: ids from the seed (a consumed event's id), else random. */
const newEvents = (events: readonly DomainEvent[], metadata: EventMetadata, idSeed?: string): NewEvent[] =>
  events.map((e, i) => ({ id: idSeed ? deterministicId(idSeed, i) : randomUUID(), type: e.type, data: e.data, metadata }));

/**
 * `handle` up to the append: the stream read (or known new) and folded, the decision made, its events given ids. The
 * caller appends the result, with others, in one `appendMany` (two aggregates changed by one command).
 */
export async function decideOn<State, Event extends DomainEvent>(
  store: EventStore, stream: { id: string; type: string }, decider: StreamDecider<State, Event>, decide: (state: State) => Event[],
  metadata: EventMetadata, options: HandleOptions = {},
): Promise<{ state: State; events: Event[]; append: StreamAppend }> {
  const history = options.isNew ? [] : options.history ?? (await store.readStream(stream.id, { client: options.client }));
  const { state: before, version } = fold(stream, decider, history, metadata.tenantId);
  if (options.expectedVersion !== undefined && options.expectedVersion !== version) {
    // An ETag of a stream that is not there was never read from this service: the stream is what is missing.
    if (version === 0) throw notFound(`No ${stream.type} ${stream.id}.`);
    throw conflict(`The ${stream.type} is at version ${version}, not ${options.expectedVersion} (If-Match): read it again before changing it.`, 'version-mismatch');
  }
  const events = decide(before);
  const toAppend = newEvents(events, metadata, options.idSeed);
  return {
    state: events.reduce(decider.evolve, before),
    events,
    append: { streamId: stream.id, streamType: stream.type, events: toAppend, expectedVersion: options.isNew ? 'no-stream' : version },
  };
}

/** One decision on one stream, as `handle` takes it; ids derive from `idSeed` (a consumed event's id). */
export interface StreamCommand<State = unknown, Event extends DomainEvent = DomainEvent> {
  stream: { id: string; type: string };
  decider: StreamDecider<State, Event>;
  decide: (state: State) => Event[];
  metadata: EventMetadata;
  idSeed: string;
}

/** One command through `handle`, in the caller's transaction (the road a batch's event takes alone). */
export function handleCommand<State, Event extends DomainEvent>(store: EventStore, command: StreamCommand<State, Event>, client: PoolClient): Promise<HandleResult<State, Event>> {
  return handle(store, command.stream, command.decider, command.decide, command.metadata, { client, idSeed: command.idSeed });
}

/**
 * Many commands with the effect of `handleCommand` on each in turn, in two statements: one read of all their
 * streams and one append (`appendMany`). Two commands on one stream decide in order, the second on the state the
 * first left. A stream changed meanwhile is a ConcurrencyError and nothing is appended; a stream of another tenant
 * is not found, as in `handle`. `atCommit`: the append and its projections' writes go with the COMMIT (a stream
 * changed meanwhile then fails the COMMIT, with the same ConcurrencyError).
 */
export async function handleMany( // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command has its own state and event types
  store: EventStore, commands: readonly StreamCommand<any, any>[], client: PoolClient, options: { atCommit?: boolean } = {},
): Promise<void> {
  const histories = await store.readStreams(commands.map((c) => c.stream.id), { client });
  const streams = new Map<string, { type: string; tenantId: string; version: number; state: unknown; events: NewEvent[] }>();
  for (const command of commands) {
    let s = streams.get(command.stream.id);
    if (!s) {
      const { state, version } = fold(command.stream, command.decider, histories.get(command.stream.id) ?? [], command.metadata.tenantId);
      streams.set(command.stream.id, (s = { type: command.stream.type, tenantId: command.metadata.tenantId, version, state, events: [] }));
    }
    // A new stream belongs to the first command's tenant: another tenant's command on it finds nothing, as in `handle`.
    if (s.tenantId !== command.metadata.tenantId) throw notFound(`No ${command.stream.type} ${command.stream.id}.`);
    const events = command.decide(s.state);
    s.state = events.reduce(command.decider.evolve, s.state);
    s.events.push(...newEvents(events, command.metadata, command.idSeed));
  }
  await store.appendMany(
    [...streams].filter(([, s]) => s.events.length > 0).map(([streamId, s]) => ({ streamId, streamType: s.type, events: s.events, expectedVersion: s.version })),
    { client, atCommit: options.atCommit },
  );
}
