import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServiceApp, type ServiceDefinition } from '../bootstrap';

export interface TestApp {
  app: NestFastifyApplication;
  request(method: string, url: string, opts?: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface TestResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read any JSON shape
}

/** The real service module over Fastify's in-process injection: real guard, pipes, filters and database. */
export async function startTestApp(def: ServiceDefinition): Promise<TestApp> {
  const app = await createServiceApp(def);
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    async request(method, url, opts = {}) {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      let payload: string | undefined = opts.rawBody;
      if (opts.body !== undefined) payload = JSON.stringify(opts.body);
      if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
      const res = await app.inject({ method: method as 'GET', url, headers, payload });
      const type = String(res.headers['content-type'] ?? '');
      return { status: res.statusCode, headers: res.headers as TestResponse['headers'], body: type.includes('json') && res.body ? JSON.parse(res.body) : res.body };
    },
    close: () => app.close(),
  };
}
