/**
 * Who may do what on the bus: one Kafka principal per service (`User:<service>`, the SASL user or the OAuth client
 * the service logs in as), allowed only what its code does. A service writes its own topic (outcomes also the
 * analysts' de-identified one), reads the topics its consumers subscribe to, writes the `.dlq` of those topics (a
 * consumer parks a failing event there, libs/event-store's inbox consumer) and uses the consumer groups
 * `<service>.<consumer>`. So only admissions can write `iop.admissions.v1`, and no service can forge another's
 * `ConsentGranted`. The table is TOPIC_ACCESS (libs/domain-events/src/topics.ts), which the services also use to create
 * and check their topics at start; acls.spec.ts checks it against the consumers' `@EventPattern`s and the contracts;
 * docs/OPERATIONS.md ("Kafka ACLs") shows the commands `kafkaAclCommands` prints
 * (`node -r @swc-node/register infra/kafka/acls.ts`).
 */
import { type BusService, dlqTopic, TOPIC_ACCESS } from '../../libs/domain-events/src/topics';

export type { BusService };
export const BUS_ACCESS = TOPIC_ACCESS;

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
  // The topics it writes it may also create and read the settings of: the service creates them when missing and
  // checks them against their declaration at start (libs/platform/src/kafka/topics.ts). Where the platform team
  // creates topics itself, leave Create out: the service then only logs that a topic is missing.
  const written = (t: string): AclRule[] => [topic(t, 'Write'), topic(t, 'Describe'), topic(t, 'Create'), topic(t, 'DescribeConfigs')];
  return [
    ...writes.flatMap(written),
    ...reads.flatMap((t) => [topic(t, 'Read'), topic(t, 'Describe'), ...written(dlqTopic(t))]),
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
