import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { Pool } from 'pg';
import { isCalendarDate } from '@iop/calendar';
import { AuditLog, CurrentPrincipal, type KeyedRow, keyset, type Page, PageQuery, PG_POOL, ProblemError, withTenant, type Principal } from '@iop/platform';
import { AllowRoles, COMPLIANCE_READERS } from '../shared/clinical-notes.roles';
import { DocumentationSettingsRepository } from '../configure-documentation/documentation-settings.repository';

type OverduePlan = {
  episodeId: string; patientId: string; planId: string | null; planStatus: 'none' | 'draft' | 'signed';
  reason: 'initial-plan' | 'review'; dueDate: string; overdue: boolean; clinician: string | null;
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
         to_char(due_date, 'YYYY-MM-DD') AS "dueDate", due_date < $3::date AS overdue, primary_clinician AS clinician, ${OVERDUE.keySelect}
  FROM due
  WHERE (due_date < $3::date OR ($5::int IS NOT NULL AND due_date <= $3::date + $5::int)) AND ($6::text IS NULL OR primary_clinician = $6)
    AND ${after}
  ORDER BY ${OVERDUE.orderBy} LIMIT $4`;

export class OverduePlansQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'date', example: '2026-04-01', description: 'The day the list is for, YYYY-MM-DD (default: today, UTC).' })
  @IsOptional() @IsString()
  asOf?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 90, description: 'Also the plans falling due in the next N days (due on asOf to asOf + N); each item says whether it is overdue.' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(90)
  dueWithinDays?: number;

  @ApiPropertyOptional({ description: "Only the episodes whose primary clinician this is (a staff subject, e.g. the token's)." })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  clinician?: string;
}

export class OverduePlanDto {
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) planId!: string | null;
  @ApiProperty({ enum: ['none', 'draft', 'signed'] }) planStatus!: string;
  @ApiProperty({ enum: ['initial-plan', 'review'] }) reason!: string;
  @ApiProperty({ format: 'date' }) dueDate!: string;
  @ApiProperty({ description: 'Due before asOf (else it falls due within dueWithinDays).' }) overdue!: boolean;
  @ApiProperty({ type: String, nullable: true, description: "The episode's primary clinician." }) clinician!: string | null;
}

export class OverduePlanPageDto {
  @ApiProperty({ type: [OverduePlanDto] }) items!: OverduePlanDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass back as ?cursor= for the next page; null on the last page.' }) nextCursor!: string | null;
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
  @ApiOperation({ summary: 'Open episodes whose initial plan or periodic review is past due (as of today, or ?asOf=YYYY-MM-DD), or due soon (?dueWithinDays=).' })
  @ApiOkResponse({ type: OverduePlanPageDto })
  async list(@CurrentPrincipal() who: Principal, @Query() q: OverduePlansQuery): Promise<Page<OverduePlan>> {
    const { asOf } = q;
    if (asOf !== undefined && !isCalendarDate(asOf)) throw new ProblemError(400, 'asOf is a calendar date, YYYY-MM-DD.');
    const day = asOf ?? new Date().toISOString().slice(0, 10);
    const { planDueDays, planReviewDays } = await this.settings.get(who.tenantId);
    const req = OVERDUE.request(q);
    const after = OVERDUE.where(req, 7);
    const { rows } = await withTenant(this.pool, who.tenantId, (c) => c.query<OverduePlan & KeyedRow>(overdueSql(after.sql),
      [planDueDays, planReviewDays, day, req.limit + 1, q.dueWithinDays ?? null, q.clinician ?? null, ...after.params]));
    const page = OVERDUE.page(rows, req);
    const details = { asOf: day, dueWithinDays: q.dueWithinDays ?? null, clinician: q.clinician ?? null, count: page.items.length };
    await this.audit.record({ actor: who, action: 'list', resource: 'treatment-plans/overdue', details });
    return page;
  }
}
