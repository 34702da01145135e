import { EventEmitter } from 'node:events';
import { Client, type Pool } from 'pg';

const CHANNEL = 'iop_events_appended';

/**
 * Wakes subscriptions when events are appended. In the same process the wake-up is immediate; other processes
 * (replicas, the CLI) hear a NOTIFY, sent at most once per `coalesceMs` so that busy writers do not serialise on
 * PostgreSQL's notification queue. Subscriptions still poll as a fallback, so a lost notification costs latency only.
 */
export class EventNotifier {
  private readonly local = new EventEmitter().setMaxListeners(100);
  private pending?: NodeJS.Timeout;
  private listener?: Client;
  private closed = false;

  constructor(
    private readonly pool: Pool,
    private readonly connectionString?: string,
    private readonly coalesceMs = 25,
  ) {}

  appended(): void {
    this.local.emit('appended');
    if (this.pending || this.closed) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.pool.query(`SELECT pg_notify('${CHANNEL}', '')`).catch(() => undefined);
    }, this.coalesceMs);
  }

  onAppended(fn: () => void): () => void {
    this.local.on('appended', fn);
    return () => this.local.off('appended', fn);
  }

  /** LISTEN on a dedicated connection so appends from other processes wake this one; reconnects when it drops. */
  async listen(): Promise<void> {
    if (!this.connectionString || this.listener || this.closed) return;
    const client = new Client({ connectionString: this.connectionString });
    client.on('notification', () => this.local.emit('appended'));
    client.on('error', () => undefined);
    const retry = () => {
      if (!this.closed) setTimeout(() => void this.listen(), 1_000).unref();
    };
    client.on('end', () => {
      if (this.listener !== client) return;
      this.listener = undefined;
      retry();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.listener = client;
    } catch {
      await client.end().catch(() => undefined);
      retry();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.pending) clearTimeout(this.pending);
    await this.listener?.end().catch(() => undefined);
  }
}
