import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import type { Pool } from 'pg';
import { invalid } from '@iop/decider';
import { type CommandContext, Commands, Ctx } from '@iop/event-store';
import { AuditLog, CurrentPrincipal, type KeyedRow, keyset, pageQueryUpTo, PG_POOL, type Principal, ProblemError, withTenant } from '@iop/platform';
import { MAX_SUMMARY_CHARS, safetyAlertDecider, safetyAlertStream, type SafetyAlertCommand } from '../domain/safety-alert/safety-alert.decide';
import { AllowRoles, NOTE_READERS, SETTINGS_ADMINS } from '../shared/clinical-notes.roles';
import { type SafetyAlertSettings, SafetyAlertSettingsRepository } from './safety-alert-settings.repository';
import { SafetyAlertDto, SafetyAlertPageDto } from './safety-alert.dto';

/** Safety alerts are clinical: the clinical roles see, acknowledge and resolve them (supervisors get the escalations). */
export const SAFETY_RESPONDERS = NOTE_READERS;

const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
const ALERTS = keyset('clinical-notes.safety-alerts', [{ sql: 'opened_at', type: 'timestamptz' }, { sql: 'alert_id', type: 'uuid' }]);

export class SafetyAlertQuery extends pageQueryUpTo(100) {
  @ApiPropertyOptional({ enum: ALERT_STATUSES }) @IsOptional() @IsIn(ALERT_STATUSES) status?: (typeof ALERT_STATUSES)[number];
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() episodeId?: string;
}

export class ResolveSafetyAlertDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The note documenting the response (a crisis note, a safety plan), of the same episode.' })
  @IsOptional() @IsUUID() noteId?: string;
  @ApiPropertyOptional({ maxLength: MAX_SUMMARY_CHARS, description: 'What was done; required without a noteId. Stays in clinical notes.' })
  @IsOptional() @IsString() @MaxLength(MAX_SUMMARY_CHARS) summary?: string;
}

class SafetyAlertSettingsDto implements SafetyAlertSettings {
  @ApiProperty({ example: 30, description: 'Minutes after which an unacknowledged alert escalates to the supervisor role.' })
  @IsInt() @Min(5) @Max(1440) escalateAfterMinutes!: number;
  @ApiProperty({ example: 7, description: 'Days before a positive drug screen in which an unexcused absence opens an alert.' })
  @IsInt() @Min(1) @Max(28) missedSessionWindowDays!: number;
}

type AlertRow = {
  alert_id: string; episode_id: string; patient_id: string; location_id: string | null; signal: string; source_id: string; signal_at: Date;
  status: string; routed_to: string; routed_to_staff_id: string | null; opened_at: Date; acknowledged_by: string | null;
  acknowledged_at: Date | null; escalated_at: Date | null; resolved_by: string | null; resolved_at: Date | null; note_id: string | null;
  summary: string | null;
};

const iso = (d: Date | null) => (d ? d.toISOString() : undefined);

const toView = (r: AlertRow) => ({
  alertId: r.alert_id, episodeId: r.episode_id, patientId: r.patient_id, locationId: r.location_id ?? undefined, signal: r.signal,
  sourceId: r.source_id, signalAt: r.signal_at.toISOString(), status: r.status, routedTo: r.routed_to,
  routedToStaffId: r.routed_to_staff_id ?? undefined, openedAt: r.opened_at.toISOString(), acknowledgedBy: r.acknowledged_by ?? undefined,
  acknowledgedAt: iso(r.acknowledged_at), escalatedAt: iso(r.escalated_at), resolvedBy: r.resolved_by ?? undefined,
  resolvedAt: iso(r.resolved_at), noteId: r.note_id ?? undefined, summary: r.summary ?? undefined,
});

