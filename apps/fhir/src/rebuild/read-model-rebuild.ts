import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import type { PublicEvent } from '@iop/domain-events';
import { inTransaction, PG_POOL, PROJECTOR_SETTING, ProblemError } from '@iop/platform';
import { applyEvent } from '../consumers/dispatch';

export interface RebuildProgress {
  status: 'running' | 'completed' | 'failed';
  startedAt: string;
  finishedAt?: string;
  /** Events kept when the rebuild began, and those applied so far. */
  events: number;
  applied: number;
  error?: string;
}

/** The tables derived from events (not the disclosures, the export jobs or the audit log: those are records). */
const DERIVED = ['fhir_resources', 'fhir_resource_versions', 'fhir_sessions', 'fhir_consents'];
const BATCH = 1_000;

/**
 * Rebuilds the read model of every tenant from the events the service kept (`fhir_consumed_events`), through the
 * consumers' own handlers: after a mapping changed, or to repair it. One transaction: readers see the old model until
 * it commits; consumers wait for it (the kept-events table is locked against new rows), then go on from where they
 * were. The resources' histories start again from version 1, stamped with the rebuild's time. One rebuild at a time
 * across replicas (an advisory lock: 409 otherwise).
 */
@Injectable()
export class ReadModelRebuild {
  private readonly logger = new Logger('fhir-rebuild');
  latest?: RebuildProgress;
  private running?: Promise<void>;

  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Resolves once the rebuild holds its locks (the rest runs on); rejects with 409 if one already runs. */
  start(): Promise<RebuildProgress> {
    if (this.latest?.status === 'running') return Promise.reject(new ProblemError(409, 'A rebuild of the read model is running.'));
    return new Promise((started, refused) => {
      let begun = false;
      this.running = inTransaction(this.pool, async (client) => {
        await client.query(PROJECTOR_SETTING);
        const { rows: [{ locked }] } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_xact_lock(hashtext('iop:fhir:read-model-rebuild')) AS locked");
        if (!locked) throw new ProblemError(409, 'A rebuild of the read model is running on another replica.');
        await client.query('LOCK TABLE fhir_consumed_events IN SHARE ROW EXCLUSIVE MODE');
        const { rows: [{ n }] } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM fhir_consumed_events');
        const progress: RebuildProgress = { status: 'running', startedAt: new Date().toISOString(), events: n, applied: 0 };
        this.latest = progress;
        begun = true;
        started(progress);
        for (const table of DERIVED) await client.query(`DELETE FROM ${table}`);
        await this.replay(client, progress);
      }).then(() => {
        this.latest = { ...this.latest!, status: 'completed', finishedAt: new Date().toISOString() };
      }, (err: Error) => {
        if (!begun) return refused(err);
        this.logger.error({ err }, 'read model rebuild failed');
        this.latest = { ...this.latest!, status: 'failed', finishedAt: new Date().toISOString(), error: err.message };
      });
    });
  }

  /** Applies the kept events in order; one that fails is retried after the next batch, as the inbox would. */
  private async replay(client: PoolClient, progress: RebuildProgress): Promise<void> {
    let after = 0;
    let pending: PublicEvent[] = [];
    for (;;) {
      const { rows } = await client.query<{ seq: string; event: PublicEvent }>(
        'SELECT seq, event FROM fhir_consumed_events WHERE seq > $1 ORDER BY seq LIMIT $2', [after, BATCH]);
      if (rows.length === 0) break;
      after = Number(rows[rows.length - 1].seq);
      pending = await this.applyAll(client, [...pending, ...rows.map((r) => r.event)], progress);
    }
    while (pending.length) {
      const left = await this.applyAll(client, pending, progress);
      if (left.length === pending.length) throw new Error(`${left.length} kept events cannot be applied, e.g. ${left[0].type} ${left[0].id}`);
      pending = left;
    }
  }

  private async applyAll(client: PoolClient, events: PublicEvent[], progress: RebuildProgress): Promise<PublicEvent[]> {
    const failed: PublicEvent[] = [];
    for (const event of events) {
      await client.query('SAVEPOINT kept_event');
      try {
        await applyEvent(client, event);
        await client.query('RELEASE SAVEPOINT kept_event');
        progress.applied += 1;
      } catch {
        await client.query('ROLLBACK TO SAVEPOINT kept_event');
        failed.push(event);
      }
    }
    return failed;
  }

  async onModuleDestroy(): Promise<void> {
    await this.running;
  }
}
