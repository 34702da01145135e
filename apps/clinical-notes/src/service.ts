import { EVENT_STORE_MIGRATIONS } from '@iop/event-store';
import { loadServiceConfig, PLATFORM_MIGRATIONS, type ServiceDefinition } from '@iop/platform';
import { AppModule } from './app.module';
import { CLINICAL_NOTES_MIGRATIONS } from './migrations/clinical-notes.migrations';

export const DESCRIPTION = "Treatment plans and goals, session notes with signing and amendments, ASAM reassessments and crisis documentation.";

export function clinicalNotesService(env: Record<string, string | undefined> = process.env): ServiceDefinition {
  const config = loadServiceConfig('clinical-notes', env);
  return {
    config,
    module: AppModule.register(config),
    migrations: [...PLATFORM_MIGRATIONS, ...EVENT_STORE_MIGRATIONS, ...CLINICAL_NOTES_MIGRATIONS],
    description: DESCRIPTION,
  };
}
