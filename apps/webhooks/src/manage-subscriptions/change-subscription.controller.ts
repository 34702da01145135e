import { Body, Controller, Delete, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, Res } from '@nestjs/common';
import { ApiBody, ApiConflictResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Ctx, type CommandContext } from '@iop/event-store';
import { etagHeader, parseIfMatch, ProblemError, Roles } from '@iop/platform';
import type { SettingsChanges } from '../domain/subscription/subscription.events';
import type { SubscriptionView } from '../read-models/subscriptions.query';
import { DueSignal } from '../dispatcher/due-signal';
import { TargetGuard } from '../ssrf/target-guard';
import { cancelDeliveries, SubscriptionCommands, unparkDeliveries } from './subscription-commands';
import { UpdateSubscriptionDto } from './subscription.dto';
import { vetUrl } from './vet-url';
import { SubscriptionViewDto } from './subscription-view.dto';

@ApiTags('subscriptions')
@Controller('v1/subscriptions')
export class ChangeSubscriptionController {
  constructor(
    @Inject(SubscriptionCommands) private readonly commands: SubscriptionCommands,
    @Inject(TargetGuard) private readonly guard: TargetGuard,
    @Inject(DueSignal) private readonly due: DueSignal,
  ) {}

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Changes the URL, filter, description, recipient or rate limit (admin); If-Match guards against lost updates.' })
  @ApiOkResponse({ type: SubscriptionViewDto, headers: etagHeader('subscription') })
  // No body, like an empty one, changes nothing and answers the subscription as it is.
  @ApiBody({ type: UpdateSubscriptionDto, required: false })
  async update(
    @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateSubscriptionDto, @Ctx() ctx: CommandContext,
    @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SubscriptionView> {
    const changes: SettingsChanges = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined));
    if (changes.url !== undefined) changes.url = await vetUrl(this.guard, changes.url);
    const data = { changes, expectedVersion: parseIfMatch(ifMatch) };
    return this.withETag(reply, await this.commands.run(id, { type: 'UpdateSubscription', data }, ctx));
  }

  @Post(':id/pause')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Stops deliveries to the endpoint; new events are not queued for it until it is resumed (admin).' })
  @ApiOkResponse({ type: SubscriptionViewDto, headers: etagHeader('subscription') })
  async pause(@Param('id', new ParseUUIDPipe()) id: string, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<SubscriptionView> {
    return this.withETag(reply, await this.commands.run(id, { type: 'PauseSubscription' }, ctx));
  }

  @Post(':id/resume')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Resumes a paused or disabled endpoint; messages queued before the pause go out (admin).' })
  @ApiOkResponse({ type: SubscriptionViewDto, headers: etagHeader('subscription') })
  async resume(@Param('id', new ParseUUIDPipe()) id: string, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<SubscriptionView> {
    const view = await this.commands.run(id, { type: 'ResumeSubscription' }, ctx, unparkDeliveries);
    this.due.fire();
    return this.withETag(reply, view);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Deletes the subscription; queued messages are cancelled (admin).' })
  @ApiConflictResponse({ description: 'The subscription changed concurrently; nothing was changed.' })
  @ApiNoContentResponse()
  async remove(@Param('id', new ParseUUIDPipe()) id: string, @Ctx() ctx: CommandContext): Promise<void> {
    await this.commands.run(id, { type: 'DeleteSubscription' }, ctx, cancelDeliveries);
  }

  private withETag(reply: FastifyReply, view: SubscriptionView | undefined): SubscriptionView {
    if (!view) throw new ProblemError(404, 'No such subscription.');
    void reply.header('etag', `"${view.version}"`);
    return view;
  }
}
