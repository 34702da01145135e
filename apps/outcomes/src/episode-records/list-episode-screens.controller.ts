import { Controller, Get, Inject, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import type { AnalyteResult } from '@iop/domain-events';
import { AuditLog, CLINICAL_ROLES, CurrentPrincipal, PG_POOL, type Principal, Roles } from '@iop/platform';
import { episodeRecords } from '../http/episode-records';
import { type Page, PageQuery } from '../http/page';

export type StoredDrugScreen = { screenId: string; collectedOn: string; results: AnalyteResult[]; recordedBy: string; recordedAt: string };
export type StoredAbstinenceReport = {
  reportId: string; periodStart: string; periodEnd: string; daysAbstinent: number; reportedBy: string; reportedAt: string;
};

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
