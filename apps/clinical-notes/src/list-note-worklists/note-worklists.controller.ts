import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { forbidden } from '@iop/decider';
import { AuditLog, CurrentPrincipal, type KeyedRow, type Keyset, keyset, type Page, PG_POOL, withTenant, type Principal } from '@iop/platform';
import { AllowRoles, COSIGNERS, NOTE_READERS } from '../shared/clinical-notes.roles';
import { AwaitingCosignQuery, ME, NoteIndexPageDto, NotesQuery } from './note-worklists.dto';

type NoteIndexItem = {
  noteId: string; episodeId: string; patientId: string; sessionId: string | null; type: string; status: string; author: string;
  draftedAt: string; signedAt: string | null; late: boolean | null; cosignRequired: boolean | null; cosignedAt: string | null; amendments: number;
};

const COLUMNS = `note_id AS "noteId", episode_id AS "episodeId", patient_id AS "patientId", session_id AS "sessionId", note_type AS type,
  status, author, drafted_at AS "draftedAt", signed_at AS "signedAt", late, cosign_required AS "cosignRequired",
  cosigned_at AS "cosignedAt", amendments`;

/** Oldest first: the longest-waiting work comes first. */
const NOTES = keyset('clinical-notes.notes', [{ sql: 'drafted_at', type: 'timestamptz' }, { sql: 'note_id', type: 'uuid' }]);
const AWAITING_COSIGN = keyset('clinical-notes.awaiting-cosign', [{ sql: 'signed_at', type: 'timestamptz' }, { sql: 'note_id', type: 'uuid' }]);

const canCosign = (who: Principal) => who.roles.some((r) => COSIGNERS.includes(r));

/**
 * A clinician's documentation worklists across patients (the console's documentation queue): their drafts, and signed
 * notes still owed a co-signature. Metadata only, from the note index; each patient shown is an audited read.
 */
@ApiTags('notes')
@Controller('v1/notes')
export class NoteWorklistsController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool, @Inject(AuditLog) private readonly audit: AuditLog) {}

  @Get()
  @AllowRoles(...NOTE_READERS)
  @ApiOperation({ summary: 'Notes by author and status, metadata only, oldest first (?author=me&status=draft&limit=&cursor=): e.g. your unsigned drafts.' })
  @ApiOkResponse({ type: NoteIndexPageDto })
  async list(@CurrentPrincipal() who: Principal, @Query() q: NotesQuery): Promise<Page<NoteIndexItem>> {
    const author = q.author === ME ? who.subject : (q.author ?? null);
    const page = await this.read(who, NOTES, q, '($1::text IS NULL OR author = $1) AND ($2::text IS NULL OR status = $2)', [author, q.status ?? null]);
    await this.auditPatients(who, 'notes', page.items, { author, status: q.status ?? null });
    return page;
  }

  @Get('awaiting-cosign')
  @AllowRoles(...NOTE_READERS)
  @ApiOperation({
    summary: "Signed notes still owed a supervisor's co-signature, oldest signature first (?as=author|cosigner): your own, and, for a " +
      "supervisor, other authors' notes to co-sign (POST /v1/notes/{id}/cosign).",
  })
  @ApiOkResponse({ type: NoteIndexPageDto })
  async awaitingCosign(@CurrentPrincipal() who: Principal, @Query() q: AwaitingCosignQuery): Promise<Page<NoteIndexItem>> {
    if (q.as === 'cosigner' && !canCosign(who)) throw forbidden('Only a supervisor co-signs: there is no co-signing list for your roles.');
    // Nobody co-signs their own note (note.decide.ts), so the two sides never overlap.
    const mine = q.as !== 'cosigner';
    const others = q.as !== 'author' && canCosign(who);
    const page = await this.read(who, AWAITING_COSIGN, q,
      "status = 'signed' AND cosign_required AND (($2::boolean AND author = $1) OR ($3::boolean AND author <> $1))", [who.subject, mine, others]);
    await this.auditPatients(who, 'notes/awaiting-cosign', page.items, { as: q.as ?? null });
    return page;
  }

  private async read(who: Principal, list: Keyset, q: NotesQuery | AwaitingCosignQuery, where: string, params: unknown[]): Promise<Page<NoteIndexItem>> {
    const req = list.request(q);
    const after = list.where(req, params.length + 2);
    const { rows } = await withTenant(this.pool, who.tenantId, (c) => c.query<NoteIndexItem & KeyedRow>(
      `SELECT ${COLUMNS}, ${list.keySelect} FROM notes WHERE ${where} AND ${after.sql} ORDER BY ${list.orderBy} LIMIT $${params.length + 1}`,
      [...params, req.limit + 1, ...after.params]));
    return list.page(rows, req);
  }

  /** One audit row per patient shown: the accounting of a patient's record lists this read too. */
  private async auditPatients(who: Principal, resource: string, items: NoteIndexItem[], details: Record<string, unknown>): Promise<void> {
    for (const patientId of new Set(items.map((i) => i.patientId))) {
      await this.audit.record({ actor: who, action: 'list', resource, patientId, details });
    }
  }
}
