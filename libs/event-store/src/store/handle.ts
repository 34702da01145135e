import { createHash, randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { EventStore } from './event-store';
import { notFound } from '@iop/decider';
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
    const history = options.isNew ? [] : await store.readStream(stream.id, { client: options.client });
    // A stream belongs to the tenant of its first event: another tenant's stream does not exist for this caller.
    if (history.length && history[0].metadata.tenantId !== metadata.tenantId) throw notFound(`No ${stream.type} ${stream.id}.`);
    const state = history.map((e) => toDomain<Event>(e)).reduce(decider.evolve, decider.initialState());
    const version = history.length ? history[history.length - 1].streamVersion : 0;
    const events = decide(state);
    if (events.length === 0) return { state, events, nextVersion: version };
    const toAppend: NewEvent[] = events.map((e, i) => ({
      id: options.idSeed ? deterministicId(options.idSeed, i) : randomUUID(),
      type: e.type,
      data: e.data,
      metadata,
    }));
    try {
      const expectedVersion = options.isNew ? 'no-stream' as const : version;
      const { nextVersion } = await store.append(stream.id, stream.type, toAppend, { expectedVersion, client: options.client });
      return { state: events.reduce(decider.evolve, state), events, nextVersion };
    } catch (err) {
      if (!(err instanceof ConcurrencyError) || attempt >= 2 || options.client || options.isNew) throw err;
    }
  }
}
