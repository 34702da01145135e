import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { drugScreenResultedV1, type DrugScreenResulted, measureRecordedV1, type MeasureRecorded, type PublicEvent } from '@iop/domain-events';
import { ConsumerController, deterministicId, type InboxContext } from '@iop/event-store';
import { observationFromMeasure, observationsFromDrugScreen } from '../resources/fhir-resources';
import { saveResource } from '../resources/resource-store';
import { keep } from './consumed-events';

/** Measures' totals and drug screens' analytes as Observations (ids: the measure's, or derived from screen and analyte). */
@ConsumerController('outcomes')
export class OutcomesConsumer {
  @EventPattern(measureRecordedV1.type)
  async measure(@Payload() event: PublicEvent<MeasureRecorded>, @Ctx() { client }: InboxContext): Promise<void> {
    await keep(client, event);
    const observation = observationFromMeasure(event.data);
    if (observation) await saveResource(client, event.tenantId, observation);
  }

  @EventPattern(drugScreenResultedV1.type)
  async drugScreen(@Payload() event: PublicEvent<DrugScreenResulted>, @Ctx() { client }: InboxContext): Promise<void> {
    await keep(client, event);
    for (const o of observationsFromDrugScreen(event.data, (analyte) => deterministicId(`${event.data.screenId}:${analyte}`))) {
      await saveResource(client, event.tenantId, o);
    }
  }
}
