import { Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { Ctx, type CommandContext } from '@iop/event-store';
import { CurrentPrincipal, PG_POOL, type Principal, ProblemError, Roles, withTenant } from '@iop/platform';
import type { WebhooksConfig } from '../config/webhooks-config';
import { SecretResponses } from '../http/secret-responses';
import { generateSecret, SecretBox } from '../secrets/secret-box';
import { WEBHOOKS_CONFIG } from '../webhooks.tokens';
import { SubscriptionCommands } from './subscription-commands';

@ApiTags('subscriptions')
@Controller('v1/subscriptions')
export class SubscriptionSecretController {
  constructor(
    @Inject(SubscriptionCommands) private readonly commands: SubscriptionCommands,
    @Inject(SecretBox) private readonly box: SecretBox,
    @Inject(SecretResponses) private readonly responses: SecretResponses,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(WEBHOOKS_CONFIG) private readonly config: WebhooksConfig,
  ) {}

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Issues a new secret (admin). The previous one keeps signing, as a second signature, for 24 hours.' })
  async rotate(@Param('id', new ParseUUIDPipe()) id: string, @Ctx() ctx: CommandContext): Promise<{ secret: string; previousSecretValidUntil: string }> {
    const secret = generateSecret();
    const previousValidUntil = new Date(Date.parse(ctx.now) + this.config.previousSecretTtlMs).toISOString();
    await this.commands.run(id, { type: 'RotateSecret', data: { sealedSecret: this.box.seal(secret, id), previousValidUntil } }, ctx);
    return { secret: this.responses.seal(secret), previousSecretValidUntil: previousValidUntil };
  }

  @Get(':id/secret')
  @Roles('admin')
  @ApiOperation({ summary: 'The current signing secret (admin), for an integrator who lost it.' })
  async current(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() who: Principal): Promise<{ secret: string }> {
    const rows = await withTenant(this.pool, who.tenantId, async (client) =>
      (await client.query<{ sealed: string }>(`SELECT sealed_secret AS sealed FROM subscriptions WHERE subscription_id = $1 AND status <> 'deleted'`, [id])).rows);
    if (!rows[0]) throw new ProblemError(404, 'No such subscription.');
    return { secret: this.box.open(rows[0].sealed, id) };
  }
}
