import { Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ConsumerController, type InboxContext } from '@iop/event-store';
import { consentGrantedV1, consentRevokedV1, contractFor, type PublicEvent, TOPICS } from '@iop/domain-events';
import { DueSignal } from '../dispatcher/due-signal';
import { DELIVERABLE_TYPES } from '../domain/subscription/deliverable-types';
import { consentGranted, consentRevoked } from './consent-ledger';
import { fanOutMany } from './fan-out';

const CONSUMED_TOPICS: readonly string[] = [TOPICS.admissions, TOPICS.scheduling, TOPICS.clinicalNotes, TOPICS.outcomes];
/** Every deliverable type of the clinical services' public topics (consent events among them). */
const CONSUMED_TYPES = DELIVERABLE_TYPES.filter((type) => CONSUMED_TOPICS.includes(contractFor(type)!.topic));
const LEDGERS: Record<string, (event: PublicEvent, client: InboxContext['client']) => Promise<void>> = {
  [consentGrantedV1.type]: consentGranted, [consentRevokedV1.type]: consentRevoked,
};

/**
 * Every public topic of the clinical services through the inbox: each event becomes one message per matching
 * subscription, exactly once. Consent events update the ledger first, in the same transaction, so a consent
 * event's own message is checked against the ledger it changed. (EndpointDisabled, this service's own event, is
 * fanned out where it is raised, not read back from Kafka.)
 */
@ConsumerController('fan-out')
export class FanOutConsumer {
  constructor(@Inject(DueSignal) private readonly due: DueSignal) {}

  /**
   * A run of events, whatever their types: the ledger first, in order, then every event's messages in one statement.
   * The fan-out reads no consent (the dispatcher checks the ledger when it delivers), so doing the ledger first
   * changes nothing.
   */
  @EventPattern([...new Set([...CONSUMED_TYPES, consentGrantedV1.type, consentRevokedV1.type])], { batch: true })
  async deliver(@Payload() events: PublicEvent[], @Ctx() { client }: InboxContext): Promise<void> {
    for (const event of events) await LEDGERS[event.type]?.(event, client);
    if ((await fanOutMany(events, client)) > 0) this.due.afterRelease(client);
  }
}