/** The safety alert worklist and its two actions (docs/DOMAIN.md section 8). */
@ApiTags('safety alerts')
@Controller('v1')
export class SafetyAlertsController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(Commands) private readonly commands: Commands,
    @Inject(SafetyAlertSettingsRepository) private readonly settings: SafetyAlertSettingsRepository,
  ) {}

  @Get('safety-alerts')
  @AllowRoles(...SAFETY_RESPONDERS)
  @ApiOperation({ summary: 'Safety alerts, oldest first (?status=open|acknowledged|resolved&episodeId=&limit=&cursor=): the on-call worklist.' })
  @ApiOkResponse({ type: SafetyAlertPageDto })
  async list(@Query() q: SafetyAlertQuery, @CurrentPrincipal() who: Principal) {
    const page = ALERTS.request(q);
    const after = ALERTS.where(page, 5);
    const { rows } = await withTenant(this.pool, who.tenantId, (c) => c.query<AlertRow & KeyedRow>(
      `SELECT *, ${ALERTS.keySelect} FROM safety_alerts
       WHERE tenant_id = $1 AND ($2::uuid IS NULL OR episode_id = $2) AND ($3::text IS NULL OR status = $3) AND ${after.sql}
       ORDER BY ${ALERTS.orderBy} LIMIT $4`, [who.tenantId, q.episodeId ?? null, q.status ?? null, page.limit + 1, ...after.params]));
    await Promise.all(rows.slice(0, page.limit).map((r) => this.audit.record({ actor: who, action: 'list', resource: `safety-alert/${r.alert_id}`, patientId: r.patient_id })));
    return ALERTS.page(rows, page, toView);
  }

  @Post('safety-alerts/:alertId/acknowledge')
  @HttpCode(200)
  @AllowRoles(...SAFETY_RESPONDERS)
  @ApiOperation({ summary: 'Acknowledges a safety alert: someone is on it (SafetyAlertAcknowledged); 409 when not open.' })
  @ApiOkResponse({ type: SafetyAlertDto })
  acknowledge(@Param('alertId', new ParseUUIDPipe()) alertId: string, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal) {
    return this.run(alertId, ctx, who, { type: 'AcknowledgeSafetyAlert', data: { alertId }, metadata: ctx });
  }

  @Post('safety-alerts/:alertId/resolve')
  @HttpCode(200)
  @AllowRoles(...SAFETY_RESPONDERS)
  @ApiOperation({ summary: 'Resolves an acknowledged safety alert with its documentation, a note of the episode and/or a summary (SafetyAlertResolved).' })
  @ApiOkResponse({ type: SafetyAlertDto })
  resolve(
    @Param('alertId', new ParseUUIDPipe()) alertId: string, @Body() dto: ResolveSafetyAlertDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal,
  ) {
    return this.run(alertId, ctx, who, { type: 'ResolveSafetyAlert', data: { alertId, ...dto }, metadata: ctx }, dto.noteId);
  }

  @Get('safety-alert-settings')
  @AllowRoles(...SETTINGS_ADMINS, ...NOTE_READERS)
  @ApiOperation({ summary: "The clinic's safety alert settings: escalation time and the missed-session window (defaults until set)." })
  @ApiOkResponse({ type: SafetyAlertSettingsDto })
  getSettings(@CurrentPrincipal() who: Principal): Promise<SafetyAlertSettings> {
    return this.settings.get(who.tenantId);
  }

  @Put('safety-alert-settings')
  @AllowRoles(...SETTINGS_ADMINS)
  @ApiOperation({ summary: "Replaces the clinic's safety alert settings; the next escalation check and the next drug screen use them." })
  @ApiOkResponse({ type: SafetyAlertSettingsDto })
  async putSettings(@CurrentPrincipal() who: Principal, @Body() dto: SafetyAlertSettingsDto): Promise<SafetyAlertSettings> {
    await this.settings.put(who, dto);
    return this.settings.get(who.tenantId);
  }

  private async run(alertId: string, ctx: CommandContext, who: Principal, command: SafetyAlertCommand, noteId?: string) {
    return this.commands.run(ctx, async (uow) => {
      const { rows } = await uow.client.query<{ episode_id: string; patient_id: string }>(
        'SELECT episode_id, patient_id FROM safety_alerts WHERE alert_id = $1 AND tenant_id = $2', [alertId, ctx.tenantId]);
      if (!rows[0]) throw new ProblemError(404, `No safety alert ${alertId}.`);
      const { episode_id: episodeId, patient_id: patientId } = rows[0];
      if (noteId) {
        const note = await uow.client.query('SELECT 1 FROM notes WHERE note_id = $1 AND episode_id = $2 AND tenant_id = $3', [noteId, episodeId, ctx.tenantId]);
        if (!note.rowCount) throw invalid(`No note ${noteId} in this episode.`, [{ path: 'noteId', message: 'must be a note of the alert\'s episode' }], 'unknown-note');
      }
      await uow.decide(safetyAlertStream(episodeId), safetyAlertDecider, command, ctx);
      await uow.audit({ actor: who, action: 'update', resource: `safety-alert/${alertId}`, patientId });
      const { rows: after } = await uow.client.query<AlertRow>('SELECT * FROM safety_alerts WHERE alert_id = $1', [alertId]);
      return toView(after[0]);
    });
  }
}
