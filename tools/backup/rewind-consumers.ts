/**
 * After a service's database is restored from a dump, its Kafka consumer groups still point past everything the
 * service consumed since the dump: those events would never be applied again. This moves the groups' committed offsets
 * back, to the earliest record the topics still hold (the default) or to the first record at or after a time; the
 * restored inbox then skips what the dump already holds and applies the rest, once (docs/RUNBOOK-RESTORE.md).
 *
 *   node -r @swc-node/register tools/backup/rewind-consumers.ts --service scheduling [--to earliest|<ISO time>] [--dry-run]
 *
 * The service must be stopped (a group with members cannot be moved). Brokers, TLS and SASL from the services' own
 * variables (KAFKA_BROKERS, KAFKA_SSL*, KAFKA_SASL_* and their *_FILE), KAFKA_TOPIC_PREFIX as the service has it.
 */
import { parseArgs } from 'node:util';
import { Kafka, type Admin, logLevel } from 'kafkajs';
import { KAFKA_BROKERS } from '../../infra/local';
import { withSecretFiles } from '../../libs/platform/src/config/secret-files';
import { SERVICES, type ServiceName } from '../../libs/platform/src/config/service-config';
import { kafkaClientSecurity, kafkaSecurityFromEnv } from '../../libs/platform/src/kafka/kafka-security';

export interface RewoundGroup {
  groupId: string;
  topic: string;
  /** partition -> [committed offset before, after] */
  partitions: Record<number, [string, string]>;
}

/**
 * The groups of one service are `<prefix><service>.<consumer>` (EventConsumers): every one is rewound, for every topic
 * it has offsets on. `to`: 'earliest', or a time (a partition with no record since then goes to its end).
 */
export async function rewindConsumerGroups(
  admin: Admin,
  opts: { service: ServiceName; topicPrefix?: string; to: 'earliest' | Date; dryRun?: boolean },
): Promise<RewoundGroup[]> {
  const prefix = `${opts.topicPrefix ?? ''}${opts.service}.`;
  const { groups } = await admin.listGroups();
  const ids = groups.map((g) => g.groupId).filter((id) => id.startsWith(prefix)).sort();
  const described = await admin.describeGroups(ids);
  const busy = described.groups.filter((g) => g.members.length > 0).map((g) => g.groupId);
  if (busy.length) throw new Error(`stop every replica of ${opts.service} first: ${busy.join(', ')} still have members`);
  const rewound: RewoundGroup[] = [];
  for (const groupId of ids) {
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId })) {
      const target = opts.to === 'earliest'
        ? (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, offset: p.low }))
        : (await admin.fetchTopicOffsetsByTimestamp(topic, (opts.to as Date).getTime())).map((p) => ({ partition: p.partition, offset: p.offset }));
      const before = new Map(partitions.map((p) => [p.partition, p.offset]));
      const moves = target.filter((t) => before.get(t.partition) === undefined || BigInt(before.get(t.partition)!) < 0n || BigInt(t.offset) < BigInt(before.get(t.partition)!));
      if (!moves.length) continue;
      // Never forward: a partition the group had not reached yet keeps its offset.
      if (!opts.dryRun) await admin.setOffsets({ groupId, topic, partitions: moves });
      rewound.push({ groupId, topic, partitions: Object.fromEntries(moves.map((m) => [m.partition, [before.get(m.partition) ?? '-1', m.offset]])) });
    }
  }
  return rewound;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { service: { type: 'string' }, to: { type: 'string', default: 'earliest' }, 'dry-run': { type: 'boolean', default: false } } });
  const service = values.service as ServiceName;
  if (!service || !(service in SERVICES)) throw new Error(`--service is one of ${Object.keys(SERVICES).join(', ')}`);
  const to = values.to === 'earliest' ? 'earliest' : new Date(values.to!);
  if (to !== 'earliest' && Number.isNaN(to.getTime())) throw new Error('--to is earliest or an ISO time');
  const env = withSecretFiles(process.env);
  const brokers = env.KAFKA_BROKERS ? env.KAFKA_BROKERS.split(',') : KAFKA_BROKERS; // else the local stack's
  const kafka = new Kafka({ clientId: 'iop-rewind-consumers', brokers, ...kafkaClientSecurity(kafkaSecurityFromEnv(env)), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const rewound = await rewindConsumerGroups(admin, { service, topicPrefix: env.KAFKA_TOPIC_PREFIX, to, dryRun: values['dry-run'] });
    for (const r of rewound) {
      const moves = Object.entries(r.partitions).map(([p, [from, next]]) => `${p}: ${from} -> ${next}`).join(', ');
      process.stdout.write(`${values['dry-run'] ? 'would rewind' : 'rewound'} ${r.groupId} on ${r.topic} (${moves})\n`);
    }
    if (!rewound.length) process.stdout.write(`nothing to rewind for ${service}\n`);
  } finally {
    await admin.disconnect();
  }
}

if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  });
}
