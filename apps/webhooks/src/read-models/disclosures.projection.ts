import type { Projection } from '@iop/event-store';
import type { DisclosureRecorded } from '../disclosure/disclosure.events';

/** The disclosure log, in the same transaction as the DisclosureRecorded events (one statement per batch). */
export const disclosuresProjection: Projection = {
  name: 'disclosures',
  tables: ['disclosures'],
  handles: ['DisclosureRecorded'],
  async apply(client, events, schema) {
    const rows = events.map((e) => ({ tenantId: e.metadata.tenantId, ...(e.data as DisclosureRecorded['data']) }));
    const column = <K extends keyof (typeof rows)[number]>(key: K) => rows.map((r) => r[key] ?? null);
    await client.query(
      `INSERT INTO "${schema}".disclosures
         (disclosure_id, tenant_id, patient_id, recipient, purpose, event_type, event_id, consent_id, subscription_id, message_id, disclosed_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::uuid[], $9::uuid[], $10::uuid[], $11::timestamptz[])
       ON CONFLICT (disclosure_id) DO NOTHING`,
      [column('disclosureId'), column('tenantId'), column('patientId'), column('recipient'), column('purpose'), column('eventType'),
        column('eventId'), column('consentId'), column('subscriptionId'), column('messageId'), column('disclosedAt')],
    );
  },
};
