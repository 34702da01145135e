import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import type { Pool } from 'pg';
import { isCalendarDate } from '@iop/calendar';
import { AuditLog, CurrentPrincipal, type KeyedRow, keyset, type Page, PageQuery, PG_POOL, ProblemError, withTenant, type Principal } from '@iop/platform';
import { AllowRoles, COMPLIANCE_READERS } from '../shared/clinical-notes.roles';
import { DocumentationSettingsRepository } from '../configure-documentation/documentation-settings.repository';

type OverduePlan = {
  episodeId: string; patientId: string; planId: string | null; planStatus: 'none' | 'draft' | 'signed';
  reason: 'initial-plan' | 'review'; dueDate: string; clinician: string | null;
};

/*
 * A plan is due `planDueDays` after the episode's first program day until a version is signed; after that, a review
 * (or a newly signed version) is due every `planReviewDays`. Discharged episodes owe no plan.
 */
const OVERDUE = keyset('clinical-notes.overdue-plans', [{ sql: 'due_date', type: 'date' }, { sql: 'episode_id', type: 'uuid' }]);

const overdueSql = (after: string) => `
  WITH due AS (
    SELECT c.episode_id, c.patient_id, c.primary_clinician, p.plan_id, coalesce(p.status, 'none') AS plan_status,
           CASE WHEN coalesce(p.signed_version, 0) = 0 THEN 'initial-plan' ELSE 'review' END AS reason,
           CASE WHEN coalesce(p.signed_version, 0) = 0 THEN c.start_date + $1::int
                ELSE (greatest(p.last_signed_at, coalesce(p.last_reviewed_at, p.last_signed_at)) AT TIME ZONE 'UTC')::date + $2::int END AS due_date
    FROM charts c LEFT JOIN treatment_plans p ON p.episode_id = c.episode_id
    WHERE c.discharged_at IS NULL)
  SELECT episode_id AS "episodeId", patient_id AS "patientId", plan_id AS "planId", plan_status AS "planStatus", reason,
         to_char(due_date, 'YYYY-MM-DD') AS "dueDate", primary_clinician AS clinician, ${OVERDUE.keySelect}
  FROM due WHERE due_date < $3::date AND ${after}
  ORDER BY ${OVERDUE.orderBy} LIMIT $4`;

export class OverduePlansQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'date', example: '2026-04-01', description: 'The day the list is for, YYYY-MM-DD (default: today, UTC).' })
  @IsOptional() @IsString()
  asOf?: string;
}

@ApiTags('treatment plans')
@Controller('v1/treatment-plans')
export class OverduePlansController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(DocumentationSettingsRepository) private readonly settings: DocumentationSettingsRepository,
  ) {}

  @Get('overdue')
  @AllowRoles(...COMPLIANCE_READERS)
  @ApiOperation({ summary: 'Open episodes whose initial plan or periodic review is past due (as of today, or ?asOf=YYYY-MM-DD).' })
  async list(@CurrentPrincipal() who: Principal, @Query() q: OverduePlansQuery): Promise<Page<OverduePlan>> {
    const { asOf } = q;
    if (asOf !== undefined && !isCalendarDate(asOf)) throw new ProblemError(400, 'asOf is a calendar date, YYYY-MM-DD.');
    const day = asOf ?? new Date().toISOString().slice(0, 10);
    const { planDueDays, planReviewDays } = await this.settings.get(who.tenantId);
    const req = OVERDUE.request(q);
    const after = OVERDUE.where(req, 5);
    const { rows } = await withTenant(this.pool, who.tenantId, (c) =>
      c.query<OverduePlan & KeyedRow>(overdueSql(after.sql), [planDueDays, planReviewDays, day, req.limit + 1, ...after.params]));
    const page = OVERDUE.page(rows, req);
    await this.audit.record({ actor: who, action: 'list', resource: 'treatment-plans/overdue', details: { asOf: day, count: page.items.length } });
    return page;
  }
}
