import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Commands, Ctx, type CommandContext } from '@iop/event-store';
import { Roles } from '@iop/platform';
import { SecretResponses } from '../shared/secret-responses';
import { generateSecret, SecretBox } from '../secrets/secret-box';
import { TargetGuard } from '../ssrf/target-guard';
import { subscriptionDecider, subscriptionStream } from '../domain/subscription/subscription.decide';
import { CreateSubscriptionDto } from './subscription.dto';
import { vetUrl } from './vet-url';
import { SubscriptionCreatedDto } from './subscription-view.dto';

@ApiTags('subscriptions')
@Controller('v1/subscriptions')
export class CreateSubscriptionController {
  constructor(
    @Inject(Commands) private readonly commands: Commands,
    @Inject(TargetGuard) private readonly guard: TargetGuard,
    @Inject(SecretBox) private readonly box: SecretBox,
    @Inject(SecretResponses) private readonly responses: SecretResponses,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @ApiOperation({ summary: 'Subscribes an endpoint to event types (admin). The secret is shown in this answer only; it signs every delivery.' })
  @ApiCreatedResponse({ type: SubscriptionCreatedDto })
  async create(@Body() dto: CreateSubscriptionDto, @Ctx() ctx: CommandContext): Promise<{ subscriptionId: string; secret: string }> {
    const url = await vetUrl(this.guard, dto.url);
    const subscriptionId = randomUUID();
    const secret = generateSecret();
    const data = { ...dto, url, subscriptionId, sealedSecret: this.box.seal(secret, subscriptionId) };
    await this.commands.handle(ctx, subscriptionStream(subscriptionId), subscriptionDecider, { type: 'CreateSubscription', data, metadata: ctx });
    return { subscriptionId, secret: this.responses.seal(secret) };
  }
}
