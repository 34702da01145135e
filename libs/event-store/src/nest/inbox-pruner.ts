import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL, SERVICE_CONFIG, type ServiceConfig } from '@iop/platform';

/** Rows per DELETE: short transactions, so the consumers' inbox inserts never wait long behind one. */
const BATCH = 5_000;
const DAY_MS = 86_400_000;

/**
 * Deletes inbox rows older than `INBOX_RETENTION_DAYS`, daily. A row must outlive every way Kafka can hand its event
 * back (a publisher's re-send, a rebalance, a group whose offsets expired or were reset to the earliest record), and
 * the topics keep events for weeks: the configuration refuses a retention shorter than theirs (service-config.ts).
 * Without an index on `processed_at` (one more write per consumed event) each run reads the inbox once; daily, that is
 * cheaper than the index. Every replica may run it: the batches take a transaction-level lock, so two replicas'
 * runs interleave instead of deleting the same rows twice over.
 */
@Injectable()
export class InboxPruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private readonly logger = new Logger('inbox-pruner');

  constructor(@Inject(PG_POOL) private readonly pool: Pool, @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.prune()
        .then((n) => n && this.logger.log(`pruned ${n} inbox rows older than ${this.config.inboxRetentionDays} days`))
        .catch((err: Error) => this.logger.warn(`pruning the inbox failed, the next run retries: ${err.message}`))
        .finally(() => (this.running = undefined));
    }, DAY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Deletes the rows past their retention, batch by batch; the number deleted. */
  async prune(retentionDays = this.config.inboxRetentionDays): Promise<number> {
    let deleted = 0;
    for (;;) {
      const client = await this.pool.connect();
      let n = 0;
      try {
        await client.query('BEGIN');
        const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_xact_lock(hashtext('iop:inbox-pruner')) AS locked");
        if (rows[0].locked) {
          const res = await client.query(
            `DELETE FROM inbox WHERE ctid = ANY (ARRAY(
               SELECT ctid FROM inbox WHERE processed_at < now() - make_interval(days => $1) LIMIT $2))`,
            [retentionDays, BATCH],
          );
          n = res.rowCount ?? 0;
        }
        await client.query('COMMIT');
        if (!rows[0].locked) return deleted; // another replica is at it
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
      deleted += n;
      if (n < BATCH) return deleted;
    }
  }
}
