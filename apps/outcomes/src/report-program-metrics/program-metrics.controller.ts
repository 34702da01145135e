import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import { addDays, localDateOf } from '@iop/calendar';
import { type CommandContext, Ctx } from '@iop/event-store';
import {
  AuditLog, CurrentPrincipal, isSmallCell, PG_POOL, type Principal, ProblemError, Roles, suppressCount, suppressesSmallCells, suppressMedian, suppressRate,
  withTenant,
} from '@iop/platform';
import { IsCalendarDate } from '../shared/date-fields';
import { programMetricsCsv } from './program-metrics.csv';
import { METRICS_DESCRIPTION } from './program-metrics.definitions';
import { alertFacts, cohortFacts } from './program-metrics.query';
import { type Duration, programMetrics, type ProgramMetrics } from './program-metrics.rules';

class ProgramMetricsQuery {
  @ApiPropertyOptional({ format: 'date', description: 'First day of the cohorts (default: 364 days before `to`).' }) @IsOptional() @IsCalendarDate() from?: string;
  @ApiPropertyOptional({ format: 'date', description: 'Last day of the cohorts, inclusive (default: today).' }) @IsOptional() @IsCalendarDate() to?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() locationId?: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'] }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}

export type ProgramMetricsView = ProgramMetrics & { from: string; to: string; locationId: string | null; cohorts: { admitted: number | null; discharged: number | null } };

/** What the analyst role sees: every figure about 1 to 10 patients suppressed (the rule is in @iop/platform, small-cells). */
function forAnalysts(m: ProgramMetrics): ProgramMetrics {
  return Object.fromEntries(Object.entries(m).map(([name, v]) => [name, 'rate' in v ? suppressRate(v) : 'p90' in v ? suppressDuration(v) : suppressMedian(v)])) as ProgramMetrics;
}

/** A response time describes its patients (episodes), not its alerts: fewer than 11 of them, nothing is shown. */
function suppressDuration(d: Duration) {
  return isSmallCell(d.patients) ? { median: null, p90: null, count: null, patients: null, suppressed: true as const } : d;
}

@ApiTags('metrics')
@Controller('v1/metrics/program')
export class ProgramMetricsController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  @Get()
  @Roles('analyst', 'admin')
  @ApiOperation({
    summary: 'Program metrics over a date range (roles analyst, admin): aggregates only.',
    description: `${METRICS_DESCRIPTION}\n\nFor the analyst role (without admin), every figure about 1 to 10 patients is suppressed: a count from 1 to 10, a rate whose denominator, numerator or their difference is from 1 to 10, a median of fewer than 11 patients (null values and "suppressed": true).`,
  })
  @ApiProduces('application/json', 'text/csv')
  async metrics(
    @Query() q: ProgramMetricsQuery, @Ctx() ctx: CommandContext, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProgramMetricsView | string> {
    const today = localDateOf(ctx.now);
    const to = q.to ?? today;
    const from = q.from ?? addDays(to, -364);
    if (from > to) throw new ProblemError(400, `from (${from}) is after to (${to}).`, [{ path: 'from', message: 'must not be after to' }], 'validation');
    const scope = { from, to, locationId: q.locationId ?? null };
    const { facts, alerts } = await withTenant(this.pool, principal.tenantId, async (client) => ({ facts: await cohortFacts(client, scope), alerts: await alertFacts(client, scope) }));
    const all = programMetrics(facts.admitted, facts.discharged, today, alerts);
    const suppress = suppressesSmallCells(principal);
    const metrics = suppress ? forAnalysts(all) : all;
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
