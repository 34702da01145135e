import { Controller, Get, Inject, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { notFound } from '@iop/decider';
import { EventStore } from '@iop/event-store';
import { AuditLog, CurrentPrincipal, PG_POOL, withTenant, type Principal } from '@iop/platform';
import { AllowRoles, COMPLIANCE_READERS } from '../shared/clinical-notes.roles';
import { loadState } from '../shared/tenant-stream';
import { noteDecider, noteStream } from '../domain/note/note.decide';
import type { NoteState } from '../domain/note/note.state';
import { verifyChain, type ChainRow, type ChainVerdict } from './hash-chain';
import { ChainVerdictDto } from './note-verification.dto';

/** How many versions the event stream says the chain must hold: catches a deleted last version, which breaks no link. */
const expectedVersions = (note: NoteState): number =>
  note.status === 'signed' || note.status === 'cosigned' ? 1 + note.amendments.length + (note.status === 'cosigned' ? 1 : 0) : 0;

@ApiTags('notes')
@Controller('v1/notes')
export class NoteVerificationController {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  @Get(':id/verification')
  @AllowRoles(...COMPLIANCE_READERS)
  @ApiOperation({ summary: "Recomputes the note's hash chain from the stored versions: { valid, versions, brokenAt? }." })
  @ApiOkResponse({ type: ChainVerdictDto })
  async verify(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() who: Principal): Promise<ChainVerdict> {
    const note = await loadState(this.store, noteStream(id), noteDecider, who.tenantId);
    if (note.status === 'none') throw notFound('No such note.');
    const rows = await withTenant(this.pool, who.tenantId, async (c) => (await c.query<ChainRow>(
      'SELECT version, content, prev_hash AS "prevHash", hash FROM note_versions WHERE note_id = $1 ORDER BY version', [id])).rows);
    await this.audit.record({ actor: who, action: 'read', resource: `note/${id}/verification`, patientId: note.patientId });
    const verdict = verifyChain(rows);
    const expected = expectedVersions(note);
    if (verdict.valid && verdict.versions !== expected) {
      return { valid: false, versions: verdict.versions, brokenAt: Math.min(verdict.versions, expected) + 1 };
    }
    return verdict;
  }
}
