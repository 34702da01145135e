import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Post, Put, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import { conflict, notFound } from '@iop/decider';
import { Commands, Ctx, EventStore, type CommandContext } from '@iop/event-store';
import { AuditLog, CurrentPrincipal, etagHeader, PG_POOL, type Principal } from '@iop/platform';
import { AllowRoles, NOTE_READERS, PLAN_AUTHORS } from '../shared/clinical-notes.roles';
import { etagOf, knownChart, loadState, parseIfMatch } from '../shared/tenant-stream';
import { idsNeeded, type ProblemInput } from '../domain/treatment-plan/plan-content.rules';
import { treatmentPlanDecider, treatmentPlanStream, type TreatmentPlanCommand } from '../domain/treatment-plan/treatment-plan.decide';
import { diagnosesNamed, planStreamOf } from './plan-lookup';
import { TreatmentPlanDraftedDto, TreatmentPlanDto, TreatmentPlanViewDto } from './treatment-plan.dto';
import { treatmentPlanView } from './treatment-plan.view';

const mint = (problems: ProblemInput[]) => Array.from({ length: idsNeeded(problems) }, () => randomUUID());
const EpisodeId = () => Param('episodeId', new ParseUUIDPipe());
const PlanId = () => Param('id', new ParseUUIDPipe());

/** The episode's individualized treatment plan: drafted, revised (a signed plan gets a new version), read. */
@ApiTags('treatment plans')
@Controller('v1')
export class TreatmentPlanController {
  constructor(
    @Inject(Commands) private readonly commands: Commands,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  @Post('episodes/:episodeId/treatment-plan')
  @HttpCode(201)
  @AllowRoles(...PLAN_AUTHORS)
  @ApiOperation({ summary: 'Drafts the plan: problems linked to ASAM dimensions, goals, objectives, interventions, staff, dates.' })
  @ApiCreatedResponse({ type: TreatmentPlanDraftedDto })
  async create(@EpisodeId() episodeId: string, @Body() dto: TreatmentPlanDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal) {
    const chart = await knownChart(this.store, episodeId, ctx.tenantId);
    if (chart.status === 'closed') throw conflict('The episode is discharged: no new treatment plan.', 'episode-discharged');
    const planId = randomUUID();
    const command: TreatmentPlanCommand = {
      type: 'DraftTreatmentPlan',
      data: { planId, episodeId, patientId: chart.patientId, problems: dto.problems, diagnoses: await diagnosesNamed(this.pool, ctx.tenantId, dto.problems) },
      metadata: { ...ctx, ids: mint(dto.problems) },
    };
    await this.commands.handle(ctx, treatmentPlanStream(episodeId), treatmentPlanDecider, command);
    await this.audited(who, 'create', planId, chart.patientId, ctx);
    return { planId, version: 1 };
  }

  @Put('treatment-plans/:id')
  @AllowRoles(...PLAN_AUTHORS)
  @ApiOperation({ summary: 'Revises the draft, or starts the next version of a signed plan (If-Match optional); named goals keep their status.' })
  @ApiOkResponse({ type: TreatmentPlanViewDto })
  async revise(
    @PlanId() id: string, @Body() dto: TreatmentPlanDto, @Headers('if-match') ifMatch: string | undefined,
    @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal,
  ) {
    const stream = await planStreamOf(this.pool, ctx.tenantId, id);
    const command: TreatmentPlanCommand = {
      type: 'ReviseTreatmentPlan',
      data: { problems: dto.problems, expectedRevision: parseIfMatch(ifMatch), diagnoses: await diagnosesNamed(this.pool, ctx.tenantId, dto.problems) },
      metadata: { ...ctx, ids: mint(dto.problems) },
    };
    const { state } = await this.commands.handle(ctx, stream, treatmentPlanDecider, command);
    if (state.status === 'none') throw notFound('No such treatment plan.');
    await this.audited(who, 'update', id, state.patientId, ctx);
    return treatmentPlanView(state);
  }

  @Get('treatment-plans/:id')
  @AllowRoles(...NOTE_READERS)
  @ApiOperation({ summary: 'The plan, current version, with goal statuses. ETag = revision.' })
  @ApiOkResponse({ type: TreatmentPlanViewDto, headers: etagHeader('plan') })
  async get(@PlanId() id: string, @CurrentPrincipal() who: Principal, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.read(await planStreamOf(this.pool, who.tenantId, id), who, reply);
  }

  @Get('episodes/:episodeId/treatment-plan')
  @AllowRoles(...NOTE_READERS)
  @ApiOperation({ summary: "The episode's plan (404 until one is drafted)." })
  @ApiOkResponse({ type: TreatmentPlanViewDto, headers: etagHeader('plan') })
  async getForEpisode(@EpisodeId() episodeId: string, @CurrentPrincipal() who: Principal, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.read(treatmentPlanStream(episodeId), who, reply);
  }

  private async read(stream: { id: string; type: string }, who: Principal, reply: FastifyReply) {
    const plan = await loadState(this.store, stream, treatmentPlanDecider, who.tenantId);
    if (plan.status === 'none') throw notFound('No treatment plan.');
    await this.audit.record({ actor: who, action: 'read', resource: `treatment-plan/${plan.planId}`, patientId: plan.patientId });
    void reply.header('etag', etagOf(plan.revision));
    return treatmentPlanView(plan);
  }

  private async audited(who: Principal, action: 'create' | 'update', planId: string, patientId: string, ctx: CommandContext): Promise<void> {
    await this.audit.record({ actor: who, action, resource: `treatment-plan/${planId}`, patientId, correlationId: ctx.correlationId });
  }
}
