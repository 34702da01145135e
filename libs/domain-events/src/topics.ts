/** Public Kafka topics. Names are part of the contract (docs/CONTRACTS.md, "Events and topics"): never rename one within a major version. */
export const TOPICS = {
  admissions: 'iop.admissions.v1',
  scheduling: 'iop.scheduling.v1',
  clinicalNotes: 'iop.clinical-notes.v1',
  outcomes: 'iop.outcomes.v1',
  analytics: 'iop.analytics.v1',
  webhooks: 'iop.webhooks.v1',
  fhir: 'iop.fhir.v1',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/** Dead letters of a topic are published on `<topic>.dlq` with the original key, value and headers. */
export const dlqTopic = (topic: string): string => `${topic}.dlq`;

/** Partitions per topic: enough for several consumer replicas; the key (aggregate id) keeps per-aggregate order. */
export const DEFAULT_PARTITIONS = 6;

export const ALL_TOPICS: readonly string[] = Object.values(TOPICS).flatMap((t) => [t, dlqTopic(t)]);

const DAY_MS = 86_400_000;

/**
 * How long the topics keep records. Events: a month, enough for a consumer (or a whole service restored from a
 * backup, docs/OPERATIONS.md) to be down for weeks and resume from its committed offsets with nothing lost, and for a
 * new consumer to catch up on a month; the services' own stores are the record, webhooks' replays read its database.
 * Dead letters: a year, so a parked event's original record is still there when someone gets to it.
 */
export const RETENTION_DAYS = { events: 30, deadLetters: 365 } as const;

/**
 * Broker settings a topic depends on beyond the retention above, declared with it rather than left to the broker's
 * defaults. The analysts' topic is their durable record (a new analyst reads it from the start) and its records carry
 * the month, not the publish time, as their timestamp (CreateTime, set by the publisher): a time-based retention would
 * drop them as soon as they are written, so it keeps them forever (`retention.ms` -1), and the broker must not restamp
 * them with the append time (`LogAppendTime` would date each admission to the millisecond).
 */
export const TOPIC_CONFIG: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  [TOPICS.analytics]: { 'retention.ms': '-1', 'message.timestamp.type': 'CreateTime' },
};

/** With 3 replicas a write needs 2 (one broker may be down, none is lost); with fewer, the one there is. */
export const minInsyncReplicas = (replicationFactor: number): number => (replicationFactor >= 3 ? 2 : 1);

/** The public topic (or dead-letter topic) a name is, under any test prefix; undefined for another topic. */
function declaredBase(topic: string): string | undefined {
  return ALL_TOPICS.find((t) => topic === t || topic.endsWith(`.${t}`));
}

/**
 * A topic's declared settings as Kafka admin config entries (a prefixed test topic has its base topic's): the cleanup
 * policy, the retention, the replicas a write needs, and TOPIC_CONFIG's. None for a topic that is not declared.
 */
export function topicConfigEntries(topic: string, replicationFactor = 1): { name: string; value: string }[] {
  const base = declaredBase(topic);
  if (!base) return [];
  const dlq = base.endsWith('.dlq');
  const config: Record<string, string> = {
    'cleanup.policy': 'delete',
    'retention.ms': String((dlq ? RETENTION_DAYS.deadLetters : RETENTION_DAYS.events) * DAY_MS),
    'min.insync.replicas': String(minInsyncReplicas(replicationFactor)),
    ...(TOPIC_CONFIG[base] ?? {}),
  };
  return Object.entries(config).map(([name, value]) => ({ name, value }));
}

export interface TopicDeclaration {
  topic: string;
  numPartitions: number;
  replicationFactor: number;
  configEntries: { name: string; value: string }[];
}

/** A topic as it should be created: partitions, replicas (KAFKA_REPLICATION_FACTOR in the services) and settings. */
export const declareTopic = (topic: string, replicationFactor = 1, numPartitions = DEFAULT_PARTITIONS): TopicDeclaration =>
  ({ topic, numPartitions, replicationFactor, configEntries: topicConfigEntries(topic, replicationFactor) });

/** The services on the bus (the analysts' stream is published by outcomes). */
export type BusService = 'admissions' | 'scheduling' | 'clinical-notes' | 'outcomes' | 'webhooks' | 'fhir';

/**
 * Which topics each service writes (its publishers) and reads (its inbox consumers; it also writes their `.dlq`):
 * the ACLs of its principal (infra/kafka/acls.ts) and the topics it creates or checks at start. infra/kafka/acls.spec.ts
 * checks it against the consumers' `@EventPattern`s and the contracts.
 */
export const TOPIC_ACCESS: Readonly<Record<BusService, { writes: readonly Topic[]; reads: readonly Topic[] }>> = {
  admissions: { writes: [TOPICS.admissions], reads: [TOPICS.scheduling, TOPICS.clinicalNotes, TOPICS.outcomes, TOPICS.webhooks, TOPICS.fhir] },
  scheduling: { writes: [TOPICS.scheduling], reads: [TOPICS.admissions, TOPICS.clinicalNotes] },
  'clinical-notes': { writes: [TOPICS.clinicalNotes], reads: [TOPICS.admissions, TOPICS.scheduling, TOPICS.clinicalNotes, TOPICS.outcomes] },
  outcomes: { writes: [TOPICS.outcomes, TOPICS.analytics], reads: [TOPICS.admissions, TOPICS.scheduling, TOPICS.clinicalNotes] },
  webhooks: { writes: [TOPICS.webhooks], reads: [TOPICS.admissions, TOPICS.scheduling, TOPICS.clinicalNotes, TOPICS.outcomes] },
  // A read model of the others' events (the FHIR facade); it publishes only the disclosures it makes.
  fhir: { writes: [TOPICS.fhir], reads: [TOPICS.admissions, TOPICS.scheduling, TOPICS.clinicalNotes, TOPICS.outcomes] },
};

/** The topics a service writes to: its own, and the dead-letter topics of those it reads. */
export const topicsWrittenBy = (service: BusService): string[] =>
  [...TOPIC_ACCESS[service].writes, ...TOPIC_ACCESS[service].reads.map(dlqTopic)];
