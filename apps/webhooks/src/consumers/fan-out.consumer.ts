import { Inject, Injectable } from '@nestjs/common';
import { EventConsumers, type EventHandler } from '@iop/event-store';
import { consentGrantedV1, consentRevokedV1, contractFor, TOPICS } from '@iop/domain-events';
import { DueSignal } from '../dispatcher/due-signal';
import { DELIVERABLE_TYPES } from '../subscription/deliverable-types';
import { consentGranted, consentRevoked } from './consent-ledger';
import { fanOut, fanOutMany } from './fan-out';

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
    const ledgers: Record<string, EventHandler> = { [consentGrantedV1.type]: consentGranted, [consentRevokedV1.type]: consentRevoked };
    consumers.register({
      name: 'fan-out',
      topics: CONSUMED_TOPICS,
      handlers: {
        ...Object.fromEntries(consumed.map((type) => [type, deliver])),
        [consentGrantedV1.type]: withLedger(consentGranted),
        [consentRevokedV1.type]: withLedger(consentRevoked),
      },
      // A batch: the ledger first, in order, then every event's messages in one statement. The fan-out reads no
      // consent (the dispatcher checks the ledger when it delivers), so doing the ledger first changes nothing.
      applyBatch: async (events, client) => {
        for (const event of events) await ledgers[event.type]?.(event, client);
        if ((await fanOutMany(events, client)) > 0) due.afterRelease(client);
      },
    });
  }
}
