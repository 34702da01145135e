import { randomUUID } from 'node:crypto';
import { Controller, Delete, Get, Inject, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { AuditLog, CLINICAL_ROLES, CurrentPrincipal, PG_POOL, type Principal, ProblemError, Roles, withTenant } from '@iop/platform';
import { REDISCLOSURE_NOTICE } from '@iop/domain-events';
import { baseUrl } from '../api/fhir.controller';
import { FHIR_JSON, operationOutcome, OperationOutcomeFilter } from '../api/operation-outcome.filter';
import { claimsOf } from '../api/smart-scopes';
import { REDISCLOSURE_NOTICE_URL } from '../disclosure/recipient-access';
import { isResourceType } from '../resources/fhir-resources';
import { allowedTypes, audienceOf, parseKickoff } from './export-policy';
import type { FhirPseudonymizer } from './deidentify';
import { ExportRunner, FHIR_PSEUDONYMIZER } from './export-runner';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EXPORT_ROLES = [...CLINICAL_ROLES, 'integrator', 'analyst'] as const;

type JobRow = {
  job_id: string; actor: string; status: string; progress: string | null; error: string | null; request_url: string; transaction_time: Date | null;
};

/**
 * FHIR Bulk Data export (IG 2.0, asynchronous request pattern): a kick-off answers 202 with the job's status URL in
 * Content-Location; polling it answers 202 with X-Progress while the job runs, then 200 with the manifest; each NDJSON
 * file is downloaded with the same token; DELETE cancels. A job is its requester's alone (same subject and tenant).
 */
@ApiExcludeController()
@Controller('fhir')
@UseFilters(OperationOutcomeFilter)
export class ExportController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(ExportRunner) private readonly runner: ExportRunner,
    @Inject(FHIR_PSEUDONYMIZER) private readonly pseudonymizer: FhirPseudonymizer | undefined,
  ) {}

  @Get('$export')
  @Roles(...EXPORT_ROLES)
  async system(@Query() query: Record<string, string>, @Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal) {
    await this.kickoff('system', query, request, reply, principal);
  }

  @Get('Patient/$export')
  @Roles(...EXPORT_ROLES)
  async patients(@Query() query: Record<string, string>, @Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal) {
    await this.kickoff('patient', query, request, reply, principal);
  }

  private async kickoff(level: 'system' | 'patient', query: Record<string, string>, request: FastifyRequest, reply: FastifyReply, principal: Principal): Promise<void> {
    const prefer = String(request.headers.prefer ?? '');
    if (!/(^|[,;\s])respond-async($|[,;\s])/.test(prefer)) throw new ProblemError(400, 'A Bulk Data export is asynchronous: send Prefer: respond-async.');
    const accept = request.headers.accept;
    if (accept && !/application\/fhir\+json|application\/json|\*\/\*/.test(accept)) throw new ProblemError(406, 'The kick-off answers application/fhir+json.');
    const claims = claimsOf(request.headers.authorization);
    const audience = audienceOf(principal, claims);
    if (audience.kind === 'analyst' && !this.pseudonymizer) throw new ProblemError(503, 'De-identified exports need the analytics pseudonym keys (ANALYTICS_PSEUDONYM_KEYS), which this service was not given.');
    const { types, since } = parseKickoff(query, allowedTypes(audience, claims));
    const jobId = randomUUID();
    const url = `${baseUrl(request)}${request.url.slice(request.url.indexOf('/fhir') + '/fhir'.length)}`;
    await withTenant(this.pool, principal.tenantId, async (client) => {
      await client.query(
        `INSERT INTO fhir_export_jobs (tenant_id, job_id, level, actor, roles, claims, request_url, types, since, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'accepted', now())`,
        [principal.tenantId, jobId, level, principal.subject, principal.roles, claims, url, types, since ?? null]);
      await this.audit.record({ actor: principal, action: 'export', resource: `fhir/$export/${jobId}`, details: { level, types, since, audience: audience.kind } }, client);
    });
    this.runner.kick();
    void reply.status(202).header('Content-Location', `${baseUrl(request)}/$export-status/${jobId}`).type(FHIR_JSON)
      .send(operationOutcomeInformation(`Export ${jobId} accepted; poll its Content-Location.`));
  }

  @Get('$export-status/:jobId')
  @Roles(...EXPORT_ROLES)
  async status(@Param('jobId') jobId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal) {
    const job = await this.job(jobId, principal);
    if (job.status === 'accepted' || job.status === 'running') {
      void reply.status(202).header('X-Progress', job.progress ?? 'queued').header('Retry-After', '2').type(FHIR_JSON).send();
      return;
    }
    if (job.status === 'failed') {
      void reply.status(500).type(FHIR_JSON).send(operationOutcome(500, job.error ?? 'The export failed.'));
      return;
    }
    const files = await withTenant(this.pool, principal.tenantId, async (client) => (await client.query<{ resource_type: string; part: number; count: number }>(
      'SELECT resource_type, part, count FROM fhir_export_files WHERE job_id = $1 ORDER BY resource_type, part', [jobId])).rows);
    const base = baseUrl(request);
    void reply.status(200).type('application/json').send({
      transactionTime: job.transaction_time!.toISOString(),
      request: job.request_url,
      requiresAccessToken: true,
      output: files.map((f) => ({ type: f.resource_type, url: `${base}/$export-files/${jobId}/${f.resource_type}/${f.part}`, count: f.count })),
      error: [],
      // 42 CFR 2.32: the notice goes with the disclosure (each resource also carries it and the NORDSLCD label).
      extension: { [REDISCLOSURE_NOTICE_URL]: REDISCLOSURE_NOTICE },
    });
  }

  @Delete('$export-status/:jobId')
  @Roles(...EXPORT_ROLES)
  async cancel(@Param('jobId') jobId: string, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal) {
    const job = await this.job(jobId, principal);
    if (job.status === 'completed' || job.status === 'failed') {
      // Deleting a finished job removes its files (the IG lets a client say it is done with them).
      await withTenant(this.pool, principal.tenantId, (c) => c.query('DELETE FROM fhir_export_jobs WHERE job_id = $1', [jobId]));
    } else {
      // The runner sees the status between batches and rolls its run back; its files are never committed.
      await withTenant(this.pool, principal.tenantId, (c) => c.query(
        `UPDATE fhir_export_jobs SET status = 'cancelled', finished_at = now(), lease_until = NULL WHERE job_id = $1 AND status IN ('accepted', 'running')`, [jobId]));
    }
    void reply.status(202).type(FHIR_JSON).send(operationOutcomeInformation(`Export ${jobId} cancelled.`));
  }

  @Get('$export-files/:jobId/:type/:part')
  @Roles(...EXPORT_ROLES)
  async file(
    @Param('jobId') jobId: string, @Param('type') type: string, @Param('part') part: string, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal,
  ) {
    const job = await this.job(jobId, principal);
    if (job.status !== 'completed' || !isResourceType(type) || !/^[1-9][0-9]{0,6}$/.test(part)) throw new ProblemError(404, 'No such export file.');
    const file = await withTenant(this.pool, principal.tenantId, async (client) => (await client.query<{ ndjson: string }>(
      'SELECT ndjson FROM fhir_export_files WHERE job_id = $1 AND resource_type = $2 AND part = $3', [jobId, type, Number(part)])).rows[0]);
    if (!file) throw new ProblemError(404, 'No such export file.');
    void reply.status(200).type('application/fhir+ndjson').send(file.ndjson);
  }

  /** The caller's own job (another's, or a cancelled one, is not found: its existence is not disclosed). */
  private async job(jobId: string, principal: Principal): Promise<JobRow> {
    if (!UUID.test(jobId)) throw new ProblemError(404, 'No such export.');
    const job = await withTenant(this.pool, principal.tenantId, async (client) => (await client.query<JobRow>(
      `SELECT job_id, actor, status, progress, error, request_url, transaction_time FROM fhir_export_jobs WHERE tenant_id = $1 AND job_id = $2`,
      [principal.tenantId, jobId])).rows[0]);
    if (!job || job.actor !== principal.subject || job.status === 'cancelled') throw new ProblemError(404, 'No such export.');
    return job;
  }
}

const operationOutcomeInformation = (diagnostics: string) => ({ resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', diagnostics }] });
