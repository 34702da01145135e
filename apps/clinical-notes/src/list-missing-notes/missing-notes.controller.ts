import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type { Pool } from 'pg';
import { AuditLog, CurrentPrincipal, type KeyedRow, keyset, type Page, PageQuery, PG_POOL, ProblemError, withTenant, type Principal } from '@iop/platform';
import { AllowRoles, COMPLIANCE_READERS } from '../shared/clinical-notes.roles';

type MissingNote = {
  episodeId: string; patientId: string; kind: 'session-note' | 'discharge-summary'; sessionId: string | null; sessionType: string | null;
  sessionStartsAt: string | null; dueSince: string; draftNoteId: string | null; clinician: string | null;
};

const MISSING = keyset('clinical-notes.missing-notes', [
  { sql: 'd.due_since', type: 'timestamptz' }, { sql: 'd.episode_id', type: 'uuid' }, { sql: 'd.due_key', type: 'text' },
]);

export class MissingNotesQuery extends PageQuery {
  @ApiPropertyOptional({ description: "The episode's primary clinician (the token subject)." })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  clinician?: string;
}

export class MissingNoteDto {
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ enum: ['session-note', 'discharge-summary'] }) kind!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The attended session (session notes).' }) sessionId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The session's type, as scheduling named it." }) sessionType!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sessionStartsAt!: string | null;
  @ApiProperty({ format: 'date-time', description: 'Owed since: the session start, or the discharge.' }) dueSince!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'A draft already written for it, still unsigned.' }) draftNoteId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The episode's primary clinician." }) clinician!: string | null;
}

export class MissingNotePageDto {
  @ApiProperty({ type: [MissingNoteDto] }) items!: MissingNoteDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass back as ?cursor= for the next page; null on the last page.' }) nextCursor!: string | null;
}

/** Attended sessions (and discharges) still waiting for a signed note, oldest first. */
@ApiTags('notes')
@Controller('v1/notes')
export class MissingNotesController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool, @Inject(AuditLog) private readonly audit: AuditLog) {}

  @Get('missing')
  @AllowRoles(...COMPLIANCE_READERS)
  @ApiOperation({ summary: "Documentation owed; `clinician` filters by the episode's primary clinician (the token subject)." })
  @ApiOkResponse({ type: MissingNotePageDto })
  async list(@CurrentPrincipal() who: Principal, @Query() q: MissingNotesQuery): Promise<Page<MissingNote>> {
    const { clinician } = q;
    if (clinician !== undefined && (clinician === '' || clinician.length > 200)) {
      throw new ProblemError(400, 'clinician is a staff subject (1-200 characters).');
    }
    const req = MISSING.request(q);
    const after = MISSING.where(req, 3);
    const { rows } = await withTenant(this.pool, who.tenantId, (c) =>
      c.query<MissingNote & KeyedRow>(
        `SELECT d.episode_id AS "episodeId", d.patient_id AS "patientId", d.kind, d.session_id AS "sessionId", d.session_type AS "sessionType",
                d.session_starts_at AS "sessionStartsAt", d.due_since AS "dueSince", d.draft_note_id AS "draftNoteId",
                ch.primary_clinician AS clinician,
                ${MISSING.keySelect}
         FROM notes_due d LEFT JOIN charts ch ON ch.episode_id = d.episode_id
         WHERE ($1::text IS NULL OR ch.primary_clinician = $1) AND ${after.sql}
         ORDER BY ${MISSING.orderBy} LIMIT $2`,
        [clinician ?? null, req.limit + 1, ...after.params]));
    const page = MISSING.page(rows, req);
    const details = { clinician: clinician ?? null, count: page.items.length };
    await this.audit.record({ actor: who, action: 'list', resource: 'notes/missing', details });
    return page;
  }
}
