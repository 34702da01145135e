/** Public Kafka topics. Names are part of the contract (docs/CONTRACTS.md, "Events and topics"): never rename one within a major version. */
export const TOPICS = {
  admissions: 'iop.admissions.v1',
  scheduling: 'iop.scheduling.v1',
  clinicalNotes: 'iop.clinical-notes.v1',
  outcomes: 'iop.outcomes.v1',
  analytics: 'iop.analytics.v1',
  webhooks: 'iop.webhooks.v1',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/** Dead letters of a topic are published on `<topic>.dlq` with the original key, value and headers. */
export const dlqTopic = (topic: string): string => `${topic}.dlq`;

/** Partitions per topic: enough for several consumer replicas; the key (aggregate id) keeps per-aggregate order. */
export const DEFAULT_PARTITIONS = 6;

export const ALL_TOPICS: readonly string[] = Object.values(TOPICS).flatMap((t) => [t, dlqTopic(t)]);
