import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { PG_POOL } from '@iop/platform';

/** NOTIFY channel for the rare manual wake-ups (resend, replay, resume) that other replicas should hear at once. */
export const DUE_CHANNEL = 'webhooks_due';

/**
 * Wakes the dispatcher when a transaction that created deliveries has committed. The inbox consumer commits and
 * then releases its client, so the pool's release event is the moment the rows become visible. (A NOTIFY in that
 * transaction would do the same across processes, but PostgreSQL holds one global lock from a notifying commit
 * until its WAL flush, which serialised every inbox commit; other replicas find the rows by polling instead.)
 */
@Injectable()
export class DueSignal {
  private readonly committed = new WeakSet<PoolClient>();
  private readonly listeners: (() => void)[] = [];

  constructor(@Inject(PG_POOL) pool: Pool) {
    pool.on('release', (_err: Error | undefined, client: PoolClient) => {
      if (this.committed.delete(client)) this.fire();
    });
  }

  /** Call inside the transaction; the dispatcher wakes when the client goes back to the pool. */
  afterRelease(client: PoolClient): void {
    this.committed.add(client);
  }

  onDue(listener: () => void): void {
    this.listeners.push(listener);
  }

  fire(): void {
    for (const listener of this.listeners) listener();
  }
}
