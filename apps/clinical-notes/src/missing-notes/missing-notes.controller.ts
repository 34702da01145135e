import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { ApiPageQueries, AuditLog, CurrentPrincipal, PG_POOL, ProblemError, withTenant, type Principal } from '@iop/platform';
import { AllowRoles, COMPLIANCE_READERS } from '../http/clinical-notes.roles';
import { pageOf, type Page } from '../http/page';

type MissingNote = {
  episodeId: string; patientId: string; kind: 'session-note' | 'discharge-summary'; sessionId: string | null; sessionType: string | null;
  sessionStartsAt: string | null; dueSince: string; draftNoteId: string | null; clinician: string | null;
};

/** Attended sessions (and discharges) still waiting for a signed note, oldest first. */
@ApiTags('notes')
@Controller('v1/notes')
export class MissingNotesController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool, @Inject(AuditLog) private readonly audit: AuditLog) {}

  @Get('missing')
  @AllowRoles(...COMPLIANCE_READERS)
  @ApiOperation({ summary: "Documentation owed; `clinician` filters by the episode's primary clinician (the token subject)." })
  @ApiQuery({ name: 'clinician', required: false, schema: { type: 'string', minLength: 1, maxLength: 200 } })
  @ApiPageQueries()
  async list(
    @CurrentPrincipal() who: Principal, @Query('clinician') clinician?: string, @Query('limit') limit?: string, @Query('cursor') cursor?: string,
  ): Promise<Page<MissingNote>> {
    if (clinician !== undefined && (clinician === '' || clinician.length > 200)) {
      throw new ProblemError(400, 'clinician is a staff subject (1-200 characters).');
    }
    const page = await pageOf<MissingNote>(limit, cursor, (max, after) => withTenant(this.pool, who.tenantId, async (c) => {
      const { rows } = await c.query<MissingNote & { key: string[] }>(
        `SELECT d.episode_id AS "episodeId", d.patient_id AS "patientId", d.kind, d.session_id AS "sessionId", d.session_type AS "sessionType",
                d.session_starts_at AS "sessionStartsAt", d.due_since AS "dueSince", d.draft_note_id AS "draftNoteId",
                ch.primary_clinician AS clinician,
                ARRAY[d.due_since::text, d.episode_id::text, d.due_key] AS key
         FROM notes_due d LEFT JOIN charts ch ON ch.episode_id = d.episode_id
         WHERE ($1::text IS NULL OR ch.primary_clinician = $1)
           AND ($2::text IS NULL OR (d.due_since, d.episode_id, d.due_key) > ($2::timestamptz, $3::uuid, $4::text))
         ORDER BY d.due_since, d.episode_id, d.due_key LIMIT $5`,
        [clinician ?? null, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, max]);
      return rows.map(({ key, ...item }) => ({ item, key }));
    }));
    const details = { clinician: clinician ?? null, count: page.items.length };
    await this.audit.record({ actor: who, action: 'list', resource: 'notes/missing', details });
    return page;
  }
}
