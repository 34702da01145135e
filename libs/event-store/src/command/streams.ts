import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { notFound } from '@iop/decider';
import type { EventStore } from '../store/event-store';
import type { StoredEvent } from '../store/types';

/** A domain event as deciders produce it: a past-tense `type` and its facts. */
export interface DomainEvent {
  type: string;
  data: object;
}

/** A stream's id and type (`episode-<id>`, `episode`). */
export interface StreamRef {
  id: string;
  type: string;
}

/** What folding a stream needs of a decider. */
export interface StreamDecider<State, Event extends DomainEvent> {
  initialState(): State;
  evolve(state: State, event: Event): State;
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
 * The one tenant check of a stream: it belongs to the tenant of its first event, and another tenant's stream does
 * not exist for this caller ("not found", never "forbidden": its existence is not revealed). Returns the state and
 * the version (0: no such stream).
 */
export function foldStream<State, Event extends DomainEvent>(
  stream: StreamRef, decider: StreamDecider<State, Event>, history: readonly StoredEvent[], tenantId: string,
): { state: State; version: number } {
  if (history.length && history[0].metadata.tenantId !== tenantId) throw notFound(`No ${stream.type} ${stream.id}.`);
  return {
    state: history.map((e) => toDomain<Event>(e)).reduce(decider.evolve, decider.initialState()),
    version: history.length ? history[history.length - 1].streamVersion : 0,
  };
}

/** A stream's state and version for a read path (the command pipeline loads the same way, with the same check). */
export async function loadStream<State, Event extends DomainEvent>(
  store: EventStore, stream: StreamRef, decider: StreamDecider<State, Event>, tenantId: string, client?: PoolClient,
): Promise<{ state: State; version: number }> {
  return foldStream(stream, decider, await store.readStream(stream.id, { client }), tenantId);
}
