import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { Counter, Gauge, Histogram } from 'prom-client';
import { Metrics } from '@iop/platform';
import { WORKER_POOL } from '../webhooks.tokens';
import type { DeliveryResult } from './delivery-result';

/** Prometheus: attempts by outcome, messages withheld for want of consent, endpoint latency and the backlog. */
@Injectable()
export class DispatchMetrics {
  private readonly attempts: Counter<'outcome'>;
  private readonly withheld: Counter;
  private readonly latency: Histogram;

  constructor(@Inject(Metrics) metrics: Metrics, @Inject(WORKER_POOL) pool: Pool) {
    const registers = [metrics.registry];
    new Gauge({
      name: 'webhook_deliveries_due', help: 'measure=count: messages due for an attempt now; measure=oldest_seconds: how long the oldest has waited', labelNames: ['measure'], registers,
      async collect() {
        const { rows } = await pool.query<{ n: string; age: number | null }>(
          `SELECT count(*) AS n, extract(epoch FROM now() - min(next_attempt_at))::float8 AS age FROM deliveries WHERE status = 'pending' AND next_attempt_at <= now()`,
        ).catch(() => ({ rows: [] as { n: string; age: number | null }[] }));
        this.set({ measure: 'count' }, Number(rows[0]?.n ?? 0));
        this.set({ measure: 'oldest_seconds' }, rows[0]?.age ?? 0);
      },
    });
    this.attempts = new Counter({ name: 'webhook_attempts_total', help: 'delivery attempts by outcome', labelNames: ['outcome'], registers });
    this.withheld = new Counter({ name: 'webhook_messages_withheld_total', help: 'patient events not sent: no Part 2 consent covered them', registers });
    this.latency = new Histogram({
      name: 'webhook_endpoint_latency_seconds', help: 'time from request to the endpoint\'s full answer',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15], registers,
    });
  }

  observe(result: DeliveryResult): void {
    if (result.status === 'withheld') this.withheld.inc();
    if (!result.attempt) return;
    this.attempts.inc({ outcome: result.attempt.outcome });
    if (result.attempt.latencyMs !== null) this.latency.observe(result.attempt.latencyMs / 1000);
  }
}
