/**
 * One HTTP POST to a checked address over keep-alive connections. It connects to the address the guard approved
 * (never resolving the name again) and sends the name only in Host and TLS SNI, so the certificate is still checked
 * against the name. Redirects are not followed: a 3xx is a failed attempt like any other non-2xx.
 */
import http from 'node:http';
import https from 'node:https';
import type { Target } from '../ssrf/target-guard';

export const MAX_LOGGED_RESPONSE_BYTES = 1024;
/** Read at most this much of an answer, so a receiver cannot stream gigabytes into the service. */
const MAX_READ_BYTES = 64 * 1024;

export type SendOutcome =
  | { kind: 'response'; status: number; latencyMs: number; response: string; retryAfter?: string; transmitted: true }
  | { kind: 'timeout' | 'network'; latencyMs: number; error: string; transmitted: boolean };

/** At most `max` bytes of UTF-8, never ending inside a character. */
export function truncateUtf8(text: string, max = MAX_LOGGED_RESPONSE_BYTES): string {
  if (Buffer.byteLength(text) <= max) return text;
  let cut = Buffer.from(text).subarray(0, max).toString('utf8');
  while (Buffer.byteLength(cut) > max || cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  return cut;
}

export class HttpSender {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(maxSocketsPerEndpoint: number) {
    const options = { keepAlive: true, maxSockets: maxSocketsPerEndpoint, maxFreeSockets: maxSocketsPerEndpoint, scheduling: 'lifo' as const };
    this.httpAgent = new http.Agent(options);
    this.httpsAgent = new https.Agent(options);
  }

  send(target: Target, headers: Record<string, string>, body: string, timeoutMs: number): Promise<SendOutcome> {
    return new Promise((resolve) => {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      let transmitted = false;
      let settled = false;
      const finish = (outcome: SendOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const req = this.request(target, headers, body);
      const timer = setTimeout(() => {
        finish({ kind: 'timeout', latencyMs: elapsed(), error: `no answer within ${timeoutMs} ms`, transmitted });
        req.destroy();
      }, timeoutMs);
      req.on('finish', () => (transmitted = true));
      req.on('error', (err: NodeJS.ErrnoException) => finish({ kind: 'network', latencyMs: elapsed(), error: err.code ?? err.message, transmitted }));
      req.on('response', (res) => this.read(res, elapsed, finish));
      req.end(body);
    });
  }

  /** To the checked address; the name travels only in Host and SNI. */
  private request(target: Target, headers: Record<string, string>, body: string): http.ClientRequest {
    return (target.tls ? https : http).request({
      host: target.address,
      family: target.family,
      port: target.port,
      path: `${target.url.pathname}${target.url.search}`,
      method: 'POST',
      agent: target.tls ? this.httpsAgent : this.httpAgent,
      setHost: false,
      headers: { ...headers, host: target.url.host, 'content-length': String(Buffer.byteLength(body)) },
      ...(target.servername ? { servername: target.servername } : {}),
    });
  }

  private read(res: http.IncomingMessage, elapsed: () => number, finish: (o: SendOutcome) => void): void {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      const retryAfter = res.headers['retry-after'];
      const response = truncateUtf8(Buffer.concat(chunks).toString('utf8'));
      finish({ kind: 'response', status: res.statusCode ?? 0, latencyMs: elapsed(), response, transmitted: true, ...(retryAfter ? { retryAfter } : {}) });
    };
    res.on('data', (chunk: Buffer) => {
      if (size < MAX_LOGGED_RESPONSE_BYTES + 4) chunks.push(chunk);
      size += chunk.length;
      if (size > MAX_READ_BYTES) {
        res.destroy();
        done();
      }
    });
    res.on('end', done);
    res.on('error', done);
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
