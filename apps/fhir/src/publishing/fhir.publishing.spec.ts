import { fhirDisclosureRecordedV1, validateEvent } from '@iop/domain-events';
import type { StoredEvent } from '@iop/event-store';
import { fhirPublicMapping } from './fhir.publishing';

const stored = (type: string, data: object): StoredEvent => ({
  id: data && 'disclosureId' in data ? String(data.disclosureId) : '11111111-1111-4111-8111-111111111111', type, data, schemaVersion: 1,
  metadata: { tenantId: 't1', actor: { subject: 'client' }, correlationId: 'c' }, streamId: 's', streamType: 'fhir-disclosures', streamVersion: 1,
  globalPosition: '1', transactionId: '1', recordedAt: new Date(),
});

describe('fhir publishing', () => {
  it('publishes a disclosure as the contract says, and nothing else', () => {
    const [message] = fhirPublicMapping(stored('DisclosureRecorded', fhirDisclosureRecordedV1.example));
    expect(message.contract.type).toBe('iop.fhir.DisclosureRecorded.v1');
    expect(validateEvent(message.contract.type, message.data)).toEqual({ ok: true });
    expect(fhirPublicMapping(stored('Other', {}))).toEqual([]);
  });
});
