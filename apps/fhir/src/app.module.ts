import { type DynamicModule, Module } from '@nestjs/common';
import { EventStoreModule } from '@iop/event-store';
import { PlatformModule, type ServiceConfig } from '@iop/platform';
import { FhirController } from './api/fhir.controller';
import { AdmissionsConsumer } from './consumers/admissions.consumer';
import { ClinicalNotesConsumer } from './consumers/clinical-notes.consumer';
import { OutcomesConsumer } from './consumers/outcomes.consumer';
import { SchedulingConsumer } from './consumers/scheduling.consumer';
import { DisclosuresController } from './disclosure/disclosures.controller';
import type { FhirPseudonymizer } from './export/deidentify';
import { ExportController } from './export/export.controller';
import { EXPORT_SETTINGS, ExportRunner, type ExportSettings, FHIR_PSEUDONYMIZER } from './export/export-runner';
import { fhirPublicMapping } from './publishing/fhir.publishing';
import { ReadModelRebuild } from './rebuild/read-model-rebuild';
import { ReadModelRebuildController } from './rebuild/read-model-rebuild.controller';

export interface FhirOptions {
  export: ExportSettings;
  /** Undefined: no analytics keys configured, so no de-identified exports. */
  pseudonymizer: FhirPseudonymizer | undefined;
}

@Module({})
export class AppModule {
  static register(config: ServiceConfig, options: FhirOptions): DynamicModule {
    return {
      module: AppModule,
      // The store holds the disclosures it publishes (fhir.publishing.ts); the read model is not event-sourced.
      imports: [PlatformModule.forService(config), EventStoreModule.forService({ publish: fhirPublicMapping })],
      // The export routes are static paths (`$export`, `Patient/$export`): they come before the parametric ones.
      controllers: [ExportController, FhirController, DisclosuresController, ReadModelRebuildController, AdmissionsConsumer, SchedulingConsumer, OutcomesConsumer, ClinicalNotesConsumer],
      providers: [
        ExportRunner,
        ReadModelRebuild,
        { provide: EXPORT_SETTINGS, useValue: options.export },
        { provide: FHIR_PSEUDONYMIZER, useValue: options.pseudonymizer },
      ],
    };
  }
}
