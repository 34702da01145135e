import { intSetting, loadServiceConfig, PLATFORM_MIGRATIONS, type ServiceDefinition } from '@iop/platform';
import { EVENT_STORE_MIGRATIONS } from '@iop/event-store';
import { AppModule } from './app.module';
import { fhirPseudonymizer } from './export/deidentify';
import { FHIR_MIGRATIONS } from './migrations/fhir.migrations';

export const DESCRIPTION =
  'A read-only HL7 FHIR R4 facade at /fhir: Patient, EpisodeOfCare, CareTeam, Encounter, Appointment, Observation, Condition, ' +
  "CarePlan, Goal and Consent built from the platform's public events, each labelled 42 CFR Part 2 and restricted, with the " +
  'clinic (Organization), its sites (Location) and care-team members (Practitioner); their versions and Bulk Data export; every ' +
  'read is audited, and a read by a recipient outside the program is checked against its consents, recorded as a disclosure ' +
  'and published for the accounting of disclosures.';

export function fhirService(env: Record<string, string | undefined> = process.env): ServiceDefinition {
  const config = loadServiceConfig('fhir', env);
  const options = {
    export: {
      pollMs: intSetting(env, 'FHIR_EXPORT_POLL_MS', 2_000, 0, 600_000),
      batchSize: intSetting(env, 'FHIR_EXPORT_BATCH_SIZE', 2_000, 1, 50_000),
      fileSize: intSetting(env, 'FHIR_EXPORT_FILE_SIZE', 10_000, 1, 1_000_000),
      retentionHours: intSetting(env, 'FHIR_EXPORT_RETENTION_HOURS', 24, 1, 24 * 30),
    },
    pseudonymizer: fhirPseudonymizer(env),
  };
  return {
    config,
    module: AppModule.register(config, options),
    migrations: [...PLATFORM_MIGRATIONS, ...EVENT_STORE_MIGRATIONS, ...FHIR_MIGRATIONS],
    description: DESCRIPTION,
  };
}
