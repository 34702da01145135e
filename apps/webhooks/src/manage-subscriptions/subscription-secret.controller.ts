import { Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, type CommandContext } from '@iop/event-store';
import { Roles } from '@iop/platform';
import type { WebhooksConfig } from '../config/webhooks-config';
import { SecretResponses } from '../shared/secret-responses';
import { generateSecret, SecretBox } from '../secrets/secret-box';
import { WEBHOOKS_CONFIG } from '../webhooks.tokens';
import { SubscriptionCommands } from './subscription-commands';
import { SecretRotatedDto } from './subscription-view.dto';

/**
 * A signing secret is shown once, in the answer that creates or rotates it, and never read back: an integrator who
 * lost it rotates it (the previous one keeps signing for a while, so nothing is missed meanwhile).
 */
@ApiTags('subscriptions')
@Controller('v1/subscriptions')
export class SubscriptionSecretController {
  constructor(
    @Inject(SubscriptionCommands) private readonly commands: SubscriptionCommands,
    @Inject(SecretBox) private readonly box: SecretBox,
    @Inject(SecretResponses) private readonly responses: SecretResponses,
    @Inject(WEBHOOKS_CONFIG) private readonly config: WebhooksConfig,
  ) {}

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Issues a new secret (admin). The previous one keeps signing, as a second signature, for 24 hours.' })
  @ApiOkResponse({ type: SecretRotatedDto })
  async rotate(@Param('id', new ParseUUIDPipe()) id: string, @Ctx() ctx: CommandContext): Promise<{ secret: string; previousSecretValidUntil: string }> {
    const secret = generateSecret();
    const previousValidUntil = new Date(Date.parse(ctx.now) + this.config.previousSecretTtlMs).toISOString();
    await this.commands.run(id, { type: 'RotateSecret', data: { sealedSecret: this.box.seal(secret, id), previousValidUntil } }, ctx);
    return { secret: this.responses.seal(secret), previousSecretValidUntil: previousValidUntil };
  }
}
