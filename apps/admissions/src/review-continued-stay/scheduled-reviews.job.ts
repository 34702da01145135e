import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { PG_POOL } from '@iop/platform';
import { ContinuedStayReviews } from './continued-stay-reviews';

export const REVIEW_JOB_INTERVAL = Symbol('REVIEW_JOB_INTERVAL');
/** Hourly: a due episode waits at most an hour past its seventh day. */
export const DEFAULT_REVIEW_JOB_INTERVAL_MS = 60 * 60_000;
const LOCK = "SELECT pg_try_advisory_lock(hashtext('admissions:scheduled-reviews')) AS locked";
const UNLOCK = "SELECT pg_advisory_unlock(hashtext('admissions:scheduled-reviews'))";

/**
 * "Weekly by schedule": a timer that runs the due reviews. One replica at a time holds the lock; the reviews'
 * deterministic ids make a second run on the same day append nothing anyway. An interval of 0 turns it off.
 */
@Injectable()
export class ScheduledReviewsJob implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private readonly logger = new Logger('scheduled-reviews');

  constructor(
    @Inject(ContinuedStayReviews) private readonly reviews: ContinuedStayReviews,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(REVIEW_JOB_INTERVAL) private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One run under the lock; a run still going when the next tick comes is left to finish. */
  async tick(now = new Date().toISOString()): Promise<string[]> {
    if (this.running) return [];
    let client: PoolClient | undefined;
    const run = (async () => {
      client = await this.pool.connect();
      if (!(await client.query<{ locked: boolean }>(LOCK)).rows[0].locked) return [];
      try {
        return await this.reviews.reviewDue(now);
      } finally {
        await client.query(UNLOCK);
      }
    })();
    this.running = run.catch((err: Error) => this.logger.error(`scheduled reviews failed: ${err.message}`)).finally(() => {
      client?.release();
      this.running = undefined;
    });
    return run.catch(() => []);
  }
}
