import { loadServiceConfig, PLATFORM_MIGRATIONS, type ServiceDefinition } from '@iop/platform';
import { AppModule } from './app.module';

export const DESCRIPTION = "PHQ-9, GAD-7 and BAM measures, drug screens, follow-ups after discharge, program metrics and the de-identified analysts' stream.";

export function outcomesService(env: Record<string, string | undefined> = process.env): ServiceDefinition {
  const config = loadServiceConfig('outcomes', env);
  return { config, module: AppModule.register(config), migrations: [...PLATFORM_MIGRATIONS], description: DESCRIPTION };
}
