import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { EventStore } from '@iop/event-store';
import { AuditLog, inTransaction, PG_POOL, type Principal, PROJECTOR_SETTING, type Role, withTenant } from '@iop/platform';
import { consentsInForce } from '../disclosure/consent-ledger';
import { type Disclosed, recordDisclosures } from '../disclosure/disclosures';
import { coveringConsent, DISCLOSURE_CATEGORY, servedSql, withNotice } from '../disclosure/recipient-access';
import type { FhirResource, ResourceType } from '../resources/fhir-resources';
import { audienceOf, type Audience } from './export-policy';
import { deidentify, type FhirPseudonymizer } from './deidentify';

export const EXPORT_SETTINGS = Symbol('EXPORT_SETTINGS');
export const FHIR_PSEUDONYMIZER = Symbol('FHIR_PSEUDONYMIZER');

export interface ExportSettings {
  /** How often the runner looks for a job (0: never; tests and benchmarks call `runOnce`). */
  pollMs: number;
  /** Resources read per query, and per NDJSON file. */
  batchSize: number;
  fileSize: number;
  /** How long a finished job's files are kept. */
  retentionHours: number;
}

/** A job whose runner stopped (a restart) is taken again from the start this many times, then failed with a reason. */
export const MAX_ATTEMPTS = 3;
/** A running job's claim; renewed after every batch, so only a stopped runner lets it lapse. */
const LEASE_SECONDS = 60;

export interface ExportJob {
  tenant_id: string;
  job_id: string;
  level: 'system' | 'patient';
  actor: string;
  roles: Role[];
  claims: Record<string, unknown>;
  types: ResourceType[];
  since: Date | null;
  attempts: number;
}

class Cancelled extends Error {}

/**
 * Runs Bulk Data export jobs (kept in the fhir database, so any replica may run one, and one that stopped is taken
 * again): one REPEATABLE READ transaction per job reads every type from one snapshot in keyset batches, writes NDJSON
 * files of `fileSize` resources, and records the export (an audit entry per patient; for an integrator, a disclosure
 * per patient) in the same commit as the files. Progress and the claim's renewal go in short transactions of their
 * own; a cancellation is seen between batches and rolls the run back.
 */
