import { loadServiceConfig, PLATFORM_MIGRATIONS, type ServiceDefinition } from '@iop/platform';
import { EVENT_STORE_MIGRATIONS } from '@iop/event-store';
import { AppModule } from './app.module';
import { FHIR_MIGRATIONS } from './migrations/fhir.migrations';

export const DESCRIPTION =
  'A read-only HL7 FHIR R4 facade at /fhir: Patient, EpisodeOfCare, Encounter, Appointment, Observation and Consent built from ' +
  "the platform's public events, each labelled 42 CFR Part 2 and restricted; every read is audited.";

export function fhirService(env: Record<string, string | undefined> = process.env): ServiceDefinition {
  const config = loadServiceConfig('fhir', env);
  return {
    config,
    module: AppModule.register(config),
    migrations: [...PLATFORM_MIGRATIONS, ...EVENT_STORE_MIGRATIONS, ...FHIR_MIGRATIONS],
    description: DESCRIPTION,
  };
}
