import { Logger } from '@nestjs/common';
import { Client, type PoolClient } from 'pg';
import { poolConnectionString, PROJECTOR_SETTING } from '@iop/platform';
import type { EventStore } from '../store/event-store';
import { type Checkpoint, START, type StoredEvent } from '../store/types';

export interface SubscriptionHandler {
  /** Also the checkpoint's name and the leader lock's key: unique per database. */
  name: string;
  /**
   * `transactional`: the handler's writes and the checkpoint commit together (projections: exactly once).
   * `at-least-once`: the handler runs, then the checkpoint advances (the Kafka publisher: a crash in between
   * sends a page again, which consumers' inboxes absorb).
   */
  mode: 'transactional' | 'at-least-once';
  handle(events: readonly StoredEvent[], client?: PoolClient): Promise<void>;
}

export interface SubscriptionOptions {
  batchSize?: number;
  /** Polling fallback when no notification arrives. */
  pollMs?: number;
  /** Only one process per database runs this subscription (PostgreSQL advisory lock); the others stand by. */
  exclusive?: boolean;
  lockRetryMs?: number;
  /**
   * After a page smaller than a full one, wait this long before reading the next, so that appends arriving
   * meanwhile go out as one page (the Kafka publisher: one produce request for many events instead of one each).
   */
  lingerMs?: number;
  /**
   * `at-least-once` only: a checkpoint is written at most this often, after the page it marks was handled (a crash
   * hands the pages since then to the handler again). Writes never wait in the loop.
   */
  checkpointIntervalMs?: number;
  onProgress?: (checkpoint: Checkpoint, handled: number) => void;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

type Page = { events: StoredEvent[]; checkpoint: Checkpoint };

/**
 * Writes the newest checkpoint it was given, one write at a time and at most once per interval. A failed write is
 * tried again with the next checkpoint given (the loop goes on from memory meanwhile); `flush` writes what is left.
 */
class CheckpointSaver {
  private latest?: Checkpoint;
  private writing?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private lastWrite = 0;

  constructor(
    private readonly write: (cp: Checkpoint) => Promise<void>,
    private readonly intervalMs: number,
  ) {}

  save(cp: Checkpoint): void {
    this.latest = cp;
    this.schedule();
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
    this.start();
    await this.writing;
  }

  private schedule(): void {
    if (this.writing || this.timer || !this.latest) return;
    const wait = this.lastWrite + this.intervalMs - Date.now();
    if (wait <= 0) return this.start();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.start();
    }, wait);
  }

  private start(): void {
    const cp = this.latest;
    if (!cp || this.writing) return;
    this.latest = undefined;
    this.lastWrite = Date.now();
    this.writing = this.write(cp).then(
      () => {
        this.writing = undefined;
        this.schedule(); // a newer checkpoint given meanwhile
      },
      () => {
        this.writing = undefined;
        this.latest ??= cp; // written with the next checkpoint given, or at the flush
      },
    );
  }
}

/** A checkpointed reader of the global log that feeds one handler, woken by appends and polling as a fallback. */
export class Subscription {
  private running = false;
  private loop?: Promise<void>;
  private lockClient?: Client;
  private checkpoint?: Checkpoint;
  private wake?: () => void;
  /** An append was announced since the last read began: the next idle returns at once (no wake-up is lost). */
  private woken = false;
  /** Empty reads since the last wake-up (see `run`). */
  private sinceWake = Number.POSITIVE_INFINITY;
  /**
   * `at-least-once`: the next page, read while the last one was being handled. Its read began after that page's
   * own: it starts at that page's checkpoint.
   */
  private ahead?: Promise<Page>;
  private readonly saver: CheckpointSaver;
  private readonly logger: Logger;
  private readonly opts: Required<Omit<SubscriptionOptions, 'onProgress'>> & Pick<SubscriptionOptions, 'onProgress'>;

  constructor(
    private readonly store: EventStore,
    private readonly handler: SubscriptionHandler,
    options: SubscriptionOptions = {},
  ) {
    this.opts = { batchSize: 1000, pollMs: 500, exclusive: true, lockRetryMs: 2_000, lingerMs: 0, checkpointIntervalMs: 100, ...options };
    this.logger = new Logger(`subscription:${handler.name}`);
    this.saver = new CheckpointSaver((cp) => this.saveCheckpoint(cp), this.opts.checkpointIntervalMs);
  }

  get name(): string {
    return this.handler.name;
  }

  get position(): Checkpoint | undefined {
    return this.checkpoint;
  }

  get isLeader(): boolean {
    return !this.opts.exclusive || this.lockClient !== undefined;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const unsubscribe = this.store.notifier?.onAppended(() => {
      this.woken = true;
      this.wake?.();
    });
    this.loop = this.run().finally(() => unsubscribe?.());
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.ahead?.catch(() => undefined);
    this.ahead = undefined;
    await this.saver.flush();
    await this.releaseLock();
  }

