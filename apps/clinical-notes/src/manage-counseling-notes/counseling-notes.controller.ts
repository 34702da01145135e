import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { forbidden, invalid, notFound } from '@iop/decider';
import { Ctx, EventStore, type CommandContext } from '@iop/event-store';
import { AuditLog, CurrentPrincipal, type AuditEntry, type Principal, type Role } from '@iop/platform';
import { AllowRoles, COUNSELING_AUTHORS, NOTE_READERS } from '../shared/clinical-notes.roles';
import { knownChart } from '../shared/tenant-stream';
import { CounselingNotesRepository, type CounselingNote, type Grant } from './counseling-notes.repository';
import { CounselingNoteCreatedDto, CounselingNoteGrantsDto, CounselingNoteViewDto } from './counseling-note.dto';

class CounselingNoteDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() episodeId!: string;

  @ApiProperty({ description: 'The process note.' })
  @IsString() @Matches(/\S/, { message: 'body must not be empty' }) @MaxLength(50_000)
  body!: string;
}

class GrantDto {
  @ApiPropertyOptional({ enum: NOTE_READERS, description: 'A clinical role allowed to read this note.' })
  @IsOptional() @IsIn(NOTE_READERS)
  role?: Role;

  @ApiPropertyOptional({ description: 'A staff subject allowed to read this note.' })
  @IsOptional() @IsString() @MaxLength(200)
  subject?: string;
}

/** Its author, and whoever the author named (by subject or role): nobody else, whatever their role. */
export const mayReadCounselingNote = (who: Principal, note: { author: string; grants: readonly Grant[] }): boolean =>
  note.author === who.subject ||
  note.grants.some((g) => (g.kind === 'subject' && g.grantee === who.subject) || (g.kind === 'role' && who.roles.includes(g.grantee as Role)));

const NoteId = () => Param('id', new ParseUUIDPipe());

/** SUD counseling (process) notes: kept apart from the record, never published, never in an export. */
@ApiTags('counseling notes')
@Controller('v1/counseling-notes')
export class CounselingNotesController {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(CounselingNotesRepository) private readonly notes: CounselingNotesRepository,
  ) {}

  @Post()
  @HttpCode(201)
  @AllowRoles(...COUNSELING_AUTHORS)
  @ApiNotFoundResponse({ description: 'No episode with this episodeId is known to clinical notes.' })
  @ApiCreatedResponse({ type: CounselingNoteCreatedDto })
  async create(@Body() dto: CounselingNoteDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal): Promise<{ counselingNoteId: string }> {
    const { patientId } = await knownChart(this.store, dto.episodeId, ctx.tenantId);
    const counselingNoteId = randomUUID();
    const note = { counselingNoteId, episodeId: dto.episodeId, patientId, author: who.subject, body: dto.body, createdAt: ctx.now };
    await this.notes.create(ctx.tenantId, note);
    await this.audited(who, 'create', counselingNoteId, patientId, { correlationId: ctx.correlationId });
    return { counselingNoteId };
  }

  @Get(':id')
  @AllowRoles(...NOTE_READERS)
  @ApiOperation({ summary: 'Readable by its author and explicit grantees only (403 for anyone else).' })
  @ApiOkResponse({ type: CounselingNoteViewDto })
  async get(@NoteId() id: string, @CurrentPrincipal() who: Principal): Promise<CounselingNote> {
    const note = await this.notes.find(who.tenantId, id);
    if (!note) throw notFound('No such counseling note.');
    const allowed = mayReadCounselingNote(who, note);
    // Refused attempts are audited too: a Part 2 record's access log shows who tried.
    await this.audit.record({ actor: who, action: 'read', resource: `counseling-note/${id}`, patientId: note.patientId, details: { allowed } });
    if (!allowed) throw forbidden('Counseling notes are readable only by their author and those the author granted.');
    const { grants: _grants, ...rest } = note;
    return rest;
  }

  @Post(':id/grants')
  @HttpCode(201)
  @AllowRoles(...COUNSELING_AUTHORS)
  @ApiOperation({ summary: 'The author lets a clinical role or a named staff member read the note.' })
  @ApiCreatedResponse({ type: CounselingNoteGrantsDto })
  async grant(@NoteId() id: string, @Body() dto: GrantDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal): Promise<{ grants: Grant[] }> {
    if ((dto.role === undefined) === (dto.subject === undefined)) {
      throw invalid('Grant either a role or a subject.', [{ path: 'role', message: 'give exactly one of role and subject' }]);
    }
    const note = await this.notes.find(who.tenantId, id);
    if (!note) throw notFound('No such counseling note.');
    if (note.author !== who.subject) throw forbidden('Only the author grants access to a counseling note.');
    const grant: Grant = dto.role ? { kind: 'role', grantee: dto.role } : { kind: 'subject', grantee: dto.subject! };
    await this.notes.grant(ctx.tenantId, id, grant, who.subject, ctx.now);
    await this.audited(who, 'update', `${id}/grants`, note.patientId, { details: { ...grant }, correlationId: ctx.correlationId });
    return { grants: (await this.notes.find(ctx.tenantId, id))!.grants };
  }

  private async audited(who: Principal, action: 'create' | 'update', what: string, patientId: string, extra: Partial<AuditEntry>): Promise<void> {
    await this.audit.record({ actor: who, action, resource: `counseling-note/${what}`, patientId, ...extra });
  }
}
