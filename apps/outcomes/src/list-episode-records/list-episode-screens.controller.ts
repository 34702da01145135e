import { Controller, Get, Inject, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import type { AnalyteResult } from '@iop/domain-events';
import { AuditLog, CLINICAL_ROLES, CurrentPrincipal, keyset, type Page, PageQuery, PG_POOL, type Principal, Roles } from '@iop/platform';
import { episodeRecords } from '../shared/episode-records';
import { StoredAbstinenceReportPageDto, StoredDrugScreenPageDto } from './episode-records.dto';

export type StoredDrugScreen = { screenId: string; collectedOn: string; results: AnalyteResult[]; recordedBy: string; recordedAt: string };
export type StoredAbstinenceReport = {
  reportId: string; periodStart: string; periodEnd: string; daysAbstinent: number; reportedBy: string; reportedAt: string;
};

const DRUG_SCREENS = keyset('outcomes.episode-drug-screens', [
  { sql: 'collected_on', type: 'date' }, { sql: 'recorded_at', type: 'timestamptz' }, { sql: 'screen_id', type: 'uuid' },
]);
const ABSTINENCE_REPORTS = keyset('outcomes.episode-abstinence-reports', [
  { sql: 'period_start', type: 'date' }, { sql: 'reported_at', type: 'timestamptz' }, { sql: 'report_id', type: 'uuid' },
]);

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
  @ApiOkResponse({ type: StoredDrugScreenPageDto })
  list(@Param('episodeId', new ParseUUIDPipe()) episodeId: string, @Query() page: PageQuery, @CurrentPrincipal() principal: Principal): Promise<Page<StoredDrugScreen>> {
    return episodeRecords(this.pool, this.audit, principal, episodeId, 'drug-screens', DRUG_SCREENS, page,
      (after) => `SELECT screen_id, to_char(collected_on, 'YYYY-MM-DD') AS collected_on, results, recorded_by, recorded_at, ${DRUG_SCREENS.keySelect}
       FROM outcome_drug_screens WHERE episode_id = $1 AND ${after} ORDER BY ${DRUG_SCREENS.orderBy} LIMIT $2`,
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
  @ApiOkResponse({ type: StoredAbstinenceReportPageDto })
  list(@Param('episodeId', new ParseUUIDPipe()) episodeId: string, @Query() page: PageQuery, @CurrentPrincipal() principal: Principal): Promise<Page<StoredAbstinenceReport>> {
    return episodeRecords(this.pool, this.audit, principal, episodeId, 'abstinence-reports', ABSTINENCE_REPORTS, page,
      (after) => `SELECT report_id, to_char(period_start, 'YYYY-MM-DD') AS period_start, to_char(period_end, 'YYYY-MM-DD') AS period_end, days_abstinent,
         reported_by, reported_at, ${ABSTINENCE_REPORTS.keySelect}
       FROM outcome_abstinence_reports WHERE episode_id = $1 AND ${after} ORDER BY ${ABSTINENCE_REPORTS.orderBy} LIMIT $2`,
      (r) => ({
        reportId: r.report_id as string, periodStart: r.period_start as string, periodEnd: r.period_end as string,
        daysAbstinent: r.days_abstinent as number, reportedBy: r.reported_by as string, reportedAt: (r.reported_at as Date).toISOString(),
      }));
  }
}
