import { Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  attendanceRuleBreachedV1, dimensionalReassessmentRecordedV1, goalStatusChangedV1, locationConfiguredV1, measureRecordedV1, type PublicEvent,
  safetyAlertRaisedV1, treatmentPlanSignedV1, weeklyAttendanceSummarizedV1,
} from '@iop/domain-events';
import { ConsumerController, type EventHandler, type InboxContext } from '@iop/event-store';
import { ContinuedStayReviews } from '../review-continued-stay/continued-stay-reviews';
import { clinicalNotesHandlers } from './clinical-notes.consumer';
import { outcomesHandlers } from './outcomes.consumer';
import { schedulingHandlers } from './scheduling.consumer';
import { DISCLOSURE_RECORDED, FHIR_DISCLOSURE_RECORDED, recordDisclosure, recordFhirDisclosure } from './webhooks.consumer';

/**
 * `evidence`: the tenant's locations, and the continued-stay evidence from scheduling, clinical-notes and outcomes.
 * Each handler writes through the inbox's transaction.
 */
@ConsumerController('evidence')
export class EvidenceConsumer {
  private readonly handlers: Record<string, EventHandler>;

  constructor(@Inject(ContinuedStayReviews) reviews: ContinuedStayReviews) {
    this.handlers = { ...schedulingHandlers(reviews), ...clinicalNotesHandlers(reviews), ...outcomesHandlers(reviews) };
  }

  private apply(event: PublicEvent, { uow }: InboxContext) {
    return this.handlers[event.type](event, uow);
  }

  @EventPattern(locationConfiguredV1.type)
  locationConfigured(@Payload() event: PublicEvent, @Ctx() ctx: InboxContext) {
    return this.apply(event, ctx);
  }

  @EventPattern(weeklyAttendanceSummarizedV1.type)
  weekSummarized(@Payload() event: PublicEvent, @Ctx() ctx: InboxContext) {
    return this.apply(event, ctx);
  }

  @EventPattern(attendanceRuleBreachedV1.type)
  ruleBreached(@Payload() event: PublicEvent, @Ctx() ctx: InboxContext) {
    return this.apply(event, ctx);
  }

  @EventPattern(dimensionalReassessmentRecordedV1.type)
  reassessed(@Payload() event: PublicEvent, @Ctx() ctx: InboxContext) {
    return this.apply(event, ctx);
  }

  @EventPattern(goalStatusChangedV1.type)
  goalStatusChanged(@Payload() event: PublicEvent, @Ctx() ctx: InboxContext) {
    return this.apply(event, ctx);
  }

  @EventPattern(treatmentPlanSignedV1.type)
  planSigned(@Payload() event: PublicEvent, @Ctx() ctx: InboxContext) {
    return this.apply(event, ctx);
  }

  @EventPattern(measureRecordedV1.type)
  measureRecorded(@Payload() event: PublicEvent, @Ctx() ctx: InboxContext) {
    return this.apply(event, ctx);
  }

  @EventPattern(safetyAlertRaisedV1.type)
  safetyAlert(@Payload() event: PublicEvent, @Ctx() ctx: InboxContext) {
    return this.apply(event, ctx);
  }
}

/** `disclosures`: the disclosures the webhooks service and the FHIR facade made, for the accounting of disclosures. */
@ConsumerController('disclosures')
export class DisclosuresConsumer {
  @EventPattern(DISCLOSURE_RECORDED)
  recorded(@Payload() event: PublicEvent, @Ctx() { uow }: InboxContext) {
    return recordDisclosure(event, uow);
  }

  @EventPattern(FHIR_DISCLOSURE_RECORDED)
  recordedByFhir(@Payload() event: PublicEvent, @Ctx() { uow }: InboxContext) {
    return recordFhirDisclosure(event, uow);
  }
}
