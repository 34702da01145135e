import { ConfigError, loadServiceConfig, PLATFORM_MIGRATIONS, type ServiceDefinition } from '@iop/platform';
import { EVENT_STORE_MIGRATIONS } from '@iop/event-store';
import { AppModule } from './app.module';
import { loadWebhooksConfig } from './config/webhooks-config';
import { WEBHOOKS_MIGRATIONS } from './migrations/webhooks.migrations';
import { AddressPolicy } from './ssrf/address-policy';

export const DESCRIPTION =
  "Subscriptions and signed, retried deliveries of the platform's events to integrators (Standard Webhooks). Payloads are thin " +
  '(ids, types, statuses, times); patient events go out only under a 42 CFR Part 2 consent for the subscription\'s recipient, and ' +
  'each such delivery is logged and published as DisclosureRecorded. Targets on private networks are refused.';

export function webhooksService(env: Record<string, string | undefined> = process.env): ServiceDefinition {
  const config = loadServiceConfig('webhooks', env);
  const webhooks = loadWebhooksConfig(env);
  try {
    AddressPolicy.fromCidrs(webhooks.allowedCidrs);
  } catch (err) {
    throw new ConfigError('WEBHOOKS_ALLOWED_CIDRS', (err as Error).message);
  }
  return {
    config,
    module: AppModule.register(config, webhooks),
    migrations: [...PLATFORM_MIGRATIONS, ...EVENT_STORE_MIGRATIONS, ...WEBHOOKS_MIGRATIONS],
    description: DESCRIPTION,
  };
}
