import { Inject, Injectable, Optional } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { claimKey, idempotentRequest, withTenant } from '@iop/platform';
import { EventStore } from '../store/event-store';
import type { CommandContext } from '../nest/command-context';
import type { AuditEntry } from '@iop/platform';
import type { DomainEvent, StreamRef } from './streams';
import { type CommandDecider, type Decision, UnitOfWork } from './unit-of-work';

export const COMMAND_ERRORS = Symbol('COMMAND_ERRORS');

/** Maps a database refusal only the database can see (an exclusion constraint) to the problem a client can act on. */
export type CommandErrorMapper = (err: unknown) => unknown;

/**
 * The command pipeline: the one way to change streams. A unit of work runs in a transaction with the caller's tenant
 * set (row-level security), loads, decides and appends (see `UnitOfWork`), writes its audit row in the same
 * transaction, and commits. A stream changed by another writer meanwhile (ConcurrencyError) runs the unit again on
 * fresh state: deciders are pure, and with an If-Match the second run answers 409 `version-mismatch`.
 */
@Injectable()
export class Commands {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Optional() @Inject(COMMAND_ERRORS) private readonly mapError: CommandErrorMapper = (err) => err,
  ) {}

  /**
   * A unit of work in its own tenant transaction; `fn` may run again (a conflict), so it does nothing else that cannot.
   * In a request with an Idempotency-Key, the first unit of the request claims the key in its own transaction (a key
   * used already: IdempotentReplay, and nothing runs).
   */
  async run<T>(ctx: Pick<CommandContext, 'tenantId'>, fn: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    const idempotent = idempotentRequest.getStore();
    const owns = idempotent !== undefined && !idempotent.claimed && idempotent.tenantId === ctx.tenantId;
    try {
      return await withTenant(this.store.pool, ctx.tenantId, async (client) => {
        if (owns) await claimKey(client, idempotent);
        return this.within(client, fn);
      });
    } catch (err) {
      if (owns) idempotent.claimed = false;
      throw this.mapError(err);
    }
  }

  /** One command on one stream, with its audit row when given. */
  handle<State, Event extends DomainEvent, Command>(
    ctx: CommandContext, stream: StreamRef, decider: CommandDecider<Command, Event, State>, command: Command | ((state: State) => Event[]),
    options: { ifMatch?: number; audit?: (decision: Decision<State, Event>) => AuditEntry } = {},
  ): Promise<Decision<State, Event>> {
    return this.run(ctx, async (uow) => {
      const decision = await uow.decide(stream, decider, command, ctx, { ifMatch: options.ifMatch });
      if (options.audit) await uow.audit(options.audit(decision));
      return decision;
    });
  }

  /**
   * A unit of work in a transaction the caller owns (a consumer's inbox transaction): no retry here, the caller's
   * transaction is spoiled by a failure and the caller runs it again. The decisions are appended before this returns
   * (with the caller's COMMIT when nothing reads them back).
   */
  async within<T>(client: PoolClient, fn: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    const uow = new UnitOfWork(this.store, client);
    try {
      const result = await fn(uow);
      await uow.complete();
      return result;
    } finally {
      uow.close();
    }
  }
}
