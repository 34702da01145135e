import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import type { Pool } from 'pg';
import { localDateOf } from '@iop/calendar';
import { type CommandContext, Ctx, EventStore } from '@iop/event-store';
import { AuditLog, CLINICAL_ROLES, CurrentPrincipal, keyset, type Page, PageQuery, PG_POOL, type Principal, Roles, withTenant } from '@iop/platform';
import { IsCalendarDate } from '../shared/date-fields';
import { loadOutcomeSettings } from '../shared/outcome-settings.loader';
import { measurementWorklist, type WorklistItem } from './measurement-worklist';
import { WorklistPageDto } from './worklist.dto';

class WorklistQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'date', description: 'The day the list is for (default: today, UTC).' }) @IsOptional() @IsCalendarDate() asOf?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() locationId?: string;
  @ApiPropertyOptional({ description: "Only the episodes whose care team includes this staff member (a token subject, e.g. the caller's own), as admissions' CareTeamChanged told outcomes." })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  careTeamMember?: string;
}

/** The worklists are computed, then paged in memory in measurementWorklist's order. */
const worklistKeyset = (wanted: string) => keyset(`outcomes.measures-${wanted}`, [
  { sql: 'due_date', type: 'date' }, { sql: 'episode_id', type: 'uuid' }, { sql: 'instrument', type: 'text' }, { sql: 'sequence', type: 'bigint' },
]);
const WORKLISTS = { due: worklistKeyset('due'), overdue: worklistKeyset('overdue') };
const worklistKey = (i: WorklistItem) => [i.dueDate, i.episodeId, i.instrument, String(i.sequence)];

// Episodes discharged longer ago than this have no occasion left open (the discharge window is days long).
const RECENT_DISCHARGE_DAYS = 60;

const SCHEDULE = 'Baseline within baselineWithinDays of the first program day, then every intervalDays (a measure counts from ' +
  'leadDays before the due date), and at discharge (leadDays either side), per the tenant\'s outcome settings. An occasion is ' +
  'overdue after its due date until the next occasion\'s window opens, then missed.';

@ApiTags('measures')
@Controller('v1/measures')
export class MeasuresDueController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  @Get('due')
  @Roles(...CLINICAL_ROLES)
  @ApiOperation({ summary: `Measures whose window is open and not yet met (clinical roles; audited); of one care-team member's episodes with ?careTeamMember=. ${SCHEDULE}` })
  @ApiOkResponse({ type: WorklistPageDto })
  due(@Query() q: WorklistQuery, @Ctx() ctx: CommandContext, @CurrentPrincipal() p: Principal): Promise<Page<WorklistItem>> {
    return this.worklist('due', q, ctx, p);
  }

  @Get('overdue')
  @Roles(...CLINICAL_ROLES)
  @ApiOperation({ summary: `Measures past their due date and not yet met or superseded (clinical roles; audited); of one care-team member's episodes with ?careTeamMember=. ${SCHEDULE}` })
  @ApiOkResponse({ type: WorklistPageDto })
  overdue(@Query() q: WorklistQuery, @Ctx() ctx: CommandContext, @CurrentPrincipal() p: Principal): Promise<Page<WorklistItem>> {
    return this.worklist('overdue', q, ctx, p);
  }

  private async worklist(wanted: 'due' | 'overdue', q: WorklistQuery, ctx: CommandContext, principal: Principal): Promise<Page<WorklistItem>> {
    const list = WORKLISTS[wanted];
    const req = list.request(q);
    const asOf = q.asOf ?? localDateOf(ctx.now);
    const { measurementSchedule } = await loadOutcomeSettings(this.store, principal.tenantId);
    const { episodes, measures } = await withTenant(this.pool, principal.tenantId, async (client) => {
      const episodes = (await client.query(
        `SELECT episode_id AS "episodeId", patient_id AS "patientId", location_id AS "locationId", start_date::text AS "startDate",
           discharge_date::text AS "dischargeDate" FROM outcome_episodes
         WHERE start_date <= $1::date AND status <> 'cancelled' AND (discharge_date IS NULL OR discharge_date >= $1::date - $2::int) AND ($3::uuid IS NULL OR location_id = $3)
           AND ($4::text IS NULL OR EXISTS (
             SELECT 1 FROM outcome_care_team_members m WHERE m.episode_id = outcome_episodes.episode_id AND m.staff_id = $4))`,
        [asOf, RECENT_DISCHARGE_DAYS, q.locationId ?? null, q.careTeamMember ?? null],
      )).rows;
      const measures = (await client.query(
        `SELECT episode_id AS "episodeId", instrument, administered_on::text AS "administeredOn" FROM outcome_measures
         WHERE episode_id = ANY($1::uuid[]) AND follow_up_id IS NULL`,
        [episodes.map((e) => e.episodeId)],
      )).rows;
      return { episodes, measures };
    });
    const all = measurementWorklist(episodes, measures, measurementSchedule, asOf, wanted);
    const page = list.pageOf(all, req, worklistKey);
    await this.auditPatients(principal, wanted, page.items);
    return page;
  }

  /** One audit row per patient shown: the accounting of a patient's record must list this read too. */
  private async auditPatients(principal: Principal, wanted: string, items: WorklistItem[]): Promise<void> {
    for (const patientId of new Set(items.map((i) => i.patientId))) {
      await this.audit.record({ actor: principal, action: 'list', resource: `measures/${wanted}`, patientId });
    }
  }
}
