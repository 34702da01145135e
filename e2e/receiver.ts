/**
 * An integrator's webhook endpoint on loopback: keeps every request and verifies each with the reference
 * Standard Webhooks library once the subscription's secret is known.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Receiver {
  url: string;
  secret?: string;
  /** Types of the deliveries that verified. */
  types(): string[];
  bodies(): string[];
  /** The `webhook-id` of every request received and when, repeats included (a redelivery keeps its id). */
  arrivals(): { webhookId: string; at: number }[];
  /** Deliveries whose signature did not verify. */
  readonly rejected: string[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: { headers: IncomingHttpHeaders; body: string; at: number }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/hooks`,
    rejected: [],
    types() {
      if (!receiver.secret) return [];
      const wh = new Webhook(receiver.secret);
      const types: string[] = [];
      receiver.rejected.length = 0;
      for (const r of received) {
        try {
          const payload = wh.verify(r.body, r.headers as Record<string, string>) as { type: string };
          types.push(payload.type);
        } catch {
          receiver.rejected.push(String(r.headers['webhook-id']));
        }
      }
      return types;
    },
    bodies: () => received.map((r) => r.body),
    arrivals: () => received.map((r) => ({ webhookId: String(r.headers['webhook-id']), at: r.at })),
    close: () => new Promise((r) => server.close(() => r())),
  };
  return receiver;
}
