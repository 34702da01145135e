import type { PoolClient } from 'pg';
import type { PublicEvent } from '@iop/domain-events';
import type { EventStore } from '../store/event-store';
import { handleCommand, handleMany, type StreamCommand } from '../store/handle';
import type { ConsumerDefinition, EventHandler } from './inbox-consumer';

/**
 * Applies consecutive events of a batch set-based, with the effect of their handlers one after another. `last`: the
 * run ends the batch, so nothing in the transaction reads what it writes, and its writes may go with the COMMIT.
 */
export type RunApplier = (events: PublicEvent[], client: PoolClient, run: { last: boolean }) => Promise<void>;

/**
 * A consumer's `applyBatch` from set-based appliers by event type: consecutive events whose types share an applier
 * go to it together; every other event goes through its own handler, in its place (order is kept throughout).
 */
export function applyInRuns(runs: Record<string, RunApplier>, handlers: Record<string, EventHandler>): NonNullable<ConsumerDefinition['applyBatch']> {
  return async (events, client) => {
    let run: PublicEvent[] = [];
    const flush = async (last = false) => {
      if (run.length) await runs[run[0].type](run, client, { last });
      run = [];
    };
    for (const event of events) {
      const applier: RunApplier | undefined = runs[event.type];
      if (applier !== undefined && (run.length === 0 || runs[run[0].type] === applier)) {
        run.push(event);
        continue;
      }
      await flush();
      if (applier !== undefined) run.push(event);
      else await handlers[event.type](event, client);
    }
    await flush(true);
  };
}

/**
 * Event types whose whole effect is one decider command on one stream: as handlers (`handle`, one event alone) and
 * as one run applier for all of them (`handleMany`: one read and one append for a run of any length).
 */
export function streamCommands(
  store: EventStore, commands: Record<string, (event: PublicEvent) => StreamCommand<any, any>>, // eslint-disable-line @typescript-eslint/no-explicit-any -- each command has its own types
): { handlers: Record<string, EventHandler>; runs: Record<string, RunApplier> } {
  // A run that ends its batch is appended with the COMMIT: nothing after it in the transaction reads it back.
  const run: RunApplier = (events, client, { last }) => handleMany(store, events.map((e) => commands[e.type](e)), client, { atCommit: last });
  return {
    handlers: Object.fromEntries(Object.entries(commands).map(([type, commandFor]) => [type, async (event, client) => {
      await handleCommand(store, commandFor(event), client);
    }])),
    runs: Object.fromEntries(Object.keys(commands).map((type) => [type, run])),
  };
}
