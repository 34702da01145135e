import { ConfigError, loadServiceConfig, PLATFORM_MIGRATIONS, type ServiceDefinition } from '@iop/platform';
import { EVENT_STORE_MIGRATIONS } from '@iop/event-store';
import { AppModule } from './app.module';
import { SCHEDULING_MIGRATIONS } from './migrations/scheduling.migrations';

export const DESCRIPTION = "Locations and session blocks, sessions, enrollment, attendance and weekly program hours.";

function closeWeeksIntervalMs(env: Record<string, string | undefined>): number {
  const raw = env.SCHEDULING_CLOSE_WEEKS_INTERVAL_MS ?? '3600000';
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new ConfigError('SCHEDULING_CLOSE_WEEKS_INTERVAL_MS', `must be a whole number of milliseconds, 0 to turn it off (got "${raw}")`);
  return value;
}

export function schedulingService(env: Record<string, string | undefined> = process.env): ServiceDefinition {
  const config = loadServiceConfig('scheduling', env);
  return {
    config,
    module: AppModule.register(config, { closeWeeksIntervalMs: closeWeeksIntervalMs(env) }),
    migrations: [...PLATFORM_MIGRATIONS, ...EVENT_STORE_MIGRATIONS, ...SCHEDULING_MIGRATIONS],
    description: DESCRIPTION,
  };
}
