/**
 * A disclosure outside the program (42 CFR Part 2): one per message and delivery round, appended in batches to a
 * `disclosures-<batchId>` stream by the dispatcher. The public DisclosureRecorded carries all but the last two ids.
 */
export type DisclosureRecorded = {
  type: 'DisclosureRecorded';
  data: {
    disclosureId: string;
    patientId: string;
    recipient: string;
    purpose: string;
    eventType: string;
    eventId: string;
    disclosedAt: string;
    consentId?: string;
    subscriptionId: string;
    messageId: string;
  };
};
