import { Agent, request } from 'node:http';

/** A small JSON client for end-to-end tests and the benchmark: every call returns status and parsed body. */
export interface ApiResponse<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read any JSON
  status: number;
  body: T;
  headers: Headers;
}

/**
 * node:http on kept-alive connections, not `fetch`: undici's fetch costs several times the CPU per request
 * (docs/PERFORMANCE.md, "Measurements behind the code"), and the benchmark driver's CPU is taken from the services it measures.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

export function api<T = any>(base: string, method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, {
      method,
      agent,
      timeout: 30_000,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        ...headers,
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON (metrics, CSV)
        }
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) for (const one of Array.isArray(v) ? v : [v]) h.append(k, one);
        resolve({ status: res.statusCode ?? 0, body: parsed as T, headers: h });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in 30 s`)));
    // Which request failed, in the error itself: a test that sends hundreds (a burst across a kill) says which one.
    req.on('error', (err: NodeJS.ErrnoException) => reject(Object.assign(new Error(`${method} ${base}${path}: ${err.message}`), { code: err.code, cause: err })));
    req.end(payload);
  });
}

/**
 * A referral time the services accept at any hour the tests run: an hour ago. A fixed time of today's UTC date
 * (`T08:00:00Z`) lies in the future between midnight and 08:00 UTC, and the referral is refused.
 */
export const anHourAgo = (): string => new Date(Date.now() - 3_600_000).toISOString();

/** Polls until `check` returns a value (not undefined) or the time is up. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Asserts a status, showing the problem+json body when it differs (a bare 400 tells nobody anything). */
export function expectStatus(res: ApiResponse, status: number): void {
  if (res.status !== status) throw new Error(`expected ${status} but got ${res.status}: ${JSON.stringify(res.body)}`);
}