@Injectable()
export class ExportRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private readonly logger = new Logger('fhir-export');

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(EXPORT_SETTINGS) private readonly settings: ExportSettings,
    @Inject(FHIR_PSEUDONYMIZER) private readonly pseudonymizer: FhirPseudonymizer | undefined,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.pollMs <= 0) return;
    this.timer = setInterval(() => this.kick(), this.settings.pollMs);
    this.timer.unref();
  }

  /** Looks for work now (after a kick-off) unless a run is under way. */
  kick(): void {
    if (this.running) return;
    this.running = this.drain()
      .catch((err: Error) => this.logger.warn(`export runner: ${err.message}`))
      .finally(() => (this.running = undefined));
  }

  private async drain(): Promise<void> {
    while (await this.runOnce()) { /* next job */ }
    await this.prune();
  }

  /** Claims and runs one job; false when there was none to run. */
  async runOnce(): Promise<boolean> {
    const job = await this.claim();
    if (!job) return false;
    if (job.attempts > MAX_ATTEMPTS) {
      await this.finish(job, 'failed', `The export was interrupted ${MAX_ATTEMPTS} times (the service restarted while running it); request it again.`);
      return true;
    }
    try {
      const transactionTime = await this.run(job);
      const done = await withTenant(this.pool, job.tenant_id, (c) => c.query(
        `UPDATE fhir_export_jobs SET status = 'completed', transaction_time = $2, finished_at = now(), lease_until = NULL, progress = NULL
         WHERE job_id = $1 AND status = 'running'`, [job.job_id, transactionTime]));
      if (!done.rowCount) await this.dropFiles(job);
    } catch (err) {
      if (err instanceof Cancelled) return true;
      this.logger.error({ err, jobId: job.job_id }, 'export failed');
      await this.finish(job, 'failed', 'The export failed on the server; request it again (the error is in the service\'s log).');
    }
    return true;
  }

  private async claim(): Promise<ExportJob | undefined> {
    return inTransaction(this.pool, async (client) => {
      await client.query(PROJECTOR_SETTING);
      const { rows } = await client.query<ExportJob>(
        `UPDATE fhir_export_jobs SET status = 'running', attempts = attempts + 1, lease_until = now() + make_interval(secs => $1), progress = 'started'
         WHERE job_id = (SELECT job_id FROM fhir_export_jobs WHERE status IN ('accepted', 'running') AND (lease_until IS NULL OR lease_until < now())
                         ORDER BY created_at FOR UPDATE SKIP LOCKED LIMIT 1)
         RETURNING tenant_id, job_id, level, actor, roles, claims, types, since, attempts`, [LEASE_SECONDS]);
      return rows[0];
    });
  }

  private async finish(job: ExportJob, status: 'failed', error: string): Promise<void> {
    await withTenant(this.pool, job.tenant_id, (c) => c.query(
      `UPDATE fhir_export_jobs SET status = $2, error = $3, finished_at = now(), lease_until = NULL WHERE job_id = $1 AND status = 'running'`,
      [job.job_id, status, error]));
    await this.dropFiles(job);
  }

  private async dropFiles(job: ExportJob): Promise<void> {
    await withTenant(this.pool, job.tenant_id, (c) => c.query('DELETE FROM fhir_export_files WHERE job_id = $1', [job.job_id]));
  }

  /** Renews the claim and says how far the run is; a cancelled (or reclaimed) job stops the run. */
  private async progress(job: ExportJob, text: string): Promise<void> {
    const { rowCount } = await withTenant(this.pool, job.tenant_id, (c) => c.query(
      `UPDATE fhir_export_jobs SET progress = $2, lease_until = now() + make_interval(secs => $3) WHERE job_id = $1 AND status = 'running' AND attempts = $4`,
      [job.job_id, text, LEASE_SECONDS, job.attempts]));
    if (!rowCount) throw new Cancelled();
  }

  /** The run itself; returns the snapshot's time (the manifest's transactionTime). */
  private async run(job: ExportJob): Promise<Date> {
    const actor: Principal = { subject: job.actor, tenantId: job.tenant_id, roles: job.roles };
    const audience = audienceOf(actor, job.claims);
    const begin = (client: PoolClient) => `BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT set_config('app.tenant_id', ${client.escapeLiteral(job.tenant_id)}, true)`;
    return inTransaction(this.pool, async (client) => {
      // A rerun after a restart starts over.
      await client.query('DELETE FROM fhir_export_files WHERE job_id = $1', [job.job_id]);
      const { rows: [{ now }] } = await client.query<{ now: Date }>('SELECT now()');
      const patients = new Set<string>();
      const disclosed: Disclosed[] = [];
      const consents = audience.kind === 'recipient' ? await consentsInForce(client, audience.recipient) : [];
      const pseudonymizer = this.pseudonymizer;
      if (audience.kind === 'analyst' && !pseudonymizer) throw new Error('no analytics pseudonym keys (ANALYTICS_PSEUDONYM_KEYS)');
      let exported = 0;
      for (const type of job.types) {
        let after = '';
        let part = 0;
        let lines: string[] = [];
        const flush = async () => {
          if (lines.length === 0) return;
          part += 1;
          await client.query('INSERT INTO fhir_export_files (tenant_id, job_id, resource_type, part, count, ndjson) VALUES ($1, $2, $3, $4, $5, $6)',
            [job.tenant_id, job.job_id, type, part, lines.length, `${lines.join('\n')}\n`]);
          lines = [];
        };
        for (;;) {
          const rows = await this.batch(client, job, audience, type, after);
          if (rows.length === 0) break;
          after = rows[rows.length - 1].id;
          for (const r of rows) {
            if (audience.kind === 'recipient' && r.patient_id) {
              const consent = coveringConsent(consents, r.patient_id!, type);
              if (!consent) continue; // the consent lapsed between the query's check and now: left out
              disclosed.push({ patientId: r.patient_id!, consent, reference: `${type}/${r.id}` });
            }
            if (r.patient_id) patients.add(r.patient_id);
            lines.push(r.line ?? JSON.stringify(withNotice(deidentify(r.resource!, (id) => pseudonymizer!.of(job.tenant_id, id)))));
            if (lines.length >= this.settings.fileSize) await flush();
          }
          exported += rows.length;
          await this.progress(job, `${exported} resources exported (${type})`);
        }
        await flush();
      }
      if (audience.kind === 'recipient') await recordDisclosures(client, this.audit, this.store, actor, audience.recipient, '$export', disclosed);
      else await auditExport(client, actor, job, [...patients], audience.kind === 'analyst');
      return now;
    }, begin);
  }

  private async batch(client: PoolClient, job: ExportJob, audience: Audience, type: ResourceType, after: string) {
    const values: unknown[] = [job.tenant_id, type, after, this.settings.batchSize];
    const where = ['tenant_id = $1', 'resource_type = $2', 'id > $3'];
    if (job.since) where.push(`last_updated > $${values.push(job.since)}`);
    if (job.level === 'patient') where.push('patient_id IS NOT NULL');
    if (audience.kind === 'staff' && audience.patientId) where.push(`patient_id = $${values.push(audience.patientId)}::uuid`);
    if (audience.kind === 'recipient' && DISCLOSURE_CATEGORY[type]) {
      where.push(`EXISTS (SELECT 1 FROM fhir_consents c WHERE c.tenant_id = fhir_resources.tenant_id AND c.patient_id = fhir_resources.patient_id
        AND c.recipient = $${values.push(audience.recipient)} AND $${values.push(DISCLOSURE_CATEGORY[type])} = ANY(c.information) AND c.revoked_at IS NULL
        AND c.granted_at <= now() AND (c.expires_at IS NULL OR c.expires_at > now()))`);
    }
    // Analysts' lines are de-identified here; the others are served as stored with the notice, which PostgreSQL adds
    // and prints (withNotice's result), sparing the parse and the printing of every resource in this process.
    const served = audience.kind === 'analyst'
      ? 'NULL::text AS line, resource'
      : `${servedSql((v) => `$${values.push(v)}`)} AS line, NULL::jsonb AS resource`;
    const { rows } = await client.query<{ id: string; patient_id: string | null; line: string | null; resource: FhirResource | null }>(
      `SELECT id, patient_id, ${served} FROM fhir_resources WHERE ${where.join(' AND ')} ORDER BY id LIMIT $4`, values);
    return rows;
  }

  /** Finished jobs' files go after the retention (the manifest's links stop working then). */
  private async prune(): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query(PROJECTOR_SETTING);
      await client.query(`DELETE FROM fhir_export_jobs WHERE finished_at < now() - make_interval(hours => $1)`, [this.settings.retentionHours]);
    });
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}

/**
 * One audit entry per patient whose data the export holds, in one statement (an export can hold thousands): the same
 * rows AuditLog.record writes, action `export`, so each patient's access log shows it.
 */
async function auditExport(client: PoolClient, actor: Principal, job: ExportJob, patients: string[], deidentified: boolean): Promise<void> {
  if (patients.length === 0) return;
  await client.query(
    `INSERT INTO audit_log (tenant_id, actor, actor_roles, patient_id, action, resource, purpose, correlation_id, details)
     SELECT $1, $2, $3, p, 'export', $4, $5, NULL, $6 FROM unnest($7::uuid[]) AS p`,
    [actor.tenantId, actor.subject, actor.roles, `fhir/$export/${job.job_id}`, deidentified ? 'operations' : 'treatment',
      { types: job.types, deidentified }, patients]);
}
