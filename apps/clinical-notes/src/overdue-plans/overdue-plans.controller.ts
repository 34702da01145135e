import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { ApiPageQueries, AuditLog, CurrentPrincipal, PG_POOL, ProblemError, withTenant, type Principal } from '@iop/platform';
import { AllowRoles, COMPLIANCE_READERS } from '../http/clinical-notes.roles';
import { pageOf, type Page } from '../http/page';
import { DocumentationSettingsRepository } from '../settings/documentation-settings.repository';

type OverduePlan = {
  episodeId: string; patientId: string; planId: string | null; planStatus: 'none' | 'draft' | 'signed';
  reason: 'initial-plan' | 'review'; dueDate: string; clinician: string | null;
};

/*
 * A plan is due `planDueDays` after the episode's first program day until a version is signed; after that, a review
 * (or a newly signed version) is due every `planReviewDays`. Discharged episodes owe no plan.
 */
const OVERDUE_SQL = `
  WITH due AS (
    SELECT c.episode_id, c.patient_id, c.primary_clinician, p.plan_id, coalesce(p.status, 'none') AS plan_status,
           CASE WHEN coalesce(p.signed_version, 0) = 0 THEN 'initial-plan' ELSE 'review' END AS reason,
           CASE WHEN coalesce(p.signed_version, 0) = 0 THEN c.start_date + $1::int
                ELSE (greatest(p.last_signed_at, coalesce(p.last_reviewed_at, p.last_signed_at)) AT TIME ZONE 'UTC')::date + $2::int END AS due_date
    FROM charts c LEFT JOIN treatment_plans p ON p.episode_id = c.episode_id
    WHERE c.discharged_at IS NULL)
  SELECT episode_id AS "episodeId", patient_id AS "patientId", plan_id AS "planId", plan_status AS "planStatus", reason,
         to_char(due_date, 'YYYY-MM-DD') AS "dueDate", primary_clinician AS clinician, ARRAY[due_date::text, episode_id::text] AS key
  FROM due WHERE due_date < $3::date AND ($4::text IS NULL OR (due_date, episode_id) > ($4::date, $5::uuid))
  ORDER BY due_date, episode_id LIMIT $6`;

/** `2026-02-30` parses in JavaScript (as March 2nd): the round trip refuses it before PostgreSQL would. */
const isCalendarDate = (s: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

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
  @ApiQuery({ name: 'asOf', required: false, example: '2026-04-01', schema: { type: 'string', format: 'date' } })
  @ApiPageQueries()
  async list(
    @CurrentPrincipal() who: Principal, @Query('asOf') asOf?: string, @Query('limit') limit?: string, @Query('cursor') cursor?: string,
  ): Promise<Page<OverduePlan>> {
    if (asOf !== undefined && !isCalendarDate(asOf)) throw new ProblemError(400, 'asOf is a calendar date, YYYY-MM-DD.');
    const day = asOf ?? new Date().toISOString().slice(0, 10);
    const { planDueDays, planReviewDays } = await this.settings.get(who.tenantId);
    const page = await pageOf<OverduePlan>(limit, cursor, (max, after) => withTenant(this.pool, who.tenantId, async (c) => {
      const params = [planDueDays, planReviewDays, day, after?.[0] ?? null, after?.[1] ?? null, max];
      const { rows } = await c.query<OverduePlan & { key: string[] }>(OVERDUE_SQL, params);
      return rows.map(({ key, ...item }) => ({ item, key }));
    }));
    await this.audit.record({ actor: who, action: 'list', resource: 'treatment-plans/overdue', details: { asOf: day, count: page.items.length } });
    return page;
  }
}
