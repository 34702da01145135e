/**
 * Who may do what on the bus: one Kafka principal per service (`User:<service>`, the SASL user or the OAuth client
 * the service logs in as), allowed only what its code does. A service writes its own topic (outcomes also the
 * analysts' de-identified one), reads the topics its consumers subscribe to, writes the `.dlq` of those topics (a
 * consumer parks a failing event there, libs/event-store's inbox consumer) and uses the consumer groups
 * `<service>.<consumer>`. So only admissions can write `iop.admissions.v1`, and no service can forge another's
 * `ConsentGranted`. acls.spec.ts checks this table against the consumers' `@EventPattern`s and the contracts;
 * docs/OPERATIONS.md ("Kafka ACLs") shows the commands `kafkaAclCommands` prints
 * (`node -r @swc-node/register infra/kafka/acls.ts`).
 */
import { dlqTopic, TOPICS, type Topic } from '../../libs/domain-events/src/topics';

export type BusService = 'admissions' | 'scheduling' | 'clinical-notes' | 'outcomes' | 'webhooks';

export interface BusAccess {
  /** Topics the service publishes (its outbox publisher). */
  writes: readonly Topic[];
  /** Topics its inbox consumers subscribe to; it also writes their `.dlq`. */
  reads: readonly Topic[];
}

export const BUS_ACCESS: Readonly<Record<BusService, BusAccess>> = {
  admissions: { writes: [TOPICS.admissions], reads: [TOPICS.scheduling, TOPICS.clinicalNotes, TOPICS.outcomes, TOPICS.webhooks] },
  scheduling: { writes: [TOPICS.scheduling], reads: [TOPICS.admissions] },
  'clinical-notes': { writes: [TOPICS.clinicalNotes], reads: [TOPICS.admissions, TOPICS.scheduling, TOPICS.clinicalNotes, TOPICS.outcomes] },
  outcomes: { writes: [TOPICS.outcomes, TOPICS.analytics], reads: [TOPICS.admissions, TOPICS.scheduling, TOPICS.clinicalNotes] },
  webhooks: { writes: [TOPICS.webhooks], reads: [TOPICS.admissions, TOPICS.scheduling, TOPICS.clinicalNotes, TOPICS.outcomes] },
};

export interface AclRule {
  principal: string;
  operation: 'Write' | 'Read' | 'Describe' | 'Create' | 'DescribeConfigs';
  resourceType: 'Topic' | 'Group' | 'Cluster';
  /** A name, or a prefix when `prefixed`. */
  name: string;
  prefixed?: boolean;
}

/** The allow rules of one service's principal (`User:<service>` unless the platform names its users otherwise). */
export function aclRules(service: BusService, principal = `User:${service}`, topicPrefix = ''): AclRule[] {
  const { writes, reads } = BUS_ACCESS[service];
  const topic = (name: string, operation: AclRule['operation']): AclRule => ({ principal, operation, resourceType: 'Topic', name: topicPrefix + name });
  return [
    ...writes.flatMap((t) => [topic(t, 'Write'), topic(t, 'Describe')]),
    ...reads.flatMap((t) => [topic(t, 'Read'), topic(t, 'Describe'), topic(dlqTopic(t), 'Write'), topic(dlqTopic(t), 'Describe')]),
    // The groups are `<prefix><service>.<consumer>` (libs/event-store/src/nest/event-consumers.ts).
    ...(reads.length ? [{ principal, operation: 'Read' as const, resourceType: 'Group' as const, name: `${topicPrefix}${service}.`, prefixed: true }] : []),
  ];
}

/** `kafka-acls.sh` command lines for a service (Apache Kafka, MSK with SASL/SCRAM, Aiven and Confluent Platform). */
export function kafkaAclCommands(service: BusService, principal = `User:${service}`, topicPrefix = ''): string[] {
  // One command per resource, with all of its operations.
  const byResource = new Map<string, AclRule[]>();
  for (const rule of aclRules(service, principal, topicPrefix)) {
    const key = `${rule.resourceType}|${rule.name}|${rule.prefixed ? 'p' : 'l'}`;
    byResource.set(key, [...(byResource.get(key) ?? []), rule]);
  }
  return [...byResource.values()].map((rules) => {
    const { resourceType, name, prefixed } = rules[0];
    const ops = rules.map((r) => `--operation ${r.operation}`).join(' ');
    return `kafka-acls.sh --bootstrap-server "$BROKERS" --command-config admin.properties --add --allow-principal ${principal} ${ops} --${resourceType.toLowerCase()} ${name}${prefixed ? ' --resource-pattern-type prefixed' : ''}`;
  });
}

if (require.main === module) {
  for (const service of Object.keys(BUS_ACCESS) as BusService[]) {
    process.stdout.write(`# ${service}\n${kafkaAclCommands(service).join('\n')}\n\n`);
  }
}
