import { Inject, Injectable } from '@nestjs/common';
import { TOPICS } from '@iop/domain-events';
import { EventConsumers } from '@iop/event-store';
import { ContinuedStayReviews } from '../continued-stay/continued-stay-reviews';
import { clinicalNotesHandlers } from './clinical-notes.consumer';
import { outcomesHandlers } from './outcomes.consumer';
import { schedulingHandlers } from './scheduling.consumer';
import { WEBHOOKS_TOPIC, webhooksHandlers } from './webhooks.consumer';

/**
 * Registers admissions' Kafka consumers: `evidence` (locations and the continued-stay evidence from scheduling,
 * clinical-notes and outcomes) and `disclosures` (webhooks). Each handler writes through the inbox's transaction.
 */
@Injectable()
export class AdmissionsConsumers {
  constructor(@Inject(EventConsumers) consumers: EventConsumers, @Inject(ContinuedStayReviews) reviews: ContinuedStayReviews) {
    consumers.register({
      name: 'evidence',
      topics: [TOPICS.scheduling, TOPICS.clinicalNotes, TOPICS.outcomes],
      handlers: { ...schedulingHandlers(reviews), ...clinicalNotesHandlers(reviews), ...outcomesHandlers(reviews) },
    });
    consumers.register({ name: 'disclosures', topics: [WEBHOOKS_TOPIC], handlers: webhooksHandlers() });
  }
}
