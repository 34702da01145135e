import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { treatmentPlanCareSetV1, type PublicEvent, type TreatmentPlanCareSet } from '@iop/domain-events';
import { ConsumerController, type InboxContext } from '@iop/event-store';
import { applyPlanCare } from '../book-plan-care/plan-care';

/**
 * Clinical notes' treatment plans: each signed version's structured care books the patient's individual sessions
 * (docs/DOMAIN.md section 9). Keyed by episode, so an episode's versions arrive in order.
 */
@ConsumerController('clinical-notes-plans')
export class ClinicalNotesConsumers {
  @EventPattern(treatmentPlanCareSetV1.type)
  careSet(@Payload() event: PublicEvent<TreatmentPlanCareSet>, @Ctx() { uow }: InboxContext) {
    return applyPlanCare(uow, event);
  }
}
