import { Controller, Get, Inject, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import type { AnalyteResult } from '@iop/domain-events';
import { AuditLog, CLINICAL_ROLES, CurrentPrincipal, PG_POOL, type Principal, Roles, withTenant } from '@iop/platform';
import { patientOfEpisode } from '../http/episode-lookup';
import { type Page, PageQuery, offsetOf, pageOf } from '../http/page';

export type StoredDrugScreen = { screenId: string; collectedOn: string; results: AnalyteResult[]; recordedBy: string; recordedAt: string };
export type StoredAbstinenceReport = {
  reportId: string; periodStart: string; periodEnd: string; daysAbstinent: number; reportedBy: string; reportedAt: string;
};

/** One page of an episode's rows, read for this tenant (another clinic's episode is a 404) and audited as a read. */
async function episodeRecords<T>(
  pool: Pool, audit: AuditLog, principal: Principal, episodeId: string, what: string, page: PageQuery, sql: string, row: (r: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const limit = page.limit ?? 50;
  const { patientId, rows } = await withTenant(pool, principal.tenantId, async (client) => ({
    patientId: await patientOfEpisode(client, episodeId),
    rows: (await client.query(sql, [episodeId, limit + 1, offsetOf(page.cursor)])).rows,
  }));
  await audit.record({ actor: principal, action: 'read', resource: `episode/${episodeId}/${what}`, patientId });
  return pageOf(rows.map(row), page);
}

@ApiTags('measures')
@Controller('v1/episodes/:episodeId/drug-screens')
export class ListEpisodeDrugScreensController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  @Get()
  @Roles(...CLINICAL_ROLES)
  @ApiOperation({ summary: 'The episode\'s urine drug screens, oldest collection first: one result per analyte, who recorded it and when (clinical roles; audited).' })
  list(@Param('episodeId', new ParseUUIDPipe()) episodeId: string, @Query() page: PageQuery, @CurrentPrincipal() principal: Principal): Promise<Page<StoredDrugScreen>> {
    return episodeRecords(this.pool, this.audit, principal, episodeId, 'drug-screens', page,
      `SELECT screen_id, to_char(collected_on, 'YYYY-MM-DD') AS collected_on, results, recorded_by, recorded_at
       FROM outcome_drug_screens WHERE episode_id = $1 ORDER BY collected_on, recorded_at, screen_id LIMIT $2 OFFSET $3`,
      (r) => ({
        screenId: r.screen_id as string, collectedOn: r.collected_on as string, results: r.results as AnalyteResult[],
        recordedBy: r.recorded_by as string, recordedAt: (r.recorded_at as Date).toISOString(),
      }));
  }
}

@ApiTags('measures')
@Controller('v1/episodes/:episodeId/abstinence-reports')
export class ListEpisodeAbstinenceReportsController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  @Get()
  @Roles(...CLINICAL_ROLES)
  @ApiOperation({ summary: 'The episode\'s self-reported abstinence, earliest period first: days abstinent per period, who took the report and when (clinical roles; audited).' })
  list(@Param('episodeId', new ParseUUIDPipe()) episodeId: string, @Query() page: PageQuery, @CurrentPrincipal() principal: Principal): Promise<Page<StoredAbstinenceReport>> {
    return episodeRecords(this.pool, this.audit, principal, episodeId, 'abstinence-reports', page,
      `SELECT report_id, to_char(period_start, 'YYYY-MM-DD') AS period_start, to_char(period_end, 'YYYY-MM-DD') AS period_end, days_abstinent,
         reported_by, reported_at
       FROM outcome_abstinence_reports WHERE episode_id = $1 ORDER BY period_start, reported_at, report_id LIMIT $2 OFFSET $3`,
      (r) => ({
        reportId: r.report_id as string, periodStart: r.period_start as string, periodEnd: r.period_end as string,
        daysAbstinent: r.days_abstinent as number, reportedBy: r.reported_by as string, reportedAt: (r.reported_at as Date).toISOString(),
      }));
  }
}
