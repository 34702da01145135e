import { EVENT_STORE_MIGRATIONS } from '@iop/event-store';
import { ConfigError, loadServiceConfig, PLATFORM_MIGRATIONS, type ServiceDefinition } from '@iop/platform';
import { AppModule } from './app.module';
import { ADMISSIONS_MIGRATIONS } from './migrations/admissions.migrations';

export const DESCRIPTION = "Patients, referrals, ASAM assessments and placement, episodes of care, continued-stay reviews, discharge and 42 CFR Part 2 consents.";

/** `ADMISSIONS_REVIEW_INTERVAL_MS`: how often the weekly-review schedule runs (default hourly; 0 = off). */
function reviewInterval(env: Record<string, string | undefined>): number | undefined {
  const raw = env.ADMISSIONS_REVIEW_INTERVAL_MS;
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new ConfigError('ADMISSIONS_REVIEW_INTERVAL_MS', `must be a whole number of milliseconds (got "${raw}")`);
  return value;
}

export function admissionsService(env: Record<string, string | undefined> = process.env): ServiceDefinition {
  const config = loadServiceConfig('admissions', env);
  return {
    config,
    module: AppModule.register(config, { reviewJobIntervalMs: reviewInterval(env) }),
    migrations: [...PLATFORM_MIGRATIONS, ...EVENT_STORE_MIGRATIONS, ...ADMISSIONS_MIGRATIONS],
    description: DESCRIPTION,
  };
}