  /** Processes everything committed so far, then returns (tests, rebuild catch-up, the CLI). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.step();
      if (n === 0) return total;
      total += n;
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        if (this.opts.exclusive && !(await this.acquireLock())) {
          await this.idle(this.opts.lockRetryMs);
          continue;
        }
        const pipelined = this.handler.mode === 'at-least-once';
        const handled = pipelined ? await this.pipelinedStep() : ((this.woken = false), await this.step());
        failures = 0;
        // After a wake-up, an empty read is tried again soon (10, 20, .. 320 ms), then at the poll: the appended
        // events are committed but not readable while an older transaction still runs (they could be passed).
        if (handled === 0) await this.idle(this.sinceWake < 6 ? Math.min(this.opts.pollMs, 10 * 2 ** this.sinceWake++) : this.opts.pollMs);
        if (!pipelined && this.opts.lingerMs > 0 && handled < this.opts.batchSize && this.running) await sleep(this.opts.lingerMs);
      } catch (err) {
        failures++;
        this.checkpoint = undefined;
        this.ahead = undefined;
        this.logger.warn(`failed (${failures} in a row), retrying: ${(err as Error).message}`);
        await this.idle(Math.min(200 * 2 ** failures, 10_000));
      }
    }
  }

  private async step(): Promise<number> {
    if (this.handler.mode === 'transactional') return this.transactionalStep();
    this.checkpoint ??= await this.loadCheckpoint();
    const { events, checkpoint } = await this.store.readAll(this.checkpoint, this.opts.batchSize);
    if (events.length === 0) return 0;
    await this.handler.handle(events);
    await this.saveCheckpoint(checkpoint);
    return this.advanced(checkpoint, events.length);
  }

  /**
   * `at-least-once` in the running loop: while a page is handled (sent to Kafka), the next one is read (after the
   * linger, when the page was not full), and the checkpoint is written in the background, at most every
   * `checkpointIntervalMs`. A round of the loop then costs the longer of the handler and the read, not their sum
   * plus a checkpoint write. Only a handled page's checkpoint is ever written; pages are handled in order.
   */
  private async pipelinedStep(): Promise<number> {
    this.checkpoint ??= await this.loadCheckpoint();
    const page = await (this.ahead ?? this.read(this.checkpoint));
    this.ahead = undefined;
    if (page.events.length === 0) return 0;
    const handling = this.handler.handle(page.events);
    const linger = page.events.length < this.opts.batchSize ? this.opts.lingerMs : 0;
    const next = (linger > 0 ? sleep(linger) : Promise.resolve()).then(() => (this.running ? this.read(page.checkpoint) : { events: [], checkpoint: page.checkpoint }));
    next.catch(() => undefined); // awaited as the next page, or dropped after a failure
    try {
      await handling;
    } catch (err) {
      await next.catch(() => undefined);
      throw err;
    }
    this.ahead = next;
    this.saver.save(page.checkpoint);
    return this.advanced(page.checkpoint, page.events.length);
  }

  /** A read of the log; an append announced from now on wakes the idle after it. */
  private read(from: Checkpoint): Promise<Page> {
    this.woken = false;
    return this.store.readAll(from, this.opts.batchSize);
  }

  /**
   * The checkpoint row is read FOR UPDATE in the handler's transaction: two processes can never apply the same page
   * (even while a lost leader has not noticed yet), and a projection rebuild that swaps tables in is waited for.
   */
  private async transactionalStep(): Promise<number> {
    return this.store.transaction(async (client) => {
      await client.query('INSERT INTO subscription_checkpoints (name) VALUES ($1) ON CONFLICT DO NOTHING', [this.handler.name]);
      const from = await this.loadCheckpoint(client, true);
      const { events, checkpoint } = await this.store.readAll(from, this.opts.batchSize, client);
      if (events.length === 0) return 0;
      await client.query(PROJECTOR_SETTING);
      await this.handler.handle(events, client);
      await this.saveCheckpoint(checkpoint, client);
      return this.advanced(checkpoint, events.length);
    });
  }

  private advanced(checkpoint: Checkpoint, handled: number): number {
    this.checkpoint = checkpoint;
    this.opts.onProgress?.(checkpoint, handled);
    return handled;
  }

  /** Waits `ms`, or until an append is announced; returns at once for one announced while the last read ran. */
  private idle(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      this.sinceWake = 0;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.woken = false;
        this.sinceWake = 0;
        resolve();
      };
    });
  }

  private async loadCheckpoint(client?: PoolClient, forUpdate = false): Promise<Checkpoint> {
    const { rows } = await (client ?? this.store.pool).query<{ transaction_id: string; global_position: string }>(
      `SELECT transaction_id::text, global_position::text FROM subscription_checkpoints WHERE name = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [this.handler.name],
    );
    return rows[0] ? { transactionId: rows[0].transaction_id, globalPosition: rows[0].global_position } : START;
  }

  private async saveCheckpoint(cp: Checkpoint, client?: PoolClient): Promise<void> {
    await (client ?? this.store.pool).query(
      `INSERT INTO subscription_checkpoints (name, transaction_id, global_position) VALUES ($1, $2::xid8, $3)
       ON CONFLICT (name) DO UPDATE SET transaction_id = excluded.transaction_id, global_position = excluded.global_position, updated_at = now()`,
      [this.handler.name, cp.transactionId, cp.globalPosition],
    );
  }

  /** The lock lives as long as its connection: when the leader dies, PostgreSQL frees it for a standby. */
  private async acquireLock(): Promise<boolean> {
    if (this.lockClient) return true;
    const client = new Client({ connectionString: poolConnectionString(this.store.pool) });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtext('iop:subscription:' || $1)) AS ok", [this.handler.name]);
      if (!rows[0].ok) {
        await client.end();
        return false;
      }
      client.on('end', () => {
        if (this.lockClient === client) this.lockClient = undefined;
        this.checkpoint = undefined;
        this.ahead = undefined;
      });
      this.lockClient = client;
      this.checkpoint = undefined;
      this.ahead = undefined;
      this.logger.log('leading: this process runs the subscription');
      return true;
    } catch {
      await client.end().catch(() => undefined);
      return false;
    }
  }

  private async releaseLock(): Promise<void> {
    const client = this.lockClient;
    this.lockClient = undefined;
    await client?.end().catch(() => undefined);
  }
}
