/** A small JSON client for end-to-end tests and the benchmark: every call returns status and parsed body. */
export interface ApiResponse<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read any JSON
  status: number;
  body: T;
  headers: Headers;
}

export async function api<T = any>(base: string, method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (metrics, CSV)
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

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
