import 'reflect-metadata';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PATTERN_HANDLER_METADATA, PATTERN_METADATA } from '@nestjs/microservices/constants';
import { CONTRACTS, contractFor, dlqTopic } from '@iop/domain-events';
import { aclRules, BUS_ACCESS, kafkaAclCommands, type BusService } from './acls';

const ROOT = join(__dirname, '..', '..');
const SERVICES = Object.keys(BUS_ACCESS) as BusService[];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'testing' ? [] : sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The topics a service's consumers subscribe to, from the `@EventPattern`s of its `@ConsumerController`s. */
function consumedTopics(service: BusService): string[] {
  const topics = new Set<string>();
  for (const file of sources(join(ROOT, 'apps', service, 'src')).filter((f) => readFileSync(f, 'utf8').includes('@ConsumerController('))) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the consumer classes, for their decorators' metadata
    const exports = require(file) as Record<string, unknown>;
    for (const value of Object.values(exports)) {
      if (typeof value !== 'function') continue;
      const proto = value.prototype as Record<string, unknown>;
      for (const key of Object.getOwnPropertyNames(proto)) {
        const method = proto[key];
        if (typeof method !== 'function' || Reflect.getMetadata(PATTERN_HANDLER_METADATA, method) === undefined) continue;
        for (const type of (Reflect.getMetadata(PATTERN_METADATA, method) ?? []) as string[]) topics.add(contractFor(type)!.topic);
      }
    }
  }
  return [...topics].sort();
}

describe('Kafka ACLs per service principal (infra/kafka/acls.ts)', () => {
  it.each(SERVICES)('lets %s read exactly the topics its consumers subscribe to', (service) => {
    expect([...BUS_ACCESS[service].reads].sort()).toEqual(consumedTopics(service));
  });

  it('lets each service write only the topics of the events it publishes (outcomes also the analysts\' one)', () => {
    const publisher = (s: string): string => (s === 'analytics' ? 'outcomes' : s);
    for (const service of SERVICES) {
      const published = [...new Set(CONTRACTS.filter((c) => publisher(c.service) === service).map((c) => c.topic))].sort();
      expect([service, [...BUS_ACCESS[service].writes].sort()]).toEqual([service, published]);
    }
    const writers = SERVICES.filter((s) => aclRules(s).some((r) => r.operation === 'Write' && r.name === 'iop.admissions.v1'));
    expect(writers).toEqual(['admissions']);
  });

  it('is the table in docs/OPERATIONS.md ("Kafka ACLs")', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'OPERATIONS.md'), 'utf8');
    const rows = doc.split('\n').filter((line) => line.startsWith('| `User:'));
    const topics = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]).sort();
    const table = Object.fromEntries(rows.map((row) => {
      const [principal, writes, reads, , groups] = row.split('|').slice(1, -1).map((c) => c.trim());
      return [principal.replace(/`User:(.*)`/, '$1'), { writes: topics(writes), reads: topics(reads), groups: topics(groups) }];
    }));
    expect(table).toEqual(Object.fromEntries(SERVICES.map((s) => [s, { writes: [...BUS_ACCESS[s].writes].sort(), reads: [...BUS_ACCESS[s].reads].sort(), groups: [`${s}.`] }])));
  });

  it('gives a consumer its dead-letter topics and its groups, and prints kafka-acls commands', () => {
    const rules = aclRules('scheduling', 'User:iop-scheduling');
    expect(rules).toEqual(expect.arrayContaining([
      { principal: 'User:iop-scheduling', operation: 'Read', resourceType: 'Topic', name: 'iop.admissions.v1' },
      { principal: 'User:iop-scheduling', operation: 'Write', resourceType: 'Topic', name: dlqTopic('iop.admissions.v1') },
      { principal: 'User:iop-scheduling', operation: 'Read', resourceType: 'Group', name: 'scheduling.', prefixed: true },
    ]));
    expect(rules.some((r) => r.operation === 'Write' && r.name === 'iop.admissions.v1')).toBe(false);
    expect(kafkaAclCommands('admissions')[0]).toBe('kafka-acls.sh --bootstrap-server "$BROKERS" --command-config admin.properties --add --allow-principal User:admissions --operation Write --operation Describe --operation Create --operation DescribeConfigs --topic iop.admissions.v1');
  });
});
