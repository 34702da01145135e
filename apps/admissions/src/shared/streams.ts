import type { Decider } from '@iop/decider';
import type { PoolClient } from 'pg';
import {
  type CommandContext, decideOn, type DomainEvent, type EventStore, handle, type HandleOptions, type HandleResult, type StreamAppend, toEventMetadata,
} from '@iop/event-store';

/** Stream ids and types of admissions' aggregates. */
export const streams = {
  patient: (id: string) => ({ id: `patient-${id}`, type: 'patient' }),
  referral: (id: string) => ({ id: `referral-${id}`, type: 'referral' }),
  episode: (id: string) => ({ id: `episode-${id}`, type: 'episode' }),
  consent: (id: string) => ({ id: `consent-${id}`, type: 'consent' }),
};

/** Load, decide, append: one command on one stream (in the caller's transaction when `options.client` is given). */
export function execute<C, E extends DomainEvent, S>(
  store: EventStore, stream: { id: string; type: string }, decider: Decider<C, E, S>, command: C, ctx: CommandContext,
  options: HandleOptions = {},
): Promise<HandleResult<S, E>> {
  return handle(store, stream, decider, (state) => decider.decide(command, state), toEventMetadata(ctx), options);
}

/** Load and decide without appending: the caller appends several streams' decisions together (`appendMany`). */
export function decideCommand<C, E extends DomainEvent, S>(
  store: EventStore, stream: { id: string; type: string }, decider: Decider<C, E, S>, command: C, ctx: CommandContext,
  options: HandleOptions & { client: PoolClient },
): Promise<{ state: S; events: E[]; append: StreamAppend }> {
  return decideOn(store, stream, decider, (state) => decider.decide(command, state), toEventMetadata(ctx), options);
}
