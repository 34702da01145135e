import { loadServiceConfig, PLATFORM_MIGRATIONS, type ServiceDefinition } from '@iop/platform';
import { AppModule } from './app.module';

export const DESCRIPTION = "Patients, referrals, ASAM assessments and placement, episodes of care, continued-stay reviews, discharge and 42 CFR Part 2 consents.";

export function admissionsService(env: Record<string, string | undefined> = process.env): ServiceDefinition {
  const config = loadServiceConfig('admissions', env);
  return { config, module: AppModule.register(config), migrations: [...PLATFORM_MIGRATIONS], description: DESCRIPTION };
}
