import { createPool, type ServiceConfig } from '@iop/platform';

/**
 * Connections of the dispatcher. They act as the projector role (row-level security lets them see every tenant's
 * deliveries) and price random reads as the cached, SSD-backed reads they are: with PostgreSQL's default (4) the
 * planner joined a batch of 200 results to the deliveries table by hashing the whole table instead of making 200
 * primary-key lookups, many times slower on a large queue (docs/PERFORMANCE.md, "Measurements behind the code").
 * The claim connection commits without waiting for the WAL flush: a claim lost in a crash only means a delivery is
 * sent again, which receivers must tolerate anyway (at least once), and the claim loop no longer waits a disk flush
 * per batch. Results commit durably.
 */
export function workerPool(config: ServiceConfig, size: number, options: { durable: boolean }) {
  const url = new URL(config.databaseUrl);
  url.searchParams.set('options', `-c app.role=projector -c random_page_cost=1.1${options.durable ? '' : ' -c synchronous_commit=off'}`);
  return createPool(url.toString(), size);
}
