import { ConfigError, loadServiceConfig, PLATFORM_MIGRATIONS, type ServiceDefinition } from '@iop/platform';
import { EVENT_STORE_MIGRATIONS } from '@iop/event-store';
import { AppModule } from './app.module';
import { analyticsPseudonymizer } from './publishing/analytics-keys';
import { OUTCOMES_MIGRATIONS } from './migrations/outcomes.migrations';

export const DESCRIPTION = "PHQ-9, GAD-7 and BAM measures, drug screens, follow-ups after discharge, program metrics and the de-identified analysts' stream.";

function sweepMinutes(env: Record<string, string | undefined>): number {
  const raw = env.OUTCOMES_FOLLOW_UP_SWEEP_MINUTES ?? '60';
  const minutes = Number(raw);
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 1440) throw new ConfigError('OUTCOMES_FOLLOW_UP_SWEEP_MINUTES', `must be 0-1440 (got "${raw}")`);
  return minutes;
}

export function outcomesService(env: Record<string, string | undefined> = process.env): ServiceDefinition {
  const config = loadServiceConfig('outcomes', env);
  const options = { pseudonymizer: analyticsPseudonymizer(env), followUpSweepMinutes: sweepMinutes(env) };
  return {
    config,
    module: AppModule.register(config, options),
    migrations: [...PLATFORM_MIGRATIONS, ...EVENT_STORE_MIGRATIONS, ...OUTCOMES_MIGRATIONS],
    description: DESCRIPTION,
  };
}
