import { loadServiceConfig, PLATFORM_MIGRATIONS, type ServiceDefinition } from '@iop/platform';
import { AppModule } from './app.module';

export const DESCRIPTION = "Locations and session blocks, sessions, enrollment, attendance and weekly program hours.";

export function schedulingService(env: Record<string, string | undefined> = process.env): ServiceDefinition {
  const config = loadServiceConfig('scheduling', env);
  return { config, module: AppModule.register(config), migrations: [...PLATFORM_MIGRATIONS], description: DESCRIPTION };
}
