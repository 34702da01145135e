import { randomUUID } from 'node:crypto';
import { Body, Controller, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Commands, Ctx, EventStore, type CommandContext } from '@iop/event-store';
import { AuditLog, CurrentPrincipal, type Principal } from '@iop/platform';
import { AllowRoles, COSIGNERS, NOTE_WRITERS } from '../shared/clinical-notes.roles';
import { knownChart, loadState, parseIfMatch } from '../shared/tenant-stream';
import { noteDecider, noteStream, type NoteCommand } from '../domain/note/note.decide';
import type { NoteContent } from '../domain/note/note.events';
import type { NoteState } from '../domain/note/note.state';
import { DocumentationSettingsRepository } from '../configure-documentation/documentation-settings.repository';
import { AmendmentAddedDto, AmendNoteDto, contentOf, CreateNoteDto, EditNoteDto, NoteCosignedDto, NoteDraftedDto, NoteEditedDto, NoteSignedDto } from './notes.dto';

type SignOutcome = { noteId: string; status: NoteState['status']; signedAt?: string; late?: boolean; cosignRequired?: boolean };
const NoteId = () => Param('id', new ParseUUIDPipe());

/** Session notes: draft -> signed (locked) -> co-signed where required; corrections are amendments. */
@ApiTags('notes')
@Controller('v1/notes')
export class NotesController {
  constructor(
    @Inject(Commands) private readonly commands: Commands,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(DocumentationSettingsRepository) private readonly settings: DocumentationSettingsRepository,
  ) {}

  @Post()
  @HttpCode(201)
  @AllowRoles(...NOTE_WRITERS)
  @ApiOperation({ summary: 'Drafts a note for an episode this service knows (404 otherwise).' })
  @ApiNotFoundResponse({ description: 'No episode with this episodeId is known to clinical notes.' })
  @ApiCreatedResponse({ type: NoteDraftedDto })
  async create(@Body() dto: CreateNoteDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal): Promise<{ noteId: string }> {
    const chart = await knownChart(this.store, dto.episodeId, ctx.tenantId);
    const noteId = randomUUID();
    const session = dto.sessionId ? { sessionId: dto.sessionId } : {};
    const content = contentOf(dto) as NoteContent;
    const data = { noteId, episodeId: dto.episodeId, patientId: chart.patientId, ...session, noteType: dto.type, content };
    const state = await this.run(noteId, ctx, { type: 'DraftNote', data, metadata: ctx });
    await this.audited(who, 'create', state, ctx);
    return { noteId };
  }

  @Patch(':id')
  @AllowRoles(...NOTE_WRITERS)
  @ApiOperation({ summary: "Edits the author's own draft (If-Match optional); a signed note is a 409: amend it instead." })
  @ApiOkResponse({ type: NoteEditedDto })
  async edit(
    @NoteId() id: string, @Body() dto: EditNoteDto, @Headers('if-match') ifMatch: string | undefined,
    @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal,
  ): Promise<{ noteId: string; status: string; revision: number }> {
    const data = { content: contentOf(dto), expectedRevision: parseIfMatch(ifMatch) };
    const state = await this.run(id, ctx, { type: 'EditNote', data, metadata: ctx });
    await this.audited(who, 'update', state, ctx);
    return { noteId: id, status: state.status, revision: state.revision };
  }

  @Post(':id/sign')
  @HttpCode(200)
  @AllowRoles(...NOTE_WRITERS)
  @ApiOperation({ summary: 'The author signs the draft; it is locked from then on. Late entries are flagged.' })
  @ApiOkResponse({ type: NoteSignedDto })
  async sign(@NoteId() id: string, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal): Promise<SignOutcome> {
    const sessionStartsAt = await this.sessionStartOf(id, ctx.tenantId);
    const rules = await this.settings.signingRules(who);
    const data = { ...rules, ...(sessionStartsAt ? { sessionStartsAt } : {}) };
    const state = await this.run(id, ctx, { type: 'SignNote', data, metadata: ctx });
    await this.audited(who, 'update', state, ctx);
    if (state.status === 'none' || state.status === 'draft') return { noteId: id, status: state.status };
    return { noteId: id, status: state.status, signedAt: state.signedAt, late: state.late, cosignRequired: state.cosignRequired };
  }

  @Post(':id/cosign')
  @HttpCode(200)
  @AllowRoles(...COSIGNERS)
  @ApiOperation({ summary: "A supervisor co-signs a signed note whose author's credential requires it (never their own)." })
  @ApiOkResponse({ type: NoteCosignedDto })
  async cosign(@NoteId() id: string, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal): Promise<{ noteId: string; status: string }> {
    const state = await this.run(id, ctx, { type: 'CosignNote', data: {}, metadata: ctx });
    await this.audited(who, 'update', state, ctx);
    return { noteId: id, status: state.status };
  }

  @Post(':id/amendments')
  @HttpCode(201)
  @AllowRoles(...NOTE_WRITERS)
  @ApiOperation({ summary: 'Adds an addendum (with reason) to a signed note; a draft is a 409: edit it instead.' })
  @ApiCreatedResponse({ type: AmendmentAddedDto })
  async amend(
    @NoteId() id: string, @Body() dto: AmendNoteDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal,
  ): Promise<{ amendmentId: string }> {
    const amendmentId = randomUUID();
    const state = await this.run(id, ctx, { type: 'AmendNote', data: { amendmentId, body: dto.body, reason: dto.reason }, metadata: ctx });
    await this.audited(who, 'update', state, ctx);
    return { amendmentId };
  }

  /** Lateness counts from the session, as scheduling reported it (the chart keeps attended sessions). */
  private async sessionStartOf(noteId: string, tenantId: string): Promise<string | undefined> {
    const note = await loadState(this.store, noteStream(noteId), noteDecider, tenantId);
    if (note.status === 'none' || !note.sessionId) return undefined;
    const chart = await knownChart(this.store, note.episodeId, tenantId);
    return chart.sessions[note.sessionId]?.startsAt;
  }

  private async run(noteId: string, ctx: CommandContext, command: NoteCommand): Promise<NoteState> {
    const { state } = await this.commands.handle(ctx, noteStream(noteId), noteDecider, command);
    return state;
  }

  private async audited(who: Principal, action: 'create' | 'update', state: NoteState, ctx: CommandContext): Promise<void> {
    if (state.status === 'none') return;
    await this.audit.record({ actor: who, action, resource: `note/${state.noteId}`, patientId: state.patientId, correlationId: ctx.correlationId });
  }
}
