import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import { addDays, localDateOf } from '@iop/calendar';
import { type CommandContext, Ctx } from '@iop/event-store';
import { DISCHARGE_REASONS } from '@iop/domain-events';
import { AuditLog, CurrentPrincipal, PG_POOL, type Principal, ProblemError, Roles, suppressCount, suppressesSmallCells, withTenant } from '@iop/platform';
import { IsCalendarDate } from '../shared/date-fields';
import { programMetricsCsv } from './program-metrics.csv';
import { METRICS_DESCRIPTION } from './program-metrics.definitions';
import { ProgramMetricsDto } from './program-metrics.dto';
import { alertFacts, alumniFacts, censusFacts, cohortFacts } from './program-metrics.query';
import { programMetrics } from './program-metrics.rules';
import { type AnalystProgramMetrics, forAnalysts } from './program-metrics.suppression';

class ProgramMetricsQuery {
  @ApiPropertyOptional({ format: 'date', description: 'First day of the cohorts (default: 364 days before `to`).' }) @IsOptional() @IsCalendarDate() from?: string;
  @ApiPropertyOptional({ format: 'date', description: 'Last day of the cohorts, inclusive (default: today).' }) @IsOptional() @IsCalendarDate() to?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() locationId?: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'] }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}

export type ProgramMetricsView = AnalystProgramMetrics & {
  from: string; to: string; locationId: string | null; cohorts: { admitted: number | null; discharged: number | null };
};

/**
 * Aggregates only, for the clinic's program oversight: its admin, the clinical supervisor, the medical director and
 * the analyst (who alone sees small cells suppressed).
 */
const METRICS_READERS = ['admin', 'supervisor', 'medical-director', 'analyst'] as const;

@ApiTags('metrics')
@Controller('v1/metrics/program')
export class ProgramMetricsController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  @Get()
  @Roles(...METRICS_READERS)
  @ApiOperation({
    summary: 'Program metrics over a date range (roles admin, supervisor, medical-director, analyst): aggregates only.',
    description: `${METRICS_DESCRIPTION}\n\nFor the analyst role (without admin or supervisor), every figure about 1 to 10 patients is suppressed: a count from 1 to 10, ` +
      'a rate whose denominator, numerator or their difference is from 1 to 10, a median, mean or tally of fewer than 11 patients (null values and "suppressed": true); ' +
      'in a breakdown, more cells are hidden, smallest first, until the hidden cells add up to 0 or more than 10 (the total would give a lone one back).',
  })
  @ApiExtraModels(ProgramMetricsDto)
  @ApiOkResponse({
    description: 'The metrics (application/json), or with ?format=csv the same figures as text/csv (one row per figure).',
    content: { 'application/json': { schema: { $ref: getSchemaPath(ProgramMetricsDto) } }, 'text/csv': { schema: { type: 'string' } } },
  })
  async metrics(
    @Query() q: ProgramMetricsQuery, @Ctx() ctx: CommandContext, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProgramMetricsView | string> {
    const today = localDateOf(ctx.now);
    const to = q.to ?? today;
    const from = q.from ?? addDays(to, -364);
    if (from > to) throw new ProblemError(400, `from (${from}) is after to (${to}).`, [{ path: 'from', message: 'must not be after to' }], 'validation');
    const scope = { from, to, locationId: q.locationId ?? null };
    const { facts, alerts, enrolled, alumni } = await withTenant(this.pool, principal.tenantId, async (client) => ({
      facts: await cohortFacts(client, scope), alerts: await alertFacts(client, scope), enrolled: await censusFacts(client, scope),
      alumni: await alumniFacts(client, scope),
    }));
    const all = programMetrics(facts.admitted, facts.discharged, today, alerts, { asOf: to, rows: enrolled }, DISCHARGE_REASONS, { from, to, sessions: alumni });
    const suppress = suppressesSmallCells(principal);
    const metrics: AnalystProgramMetrics = suppress ? forAnalysts(all) : all;
    // Aggregates hold no patient, but who looked at or exported the program's figures is still worth a record.
    await this.audit.record({ actor: principal, action: q.format === 'csv' ? 'export' : 'read', resource: 'metrics/program', purpose: 'operations', details: scope });
    if (q.format === 'csv') {
      void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="program-metrics-${from}-${to}.csv"`);
      return programMetricsCsv(metrics, scope);
    }
    const cohort = (n: number) => (suppress ? suppressCount(n) : n);
    return { ...scope, cohorts: { admitted: cohort(facts.admitted.length), discharged: cohort(facts.discharged.length) }, ...metrics };
  }
}
