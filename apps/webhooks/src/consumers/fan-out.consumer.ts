import { Inject, Injectable } from '@nestjs/common';
import { EventConsumers, type EventHandler } from '@iop/event-store';
import { consentGrantedV1, consentRevokedV1, contractFor, TOPICS } from '@iop/domain-events';
import { DueSignal } from '../dispatcher/due-signal';
import { DELIVERABLE_TYPES } from '../subscription/deliverable-types';
import { consentGranted, consentRevoked } from './consent-ledger';
import { fanOut } from './fan-out';

const CONSUMED_TOPICS = [TOPICS.admissions, TOPICS.scheduling, TOPICS.clinicalNotes, TOPICS.outcomes];

/**
 * Every public topic of the clinical services through the inbox: each event becomes one message per matching
 * subscription, exactly once. Consent events update the ledger first, in the same transaction, so a consent
 * event's own message is checked against the ledger it changed. (EndpointDisabled, this service's own event, is
 * fanned out where it is raised, not read back from Kafka.)
 */
@Injectable()
export class FanOutConsumer {
  constructor(@Inject(EventConsumers) consumers: EventConsumers, @Inject(DueSignal) due: DueSignal) {
    const deliver: EventHandler = async (event, client) => {
      if ((await fanOut(event, client)) > 0) due.afterRelease(client);
    };
    const withLedger = (ledger: EventHandler): EventHandler => async (event, client) => {
      await ledger(event, client);
      await deliver(event, client);
    };
    const consumed = DELIVERABLE_TYPES.filter((type) => CONSUMED_TOPICS.includes(contractFor(type)!.topic as (typeof CONSUMED_TOPICS)[number]));
    consumers.register({
      name: 'fan-out',
      topics: CONSUMED_TOPICS,
      handlers: {
        ...Object.fromEntries(consumed.map((type) => [type, deliver])),
        [consentGrantedV1.type]: withLedger(consentGranted),
        [consentRevokedV1.type]: withLedger(consentRevoked),
      },
    });
  }
}
