import { randomUUID } from 'node:crypto';
import { type CommandContext, type EventStore, toEventMetadata } from '@iop/event-store';
import type { MessageDisclosure } from '../read-delivery-log/delivery-log.query';
import type { DisclosureRecorded } from './disclosure.events';

/**
 * An integrator reading a patient's message through the API receives that information again, outside the program:
 * a disclosure like the delivery itself, recorded the same way (the disclosures table and DisclosureRecorded, which
 * admissions keeps for the patient's accounting of disclosures, 42 CFR 2.24).
 */
export async function recordReadDisclosure(
  store: EventStore, ctx: CommandContext, message: { messageId: string; subscriptionId: string; eventId: string; eventType: string }, d: MessageDisclosure,
): Promise<void> {
  const data: DisclosureRecorded['data'] = {
    disclosureId: randomUUID(), patientId: d.patientId, recipient: d.recipient, purpose: d.purpose, eventType: message.eventType,
    eventId: message.eventId, disclosedAt: ctx.now, consentId: d.consentId, subscriptionId: message.subscriptionId, messageId: message.messageId,
  };
  await store.append(`disclosures-${randomUUID()}`, 'disclosure-batch', [{ id: randomUUID(), type: 'DisclosureRecorded', data, metadata: toEventMetadata(ctx) }], { expectedVersion: 'no-stream' });
}
