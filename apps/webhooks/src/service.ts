import { loadServiceConfig, PLATFORM_MIGRATIONS, type ServiceDefinition } from '@iop/platform';
import { AppModule } from './app.module';

export const DESCRIPTION = "Subscriptions and signed, retried deliveries of the platform's events to integrators (Standard Webhooks).";

export function webhooksService(env: Record<string, string | undefined> = process.env): ServiceDefinition {
  const config = loadServiceConfig('webhooks', env);
  return { config, module: AppModule.register(config), migrations: [...PLATFORM_MIGRATIONS], description: DESCRIPTION };
}
