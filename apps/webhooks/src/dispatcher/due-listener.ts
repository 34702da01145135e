import { Client } from 'pg';

/**
 * LISTEN for the fan-out's NOTIFY (sent when an inbox transaction that created deliveries commits), so new messages
 * go out within milliseconds instead of at the next poll; reconnects when the connection drops. Polling remains the
 * fallback, so a lost notification costs latency only.
 */
export class DueListener {
  private client?: Client;
  private closed = false;

  constructor(private readonly connectionString: string, private readonly channel: string, private readonly onDue: () => void) {}

  async start(): Promise<void> {
    if (this.closed) return;
    const client = new Client({ connectionString: this.connectionString });
    client.on('notification', () => this.onDue());
    client.on('error', () => undefined);
    client.on('end', () => {
      if (this.client === client) this.client = undefined;
      if (!this.closed) setTimeout(() => void this.start(), 1_000).unref();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      this.client = client;
    } catch {
      await client.end().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => undefined);
  }
}
