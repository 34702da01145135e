import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigResourceTypes, type Admin, type Kafka } from 'kafkajs';
import { declareTopic, topicsWrittenBy, type BusService, type TopicDeclaration } from '@iop/domain-events';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { KAFKA } from './kafka';

export interface TopicReport {
  created: string[];
  /** Topics that exist with settings other than their declaration, each with what differs. */
  differing: { topic: string; differences: string[] }[];
  /** Topics missing that this client may not create (no Create ACL: the platform team creates them). */
  missing: string[];
}

/** What differs between a topic as it is and its declaration: fewer partitions or replicas, other settings. */
export function topicDifferences(
  declared: TopicDeclaration,
  actual: { partitions: number; replicationFactor: number; config: Record<string, string | undefined> },
): string[] {
  const differences: string[] = [];
  if (actual.partitions < declared.numPartitions) differences.push(`${actual.partitions} partitions, declared ${declared.numPartitions}`);
  if (actual.replicationFactor < declared.replicationFactor) differences.push(`replication factor ${actual.replicationFactor}, declared ${declared.replicationFactor}`);
  for (const { name, value } of declared.configEntries) {
    if (actual.config[name] !== value) differences.push(`${name}=${actual.config[name] ?? '(unset)'}, declared ${value}`);
  }
  return differences;
}

/**
 * Creates the declared topics that are missing and reports those that exist with other settings (never changing
 * them: a topic's retention or partitions are the platform team's to change, and shrinking retention deletes data).
 */
export async function ensureTopics(admin: Admin, declared: TopicDeclaration[]): Promise<TopicReport> {
  const report: TopicReport = { created: [], differing: [], missing: [] };
  const existing = new Set(await admin.listTopics());
  const absent = declared.filter((d) => !existing.has(d.topic));
  if (absent.length) {
    try {
      await admin.createTopics({ waitForLeaders: false, topics: absent });
      report.created.push(...absent.map((d) => d.topic));
    } catch (err) {
      // TOPIC_AUTHORIZATION_FAILED, or a broker that refuses the replication factor: say which, and go on.
      const reasons = (err as { errors?: { message?: string }[] }).errors?.map((e) => e.message).filter(Boolean) ?? [];
      const reason = reasons.length ? [...new Set(reasons)].join('; ') : (err as Error).message;
      report.missing.push(...absent.map((d) => `${d.topic} (${reason})`));
    }
  }
  const present = declared.filter((d) => existing.has(d.topic));
  if (!present.length) return report;
  const metadata = await admin.fetchTopicMetadata({ topics: present.map((d) => d.topic) });
  const configs = await admin.describeConfigs({
    includeSynonyms: false,
    resources: present.map((d) => ({ type: ConfigResourceTypes.TOPIC, name: d.topic, configNames: d.configEntries.map((e) => e.name) })),
  });
  for (const d of present) {
    const meta = metadata.topics.find((t) => t.name === d.topic);
    const entries = configs.resources.find((r) => r.resourceName === d.topic)?.configEntries ?? [];
    const differences = topicDifferences(d, {
      partitions: meta?.partitions.length ?? 0,
      replicationFactor: Math.min(...(meta?.partitions.map((p) => p.replicas.length) ?? [0])),
      config: Object.fromEntries(entries.map((e) => [e.configName, e.configValue])),
    });
    if (differences.length) report.differing.push({ topic: d.topic, differences });
  }
  return report;
}

/**
 * At start, the topics this service writes (its own and the dead-letter topics of those it reads) are created when
 * missing, with their declared partitions, replicas (`KAFKA_REPLICATION_FACTOR`) and settings, and checked when they
 * exist: a difference is logged as a warning naming the setting. In the background: a broker that is not there yet
 * does not hold the start (readiness reports Kafka), and a failure is logged, not fatal.
 */
@Injectable()
export class TopicCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('kafka-topics');
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.kafkaTopicCheck) return;
    void this.run().catch((err: unknown) => this.logger.warn(`could not check the Kafka topics: ${(err as Error).message}`));
  }

  async run(): Promise<TopicReport> {
    const { kafkaTopicPrefix: prefix, kafkaReplicationFactor: rf } = this.config;
    const declared = topicsWrittenBy(this.config.service as BusService).map((t) => declareTopic(prefix + t, rf));
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const report = await ensureTopics(admin, declared);
      if (report.created.length) this.logger.log(`created Kafka topics ${report.created.join(', ')} (replication factor ${rf})`);
      for (const m of report.missing) this.logger.error(`Kafka topic missing and not created: ${m}`);
      for (const d of report.differing) this.logger.warn(`Kafka topic ${d.topic} differs from its declaration (libs/domain-events/src/topics.ts): ${d.differences.join('; ')}`);
      return report;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
