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

/**
 * Broker settings a topic depends on, declared with it rather than left to the broker's defaults. The analysts'
 * topic is their durable record (a new analyst reads it from the start) and its records carry the month, not the
 * publish time, as their timestamp (CreateTime, set by the publisher): a time-based retention would drop them as
 * soon as they are written, so it keeps them by size only (`retention.ms` -1), and the broker must not restamp them
 * with the append time (`LogAppendTime` would date each admission to the millisecond).
 */
export const TOPIC_CONFIG: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  [TOPICS.analytics]: { 'retention.ms': '-1', 'message.timestamp.type': 'CreateTime' },
};

/** A topic's declared settings as Kafka admin config entries (a prefixed test topic has its base topic's). */
export function topicConfigEntries(topic: string): { name: string; value: string }[] {
  const base = Object.keys(TOPIC_CONFIG).find((t) => topic === t || topic.endsWith(`.${t}`));
  return base ? Object.entries(TOPIC_CONFIG[base]).map(([name, value]) => ({ name, value })) : [];
}
