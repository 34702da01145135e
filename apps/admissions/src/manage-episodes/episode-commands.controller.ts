import { Body, Controller, Delete, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IsIn, Matches } from 'class-validator';
import { ASAM_LEVELS, CARE_TEAM_ROLES } from '@iop/domain-events';
import type { LevelOfCare } from '@iop/asam-criteria';
import { type CommandContext, Commands, Ctx, EventStore } from '@iop/event-store';
import { CurrentPrincipal, etagHeader, etagOf, ifMatchHeader, parseIfMatch, type Principal, Roles, withTenant } from '@iop/platform';
import type { CareTeamRole } from '../domain/episode/episode.events';
import { ReasonDto } from '../refer-patient/refer-patient.dto';
import { CLINICIANS, INTAKE, TEAM_MANAGERS } from '../shared/access';
import { IsText } from '../shared/validators';
import { episodeDecider, type EpisodeCommand } from '../domain/episode/episode.decide';
import { streams } from '../shared/streams';
import { episodeAudit } from './episode-audit';
import { CareTeamAssignedDto, EpisodeStatusChangedDto, LevelChangedDto } from './episode.dto';

/** Staff are named by their identity-provider subject, never by their name. */
const STAFF_ID = /^[A-Za-z0-9][A-Za-z0-9._:@|-]{0,127}$/;

export class AssignMemberDto {
  @ApiProperty({ example: 'auth0|dr-lee' }) @Matches(STAFF_ID, { message: 'staffId must be a staff subject id' })
  staffId!: string;

  @ApiProperty({ enum: CARE_TEAM_ROLES }) @IsIn(CARE_TEAM_ROLES)
  role!: CareTeamRole;
}

export class LevelChangeDto {
  @ApiProperty({ enum: ASAM_LEVELS }) @IsIn(ASAM_LEVELS)
  toLevel!: LevelOfCare;

  @ApiProperty() @IsText(2000)
  reason!: string;
}

/** The route's episode and caller, and its `If-Match` (optional) and reply (which gets the new version's ETag). */
type Params = { id: string; ctx: CommandContext; who: Principal; ifMatch: string | undefined; reply: FastifyReply };

export const IF_MATCH = ifMatchHeader('episode', '/v1/episodes/{episodeId}');

@ApiTags('episodes')
@Controller('v1/episodes/:episodeId')
export class EpisodeCommandsController {
  constructor(@Inject(EventStore) private readonly store: EventStore, @Inject(Commands) private readonly commands: Commands) {}

  private async run({ id, ctx, who, ifMatch, reply }: Params, command: EpisodeCommand) {
    const result = await this.commands.handle(ctx, streams.episode(id), episodeDecider, command, { ifMatch: parseIfMatch(ifMatch), audit: episodeAudit(who, ctx, id) });
    void reply.header('etag', etagOf(result.version));
    return result;
  }

  @Post('care-team') @HttpCode(201) @Roles(...TEAM_MANAGERS)
  @ApiOperation({ summary: 'Assign a staff member to the care team in a role (replaces their previous role).' })
  @ApiCreatedResponse({ type: CareTeamAssignedDto, headers: etagHeader('episode') })
  @ApiHeader(IF_MATCH)
  async assign(
    @Param('episodeId', new ParseUUIDPipe()) id: string, @Body() dto: AssignMemberDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal,
    @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.run({ id, ctx, who, ifMatch, reply }, { type: 'AssignCareTeamMember', data: { staffId: dto.staffId, role: dto.role }, metadata: ctx });
    return { episodeId: id, staffId: dto.staffId, role: dto.role };
  }

  @Delete('care-team/:staffId') @HttpCode(204) @Roles(...TEAM_MANAGERS)
  @ApiOperation({ summary: 'Remove a staff member from the care team.' })
  @ApiHeader(IF_MATCH)
  async unassign(
    @Param('episodeId', new ParseUUIDPipe()) id: string, @Param('staffId') staffId: string, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal,
    @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.run({ id, ctx, who, ifMatch, reply }, { type: 'UnassignCareTeamMember', data: { staffId }, metadata: ctx });
  }

  @Post('level-changes') @HttpCode(201) @Roles(...CLINICIANS)
  @ApiOperation({ summary: "Move the episode to another ASAM level (a clinician's decision, with its reason): LevelOfCareChanged." })
  @ApiCreatedResponse({ type: LevelChangedDto, headers: etagHeader('episode') })
  @ApiHeader(IF_MATCH)
  async changeLevel(
    @Param('episodeId', new ParseUUIDPipe()) id: string, @Body() dto: LevelChangeDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal,
    @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { events } = await this.run({ id, ctx, who, ifMatch, reply }, { type: 'ChangeLevelOfCare', data: { toLevel: dto.toLevel, reason: dto.reason }, metadata: ctx });
    const { fromLevel, toLevel, changedAt } = (events[0] as Extract<(typeof events)[0], { type: 'LevelOfCareChanged' }>).data;
    return { episodeId: id, fromLevel, toLevel, changedAt };
  }

  @Post('hold') @HttpCode(200) @Roles(...TEAM_MANAGERS)
  @ApiOperation({ summary: 'Put the episode on hold (e.g. a hospital stay), with a reason.' })
  @ApiOkResponse({ type: EpisodeStatusChangedDto, headers: etagHeader('episode') })
  @ApiHeader(IF_MATCH)
  async hold(
    @Param('episodeId', new ParseUUIDPipe()) id: string, @Body() dto: ReasonDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal,
    @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { state } = await this.run({ id, ctx, who, ifMatch, reply }, { type: 'PutEpisodeOnHold', data: { reason: dto.reason }, metadata: ctx });
    return { episodeId: id, status: state.status };
  }

  @Post('resume') @HttpCode(200) @Roles(...TEAM_MANAGERS)
  @ApiOperation({ summary: 'Resume an episode on hold.' })
  @ApiOkResponse({ type: EpisodeStatusChangedDto, headers: etagHeader('episode') })
  @ApiHeader(IF_MATCH)
  async resume(
    @Param('episodeId', new ParseUUIDPipe()) id: string, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal,
    @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { state } = await this.run({ id, ctx, who, ifMatch, reply }, { type: 'ResumeEpisode', data: {}, metadata: ctx });
    return { episodeId: id, status: state.status };
  }

  @Post('cancel') @HttpCode(200) @Roles(...INTAKE)
  @ApiOperation({ summary: 'Cancel a planned episode before its start date (after it, discharge instead).' })
  @ApiOkResponse({ type: EpisodeStatusChangedDto, headers: etagHeader('episode') })
  @ApiHeader(IF_MATCH)
  async cancel(
    @Param('episodeId', new ParseUUIDPipe()) id: string, @Body() dto: ReasonDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal,
    @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    // The start date is the clinic's calendar day: compare it with today at the episode's location.
    const { rows } = await withTenant(this.store.pool, ctx.tenantId, (c) => c.query<{ timezone: string }>(
      'SELECT l.timezone FROM episodes e JOIN locations l ON l.tenant_id = e.tenant_id AND l.location_id = e.location_id WHERE e.tenant_id = $1 AND e.episode_id = $2',
      [ctx.tenantId, id]));
    const data = { reason: dto.reason, ...(rows[0]?.timezone ? { timezone: rows[0].timezone } : {}) };
    const { state } = await this.run({ id, ctx, who, ifMatch, reply }, { type: 'CancelEpisode', data, metadata: ctx });
    return { episodeId: id, status: state.status };
  }
}
