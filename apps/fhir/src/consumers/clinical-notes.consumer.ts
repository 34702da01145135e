import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { goalStatusChangedV1, type GoalStatusChanged, type PublicEvent, treatmentPlanSignedV1, type TreatmentPlanSigned } from '@iop/domain-events';
import { ConsumerController, type InboxContext } from '@iop/event-store';
import { carePlanFromSignature, carePlanWithGoal, goalFromStatus } from '../resources/fhir-resources';
import { loadResource, saveResource } from '../resources/resource-store';
import { keep } from './consumed-events';

/**
 * Treatment plans and their goals (counts and statuses only: the wording stays in clinical-notes). Both are keyed by
 * the episode, so a goal's status follows its plan's signature; a goal changed on a plan not signed yet is kept
 * without the plan's link, which its next change (or the plan's next signature) does not add: the plan lists the
 * goals whose status changed after it was signed.
 */
@ConsumerController('clinical-notes')
export class ClinicalNotesConsumer {
  @EventPattern(treatmentPlanSignedV1.type)
  async planSigned(@Payload() event: PublicEvent<TreatmentPlanSigned>, @Ctx() { client }: InboxContext): Promise<void> {
    await keep(client, event);
    await saveResource(client, event.tenantId, carePlanFromSignature(await loadResource(client, 'CarePlan', event.data.planId), event.data));
  }

  @EventPattern(goalStatusChangedV1.type)
  async goalChanged(@Payload() event: PublicEvent<GoalStatusChanged>, @Ctx() { client }: InboxContext): Promise<void> {
    await keep(client, event);
    await saveResource(client, event.tenantId, goalFromStatus(event.data));
    const plan = await loadResource(client, 'CarePlan', event.data.planId);
    const linked = plan && carePlanWithGoal(plan, event.data.goalId);
    if (linked) {
      await saveResource(client, event.tenantId, {
        type: 'CarePlan', id: event.data.planId, patientId: event.data.patientId, date: linked.created as string, status: linked.status as string, resource: linked,
      });
    }
  }
}
