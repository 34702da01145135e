import { EVENT_STORE_MIGRATIONS } from '@iop/event-store';
import { ConfigError, loadServiceConfig, PLATFORM_MIGRATIONS, type ServiceDefinition } from '@iop/platform';
import { AppModule } from './app.module';
import { CLINICAL_NOTES_MIGRATIONS } from './migrations/clinical-notes.migrations';

export const DESCRIPTION = "Treatment plans and goals, session notes with signing and amendments, ASAM reassessments and crisis documentation.";

function safetyEscalationIntervalMs(env: Record<string, string | undefined>): number {
  const raw = env.CLINICAL_NOTES_SAFETY_ESCALATION_INTERVAL_MS ?? '60000';
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new ConfigError('CLINICAL_NOTES_SAFETY_ESCALATION_INTERVAL_MS', `must be a whole number of milliseconds, 0 to turn it off (got "${raw}")`);
  }
  return value;
}

export function clinicalNotesService(env: Record<string, string | undefined> = process.env): ServiceDefinition {
  const config = loadServiceConfig('clinical-notes', env);
  return {
    config,
    module: AppModule.register(config, { safetyEscalationIntervalMs: safetyEscalationIntervalMs(env) }),
    migrations: [...PLATFORM_MIGRATIONS, ...EVENT_STORE_MIGRATIONS, ...CLINICAL_NOTES_MIGRATIONS],
    description: DESCRIPTION,
  };
}
