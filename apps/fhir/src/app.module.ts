import { type DynamicModule, Module } from '@nestjs/common';
import { EventStoreModule } from '@iop/event-store';
import { PlatformModule, type ServiceConfig } from '@iop/platform';
import { FhirController } from './api/fhir.controller';
import { AdmissionsConsumer } from './consumers/admissions.consumer';
import { OutcomesConsumer } from './consumers/outcomes.consumer';
import { SchedulingConsumer } from './consumers/scheduling.consumer';

@Module({})
export class AppModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forService(config), EventStoreModule.forService({})],
      controllers: [FhirController, AdmissionsConsumer, SchedulingConsumer, OutcomesConsumer],
    };
  }
}
