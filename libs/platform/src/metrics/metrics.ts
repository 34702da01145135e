import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { Public } from '../auth/roles';

/** The service's Prometheus registry; libraries (event store, consumers) add their gauges to it. */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
  }

  /**
   * The pool's clients by state, read from the pool's own counters at each scrape (no query): `active` near
   * `pg_pool_max_clients` with requests `waiting` is the pool exhausted (requests then fail as 503s).
   */
  observePool(pool: Pool, max: number): void {
    const registers = [this.registry];
    new Gauge({ name: 'pg_pool_max_clients', help: 'the most clients the pool opens', registers }).set(max);
    new Gauge({
      name: 'pg_pool_clients', help: 'pool clients: active (checked out), idle, and requests waiting for one', labelNames: ['state'], registers,
      collect() {
        this.set({ state: 'active' }, pool.totalCount - pool.idleCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }

  instrument(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', async (req, reply) => {
      const route = req.routeOptions?.url ?? 'unmatched';
      this.httpDuration.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });
  }
}

@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(Metrics) private readonly metrics: Metrics) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
