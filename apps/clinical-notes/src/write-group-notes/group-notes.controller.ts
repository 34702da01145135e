import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { notFound } from '@iop/decider';
import { Commands, Ctx, EventStore, foldStream, type CommandContext } from '@iop/event-store';
import { AuditLog, CurrentPrincipal, type KeyedRow, keyset, type Page, PG_POOL, withTenant, type Principal } from '@iop/platform';
import { AllowRoles, NOTE_READERS, NOTE_WRITERS } from '../shared/clinical-notes.roles';
import { loadState } from '../shared/tenant-stream';
import { chartDecider, chartStream } from '../domain/chart/chart.decide';
import { groupNoteDecider, groupNoteStream, type GroupParticipant } from '../domain/group-note/group-note.decide';
import { noteDecider, noteStream } from '../domain/note/note.decide';
import {
  CreateGroupNoteDto, GroupNoteCreatedDto, GroupNoteDto, type GroupNoteEntryDto, GroupNotesQuery, type GroupNoteSummaryDto, GroupNoteSummaryPageDto,
} from './group-notes.dto';

const SESSION_GROUP_NOTES = keyset('clinical-notes.session-group-notes', [{ sql: 'written_at', type: 'timestamptz' }, { sql: 'group_note_id', type: 'uuid' }]);

/**
 * Group notes: the summary written once, and a `group-session` note in each participant's chart holding that summary
 * and the participant's own participation only (docs/DOMAIN.md, "Program policy": each chart is one patient's). The participant
 * notes are ordinary notes from then on: each is signed, co-signed and amended on its own.
 */
@ApiTags('notes')
@Controller('v1/group-notes')
export class GroupNotesController {
  constructor(
    @Inject(Commands) private readonly commands: Commands,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  @Post()
  @HttpCode(201)
  @AllowRoles(...NOTE_WRITERS)
  @ApiOperation({
    summary: "Writes a group session's note: the summary once, and a draft note per participant in that participant's chart (summary and own participation only).",
  })
  @ApiCreatedResponse({ type: GroupNoteCreatedDto })
  @ApiNotFoundResponse({ description: 'A participant\'s episode is not known to clinical notes.' })
  async create(@Body() dto: CreateGroupNoteDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal): Promise<GroupNoteCreatedDto> {
    const participants = await this.participants(dto, ctx.tenantId);
    const groupNoteId = randomUUID();
    const { sessionId, summary } = dto;
    await this.commands.run(ctx, async (uow) => {
      await uow.decide(groupNoteStream(groupNoteId), groupNoteDecider, { type: 'WriteGroupNote', data: { groupNoteId, sessionId, summary, participants }, metadata: ctx }, ctx);
      for (const p of participants) {
        const data = {
          noteId: p.noteId, episodeId: p.episodeId, patientId: p.patientId, sessionId, noteType: 'group-session' as const,
          content: { body: p.participation, groupSummary: summary },
        };
        await uow.decide(noteStream(p.noteId), noteDecider, { type: 'DraftNote', data, metadata: ctx }, ctx);
        await uow.audit({ actor: who, action: 'create', resource: `note/${p.noteId}`, patientId: p.patientId, correlationId: ctx.correlationId });
      }
    });
    return { groupNoteId, notes: participants.map(({ episodeId, noteId }) => ({ episodeId, noteId })) };
  }

  @Get()
  @AllowRoles(...NOTE_READERS)
  @ApiOperation({ summary: "A session's group notes, oldest first (?sessionId=&limit=&cursor=): ids, author and counts, no patient." })
  @ApiOkResponse({ type: GroupNoteSummaryPageDto })
  async list(@Query() q: GroupNotesQuery, @CurrentPrincipal() who: Principal): Promise<Page<GroupNoteSummaryDto>> {
    const page = SESSION_GROUP_NOTES.request(q);
    const after = SESSION_GROUP_NOTES.where(page, 4);
    const { rows } = await withTenant(this.pool, who.tenantId, (c) => c.query<GroupNoteSummaryDto & KeyedRow>(
      `SELECT group_note_id AS "groupNoteId", session_id AS "sessionId", author, participants, written_at AS "writtenAt", ${SESSION_GROUP_NOTES.keySelect}
       FROM group_notes WHERE tenant_id = $1 AND session_id = $2 AND ${after.sql}
       ORDER BY ${SESSION_GROUP_NOTES.orderBy} LIMIT $3`, [who.tenantId, q.sessionId, page.limit + 1, ...after.params]));
    return SESSION_GROUP_NOTES.page(rows, page);
  }

  @Get(':id')
  @AllowRoles(...NOTE_READERS)
  @ApiOperation({ summary: "A group note: its summary and each participant's note with its status (the participations are read in each chart)." })
  @ApiOkResponse({ type: GroupNoteDto })
  async get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() who: Principal): Promise<GroupNoteDto> {
    const group = await loadState(this.store, groupNoteStream(id), groupNoteDecider, who.tenantId);
    if (group.status === 'none') throw notFound(`No group note ${id}.`);
    const ids = group.participants.map((p) => p.noteId);
    const { rows } = await withTenant(this.pool, who.tenantId, (c) => c.query<{ note_id: string; status: GroupNoteEntryDto['status'] }>(
      'SELECT note_id, status FROM notes WHERE note_id = ANY($1::uuid[])', [ids]));
    const status = new Map(rows.map((r) => [r.note_id, r.status]));
    await Promise.all(group.participants.map((p) => this.audit.record({ actor: who, action: 'read', resource: `group-note/${id}`, patientId: p.patientId })));
    return {
      groupNoteId: id, sessionId: group.sessionId, author: group.author, summary: group.summary, writtenAt: group.writtenAt,
      notes: group.participants.map((p) => ({ episodeId: p.episodeId, noteId: p.noteId, status: status.get(p.noteId) ?? 'draft' })),
    };
  }

  /**
   * Each participant's chart, read in one query: known to this service (404 otherwise, as for a single note), and
   * the attendance scheduling reported for the session, which the decider judges.
   */
  private async participants(dto: CreateGroupNoteDto, tenantId: string): Promise<GroupParticipant[]> {
    const streams = dto.participants.map((p) => chartStream(p.episodeId));
    const histories = await this.store.readStreams([...new Set(streams.map((s) => s.id))]);
    return dto.participants.map((p, i) => {
      const chart = foldStream(streams[i], chartDecider, histories.get(streams[i].id) ?? [], tenantId).state;
      if (chart.status === 'unknown') throw notFound(`No episode ${p.episodeId} is known to clinical notes.`);
      const attendance = chart.sessions[dto.sessionId]?.status ?? null;
      return { episodeId: p.episodeId, patientId: chart.patientId, noteId: randomUUID(), participation: p.participation, attendance };
    });
  }
}
