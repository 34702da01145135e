import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Pool } from 'pg';
import { EventStore, inlineProjection } from '@iop/event-store';
import { SERVICE_CONFIG, type ServiceConfig } from '@iop/platform';
import type { WebhooksConfig } from '../config/webhooks-config';
import { HttpSender } from '../delivery/http-sender';
import { disclosuresProjection } from '../read-models/disclosures.projection';
import { WEBHOOKS_CONFIG, WORKER_POOL } from '../webhooks.tokens';
import { claimDue, type ClaimedDelivery, releaseClaim } from './delivery-claims';
import type { DeliveryResult } from './delivery-result';
import { DeliveryResultsWriter, type WriteOutcome } from './delivery-results';
import { DeliveryWorker } from './delivery-worker';
import { DispatchMetrics } from './dispatch-metrics';
import { DueListener } from './due-listener';
import { DUE_CHANNEL, DueSignal } from './due-signal';
import { EndpointDisabler } from './endpoint-disabler';
import { ResultsBuffer } from './results-buffer';
import { workerPool } from './worker-pools';

const SHUTDOWN_GRACE_MS = 2_000;

/** Waits for the promise, at most `ms` (and leaves no timer behind). */
async function atMost(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

/**
 * The delivery loop: claims due rows in batches while fewer than `maxInFlight` requests are open, sends them
 * concurrently, and hands results to the group-committing buffer. State lives in `deliveries`, so a restart (or
 * another replica) carries on where this one stopped.
 */
@Injectable()
export class Dispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private woken = false;
  /** Every slot is taken: a finished send wakes the loop to claim more. */
  private full = false;
  private nextWake?: { at: number; timer: NodeJS.Timeout };
  private readonly inFlight = new Map<string, { claimId: string; done: Promise<void> }>();
  private readonly results: ResultsBuffer;
  private readonly listener: DueListener;
  private readonly claimPool: Pool;
  private readonly logger = new Logger('dispatcher');

  constructor(
    @Inject(WORKER_POOL) private readonly pool: Pool,
    @Inject(WEBHOOKS_CONFIG) private readonly config: WebhooksConfig,
    @Inject(SERVICE_CONFIG) service: ServiceConfig,
    @Inject(DeliveryWorker) private readonly worker: DeliveryWorker,
    @Inject(EndpointDisabler) private readonly disabler: EndpointDisabler,
    @Inject(HttpSender) private readonly sender: HttpSender,
    @Inject(DispatchMetrics) private readonly metrics: DispatchMetrics,
    @Inject(DueSignal) due: DueSignal,
  ) {
    // Disclosures are appended without the store's NOTIFY (see DueSignal): the publisher finds them by polling.
    const disclosures = new EventStore(pool, { inlineProjections: [inlineProjection(disclosuresProjection)] });
    const writer = new DeliveryResultsWriter(pool, disclosures);
    this.claimPool = workerPool(service, 1, { durable: false });
    due.onDue(() => this.wakeUp());
    this.results = new ResultsBuffer((batch) => writer.write(batch), (outcome, batch) => this.afterWrite(outcome, batch), config.batchSize);
    this.listener = new DueListener(service.databaseUrl, DUE_CHANNEL, () => this.wakeUp());
  }

  onApplicationBootstrap(): void {
    this.running = true;
    void this.listener.start();
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.wakeUp();
    clearTimeout(this.nextWake?.timer);
    await this.loop;
    await atMost(Promise.all([...this.inFlight.values()].map((f) => f.done)), SHUTDOWN_GRACE_MS);
    await this.releaseUnfinished();
    await this.results.close();
    this.sender.close();
    await this.listener.close();
    await this.pool.end().catch(() => undefined);
    await this.claimPool.end().catch(() => undefined);
  }

  /** New deliveries committed (NOTIFY) or a retry fell due. */
  wakeUp(): void {
    this.woken = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      const room = Math.min(this.config.batchSize, this.config.maxInFlight - this.inFlight.size);
      if (room <= 0) {
        this.full = true;
        await this.idle(this.config.pollMs);
        this.full = false;
        continue;
      }
      try {
        const claimId = randomUUID();
        const leaseSeconds = Math.ceil(this.config.timeoutMs / 1000) + 60;
        const rows = await claimDue(this.claimPool, room, this.worker.limiter.exhausted(), leaseSeconds, claimId);
        failures = 0;
        for (const row of rows) this.start(row);
        if (rows.length < room) await this.idle(this.config.pollMs);
      } catch (err) {
        failures++;
        this.logger.warn(`claiming failed (${failures} in a row): ${(err as Error).message}`);
        await this.idle(Math.min(200 * 2 ** failures, 10_000));
      }
    }
  }

  private start(row: ClaimedDelivery): void {
    const done = this.worker
      .deliver(row)
      .catch((err: Error): DeliveryResult => ({ row, status: 'pending', statusReason: `internal error: ${err.message}`, nextAttemptAt: new Date(Date.now() + 60_000), scheduleStep: row.scheduleStep }))
      .then((result) => {
        if (!this.inFlight.delete(row.messageId)) return; // released at shutdown: another process sends it
        this.metrics.observe(result);
        this.results.add(result);
        if (this.full) this.wakeUp();
      });
    this.inFlight.set(row.messageId, { claimId: row.claimId, done });
  }

  private idle(ms: number): Promise<void> {
    if (this.woken || !this.running) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        this.woken = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private async afterWrite(outcome: WriteOutcome, batch: DeliveryResult[]): Promise<void> {
    this.scheduleSoonestRetry(batch);
    const tenantOf = new Map(batch.map((r) => [r.row.subscriptionId, r.row.tenantId]));
    const cutoff = Date.now() - this.config.disableAfterMs;
    const failing = outcome.health.filter((h) => h.failingSince && h.failingSince.getTime() <= cutoff).map((h) => h.subscriptionId);
    for (const id of outcome.gone) await this.disabler.disable(id, tenantOf.get(id)!, 'gone');
    for (const id of failing.filter((f) => !outcome.gone.includes(f))) await this.disabler.disable(id, tenantOf.get(id)!, 'failing');
  }

  /** Retries due sooner than the next poll (short schedules, rate-limit waits) get a timer of their own. */
  private scheduleSoonestRetry(batch: DeliveryResult[]): void {
    const times = batch.filter((r) => r.status === 'pending' && r.nextAttemptAt).map((r) => r.nextAttemptAt!.getTime());
    if (times.length === 0) return;
    const at = Math.min(...times);
    if (at - Date.now() > this.config.pollMs || (this.nextWake && this.nextWake.at <= at)) return;
    clearTimeout(this.nextWake?.timer);
    const timer = setTimeout(() => {
      this.nextWake = undefined;
      this.wakeUp();
    }, Math.max(0, at - Date.now()) + 5);
    this.nextWake = { at, timer };
  }

  private async releaseUnfinished(): Promise<void> {
    const byClaim = new Map<string, string[]>();
    for (const [messageId, { claimId }] of this.inFlight) byClaim.set(claimId, [...(byClaim.get(claimId) ?? []), messageId]);
    this.inFlight.clear();
    for (const [claimId, ids] of byClaim) await releaseClaim(this.pool, claimId, ids).catch(() => undefined);
  }
}
