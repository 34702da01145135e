import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import { notFound } from '@iop/decider';
import { EventStore } from '@iop/event-store';
import { AuditLog, CurrentPrincipal, etagHeader, type KeyedRow, keyset, type Page, PageQuery, PG_POOL, withTenant, type Principal } from '@iop/platform';
import { AllowRoles, NOTE_READERS } from '../shared/clinical-notes.roles';
import { etagOf, knownChart, loadState } from '../shared/tenant-stream';
import { noteDecider, noteStream } from '../domain/note/note.decide';
import { noteView, type NoteView } from './note.view';
import { NoteDto, NoteSummaryPageDto } from './note.dto';

type NoteSummary = {
  noteId: string; type: string; status: string; author: string; sessionId: string | null; draftedAt: string;
  signedAt: string | null; late: boolean | null; amendments: number;
};

const EPISODE_NOTES = keyset('clinical-notes.episode-notes', [{ sql: 'drafted_at', type: 'timestamptz' }, { sql: 'note_id', type: 'uuid' }]);

/** Reading notes is reading patient data: every read is audited, whoever reads. */
@ApiTags('notes')
@Controller('v1')
export class ReadNotesController {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  @Get('notes/:id')
  @AllowRoles(...NOTE_READERS)
  @ApiOperation({ summary: 'The note as signed, with its amendments in order. ETag = revision (for If-Match on edits).' })
  @ApiOkResponse({ type: NoteDto, headers: etagHeader('note') })
  async get(
    @Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() who: Principal, @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<NoteView> {
    const note = await loadState(this.store, noteStream(id), noteDecider, who.tenantId);
    if (note.status === 'none') throw notFound('No such note.');
    await this.audit.record({ actor: who, action: 'read', resource: `note/${id}`, patientId: note.patientId });
    void reply.header('etag', etagOf(note.revision));
    return noteView(note);
  }

  @Get('episodes/:episodeId/notes')
  @AllowRoles(...NOTE_READERS)
  @ApiOperation({ summary: "An episode's notes, metadata only, oldest first (?limit=&cursor=)." })
  @ApiOkResponse({ type: NoteSummaryPageDto })
  async list(
    @Param('episodeId', new ParseUUIDPipe()) episodeId: string, @CurrentPrincipal() who: Principal,
    @Query() q: PageQuery,
  ): Promise<Page<NoteSummary>> {
    const req = EPISODE_NOTES.request(q);
    const chart = await knownChart(this.store, episodeId, who.tenantId);
    const after = EPISODE_NOTES.where(req, 3);
    const { rows } = await withTenant(this.pool, who.tenantId, (c) => c.query<NoteSummary & KeyedRow>(
      `SELECT note_id AS "noteId", note_type AS type, status, author, session_id AS "sessionId", drafted_at AS "draftedAt",
              signed_at AS "signedAt", late, amendments, ${EPISODE_NOTES.keySelect}
       FROM notes WHERE episode_id = $1 AND ${after.sql}
       ORDER BY ${EPISODE_NOTES.orderBy} LIMIT $2`, [episodeId, req.limit + 1, ...after.params]));
    const page = EPISODE_NOTES.page(rows, req);
    await this.audit.record({ actor: who, action: 'list', resource: `episode/${episodeId}/notes`, patientId: chart.patientId });
    return page;
  }
}
