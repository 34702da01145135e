import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { notFound } from '@iop/decider';
import { Commands, Ctx, EventStore, type CommandContext } from '@iop/event-store';
import { AuditLog, CurrentPrincipal, PG_POOL, type Principal } from '@iop/platform';
import { AllowRoles, NOTE_WRITERS, PLAN_AUTHORS } from '../shared/clinical-notes.roles';
import { treatmentPlanDecider, type TreatmentPlanCommand } from '../domain/treatment-plan/treatment-plan.decide';
import { planStreamOf } from './plan-lookup';
import { AcknowledgeDto, GoalStatusDto, TreatmentPlanViewDto } from './treatment-plan.dto';
import { treatmentPlanView } from './treatment-plan.view';

type Command<T extends TreatmentPlanCommand['type']> = Omit<Extract<TreatmentPlanCommand, { type: T }>, 'metadata'>;
const PlanId = () => Param('id', new ParseUUIDPipe());

/** Signing, the patient's acknowledgement, periodic reviews and goal progress. */
@ApiTags('treatment plans')
@Controller('v1/treatment-plans/:id')
export class TreatmentPlanLifecycleController {
  constructor(
    @Inject(Commands) private readonly commands: Commands,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  @Post('sign')
  @HttpCode(200)
  @AllowRoles(...PLAN_AUTHORS)
  @ApiOperation({ summary: 'The clinician who wrote the current version signs it (publishes TreatmentPlanSigned).' })
  @ApiOkResponse({ type: TreatmentPlanViewDto })
  sign(@PlanId() id: string, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal) {
    return this.run(id, { type: 'SignTreatmentPlan', data: {} }, ctx, who);
  }

  @Post('acknowledge')
  @HttpCode(200)
  @AllowRoles(...NOTE_WRITERS)
  @ApiOperation({ summary: "Records the patient's acknowledgement of the signed version." })
  @ApiOkResponse({ type: TreatmentPlanViewDto })
  acknowledge(@PlanId() id: string, @Body() dto: AcknowledgeDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal) {
    return this.run(id, { type: 'AcknowledgeTreatmentPlan', data: { method: dto.method } }, ctx, who);
  }

  @Post('reviews')
  @HttpCode(201)
  @AllowRoles(...PLAN_AUTHORS)
  @ApiOperation({ summary: 'Records the periodic review of the signed plan (resets the review clock).' })
  @ApiCreatedResponse({ type: TreatmentPlanViewDto })
  review(@PlanId() id: string, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal) {
    return this.run(id, { type: 'ReviewTreatmentPlan', data: {} }, ctx, who);
  }

  @Post('goals/:goalId/status')
  @HttpCode(200)
  @AllowRoles(...PLAN_AUTHORS)
  @ApiOperation({ summary: 'Changes a goal status (publishes GoalStatusChanged; the same status again changes nothing).' })
  @ApiOkResponse({ type: TreatmentPlanViewDto })
  goalStatus(
    @PlanId() id: string, @Param('goalId', new ParseUUIDPipe()) goalId: string, @Body() dto: GoalStatusDto,
    @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal,
  ) {
    return this.run(id, { type: 'ChangeGoalStatus', data: { goalId, status: dto.status } }, ctx, who);
  }

  private async run<T extends TreatmentPlanCommand['type']>(id: string, command: Command<T>, ctx: CommandContext, who: Principal) {
    const stream = await planStreamOf(this.pool, ctx.tenantId, id);
    const full = { ...command, metadata: ctx } as TreatmentPlanCommand;
    const { state } = await this.commands.handle(ctx, stream, treatmentPlanDecider, full);
    if (state.status === 'none') throw notFound('No such treatment plan.');
    const resource = `treatment-plan/${id}`;
    await this.audit.record({ actor: who, action: 'update', resource, patientId: state.patientId, correlationId: ctx.correlationId });
    return treatmentPlanView(state);
  }
}
