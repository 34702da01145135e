import { Logger } from '@nestjs/common';
import type { DeliveryResult } from './delivery-result';
import type { WriteOutcome } from './delivery-results';

const GROUP_COMMIT_MS = 5;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Group commit for results: they gather for a few milliseconds (or until a batch is full) and one writer stores
 * them in one transaction, while the next ones gather. A failed write keeps its batch and tries again: the rows'
 * leases make sure nothing is lost if the process dies meanwhile (they are sent again, at least once).
 */
export class ResultsBuffer {
  private pending: DeliveryResult[] = [];
  private timer?: NodeJS.Timeout;
  private writing?: Promise<void>;
  private closing = false;
  private readonly logger = new Logger('webhook-results');

  constructor(
    private readonly write: (batch: DeliveryResult[]) => Promise<WriteOutcome>,
    private readonly afterWrite: (outcome: WriteOutcome, batch: DeliveryResult[]) => Promise<void>,
    private readonly batchSize: number,
  ) {}

  add(result: DeliveryResult): void {
    this.pending.push(result);
    if (this.pending.length >= this.batchSize) this.kick();
    else this.timer ??= setTimeout(() => this.kick(), GROUP_COMMIT_MS);
  }

  /** Writes what is pending and waits for it; after close, failures give up after a few tries. */
  async close(): Promise<void> {
    this.closing = true;
    this.kick();
    await this.writing;
  }

  private kick(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.writing ??= this.drain().finally(() => {
      this.writing = undefined;
      if (this.pending.length && !this.closing) this.kick();
    });
  }

  private async drain(): Promise<void> {
    let failures = 0;
    while (this.pending.length) {
      const batch = this.pending.splice(0, this.batchSize);
      try {
        const outcome = await this.write(batch);
        failures = 0;
        await this.afterWrite(outcome, batch).catch((err: Error) => this.logger.warn(`after-write step failed: ${err.message}`));
      } catch (err) {
        failures++;
        this.logger.warn(`could not store ${batch.length} delivery results (attempt ${failures}): ${(err as Error).message}`);
        if (this.closing && failures >= 3) return;
        this.pending.unshift(...batch);
        await sleep(Math.min(100 * 2 ** failures, 5_000));
      }
    }
  }
}
