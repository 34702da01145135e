import { Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { notFound } from '@iop/decider';
import { type CommandContext, Commands, Ctx, EventStore } from '@iop/event-store';
import { AuditLog, CurrentPrincipal, PageQuery, type Principal, Roles, withTenant } from '@iop/platform';
import { ADMINS, CARE_STAFF, CLINICIANS } from '../shared/access';
import { auditPatients } from '../shared/audit';
import { ContinuedStayReviews } from './continued-stay-reviews';
import { listDue, listReviews, reviewView } from './review.queries';
import { ContinuedStayReviewDto, ContinuedStayReviewPageDto, DueForReviewPageDto, ScheduledReviewRunDto } from './review.dto';

export class DueForReviewQuery extends PageQuery {
  @ApiPropertyOptional({ description: "Only the episodes whose care team includes this staff member (a token subject, e.g. the caller's own)." })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  careTeamMember?: string;
}

@ApiTags('continued-stay')
@Controller('v1')
export class ContinuedStayController {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(ContinuedStayReviews) private readonly reviews: ContinuedStayReviews,
    @Inject(Commands) private readonly commands: Commands,
  ) {}

  @Post('episodes/:episodeId/reviews') @HttpCode(201) @Roles(...CLINICIANS)
  @ApiOperation({ summary: 'Review the continued stay now: the ASAM criteria over the evidence the other services reported.' })
  @ApiCreatedResponse({ type: ContinuedStayReviewDto })
  review(@Param('episodeId', new ParseUUIDPipe()) episodeId: string, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal) {
    return this.commands.run(ctx, async (uow) => {
      const review = (await this.reviews.review(uow, episodeId, 'request', ctx))!;
      const resource = `episode/${episodeId}/reviews/${review.reviewId}`;
      await uow.audit({ actor: who, action: 'create', resource, patientId: review.patientId, correlationId: ctx.correlationId });
      return reviewView(review);
    });
  }

  @Get('episodes/:episodeId/reviews') @Roles(...CARE_STAFF)
  @ApiOperation({ summary: "The episode's continued-stay reviews, newest first (?limit=&cursor=)." })
  @ApiOkResponse({ type: ContinuedStayReviewPageDto })
  list(@Param('episodeId', new ParseUUIDPipe()) episodeId: string, @Query() q: PageQuery, @CurrentPrincipal() who: Principal) {
    return withTenant(this.store.pool, who.tenantId, async (client) => {
      const { rows } = await client.query('SELECT patient_id FROM episodes WHERE tenant_id = $1 AND episode_id = $2', [who.tenantId, episodeId]);
      if (!rows[0]) throw notFound(`No episode ${episodeId}.`);
      const page = await listReviews(client, who.tenantId, episodeId, q);
      await auditPatients(this.audit, client, who, 'read', `episode/${episodeId}/reviews`, [rows[0].patient_id]);
      return page;
    });
  }

  @Get('episodes/due-for-review') @Roles(...CARE_STAFF)
  @ApiOperation({ summary: 'Active episodes whose last review is older than 7 days (never reviewed: started 7+ days ago), of one care-team member with ?careTeamMember=.' })
  @ApiOkResponse({ type: DueForReviewPageDto })
  due(@Query() q: DueForReviewQuery, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal) {
    return withTenant(this.store.pool, who.tenantId, async (client) => {
      const page = await listDue(client, who.tenantId, ctx.now, q, q.careTeamMember);
      await auditPatients(this.audit, client, who, 'list', 'episodes/due-for-review', page.items.map((e) => e.patientId));
      return page;
    });
  }

  @Post('reviews/scheduled-run') @HttpCode(200) @Roles(...ADMINS)
  @ApiOperation({ summary: "Run the weekly schedule now for this clinic (the service also runs it on a timer)." })
  @ApiOkResponse({ type: ScheduledReviewRunDto })
  async runSchedule(@Ctx() ctx: CommandContext) {
    return { reviewed: await this.reviews.reviewDue(ctx.now, ctx.tenantId) };
  }
}
