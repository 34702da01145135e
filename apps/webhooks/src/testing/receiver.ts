/** A local webhook endpoint for tests and the benchmark: records what arrives and answers as told. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
  path: string;
  /** Set for paths with secrets: every one of them verified the delivery (Standard Webhooks reference library). */
  verified?: boolean;
}

export interface Answer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Wait this long before answering (a slow endpoint). */
  delayMs?: number;
}

/** How to answer the n-th request (1-based) to a path. */
export type Behaviour = (n: number, req: Received) => Answer;

export const alwaysOk: Behaviour = () => ({ status: 204 });

function verifies(secret: string, req: Received): boolean {
  try {
    new Webhook(secret).verify(req.body, req.headers as Record<string, string>);
    return true;
  } catch {
    return false;
  }
}

export class Receiver {
  readonly received: Received[] = [];
  private readonly byPath = new Map<string, Received[]>();
  private readonly behaviours = new Map<string, Behaviour>();
  private readonly secrets = new Map<string, string[]>();

  private readonly server: Server;
  port = 0;

  private constructor(private readonly fallback: Behaviour) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const received = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: performance.now(), path: req.url ?? '/' };
        const answer = this.answer(received);
        const send = () => {
          if (!res.destroyed) res.writeHead(answer.status, answer.headers).end(answer.body ?? '');
        };
        if (answer.delayMs) setTimeout(send, answer.delayMs);
        else send();
      });
    });
    this.server.keepAliveTimeout = 30_000;
  }

  static async start(fallback: Behaviour = alwaysOk): Promise<Receiver> {
    const receiver = new Receiver(fallback);
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    receiver.port = (receiver.server.address() as AddressInfo).port;
    return receiver;
  }

  /** `http://127.0.0.1:<port><path>`; the path selects a behaviour set with `on`. */
  url(path = '/hook', host = '127.0.0.1'): string {
    return `http://${host}:${this.port}${path}`;
  }

  on(path: string, behaviour: Behaviour): this {
    this.behaviours.set(path, behaviour);
    return this;
  }

  /**
   * Verifies every delivery to the path with each secret, as an integrator would, and refuses (401) one that does
   * not verify, so a signing fault shows up as failed attempts.
   */
  verifyWith(path: string, ...secrets: string[]): this {
    this.secrets.set(path, secrets);
    return this;
  }

  /** What arrived at one path, in order (the live list: callers copy it if they keep it). */
  at(path: string): Received[] {
    return this.byPath.get(path) ?? [];
  }

  private answer(req: Received): Answer {
    this.received.push(req);
    const list = this.byPath.get(req.path) ?? [];
    list.push(req);
    this.byPath.set(req.path, list);
    const secrets = this.secrets.get(req.path);
    if (secrets) {
      req.verified = secrets.every((secret) => verifies(secret, req));
      if (!req.verified) return { status: 401, body: 'bad signature' };
    }
    return (this.behaviours.get(req.path) ?? this.fallback)(list.length, req);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
