import { Inject, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { PublicEvent } from '@iop/domain-events';
import { type BatchHandler, EventConsumers, type EventHandler } from '@iop/event-store';
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
    type Ledger = (event: PublicEvent, client: PoolClient) => Promise<void>;
    const deliver: EventHandler = async (event, { client }) => {
      if ((await fanOut(event, client)) > 0) due.afterRelease(client);
    };
    const withLedger = (ledger: Ledger): EventHandler => async (event, uow) => {
      await ledger(event, uow.client);
      await deliver(event, uow);
    };
    const consumed = DELIVERABLE_TYPES.filter((type) => CONSUMED_TOPICS.includes(contractFor(type)!.topic as (typeof CONSUMED_TOPICS)[number]));
    const ledgers: Record<string, Ledger> = { [consentGrantedV1.type]: consentGranted, [consentRevokedV1.type]: consentRevoked };
    // A batch, whatever its types: the ledger first, in order, then every event's messages in one statement. The
    // fan-out reads no consent (the dispatcher checks the ledger when it delivers), so doing the ledger first changes
    // nothing.
    const batch: BatchHandler = async (events, { client }) => {
      for (const event of events) await ledgers[event.type]?.(event, client);
      if ((await fanOutMany(events, client)) > 0) due.afterRelease(client);
    };
    consumers.register({
      name: 'fan-out',
      topics: CONSUMED_TOPICS,
      handlers: {
        ...Object.fromEntries(consumed.map((type) => [type, deliver])),
        [consentGrantedV1.type]: withLedger(consentGranted),
        [consentRevokedV1.type]: withLedger(consentRevoked),
      },
      batchHandlers: Object.fromEntries([...consumed, consentGrantedV1.type, consentRevokedV1.type].map((type) => [type, batch])),
    });
  }
}
