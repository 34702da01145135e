import { randomBytes } from 'node:crypto';
import { declareTopic, dlqTopic, TOPICS } from '@iop/domain-events';
import { deleteTopics, testKafka } from '@iop/testing';
import { ensureTopics, topicDifferences } from './topics';

describe('topics declared, created and checked at start (the local broker)', () => {
  const prefix = `t${randomBytes(4).toString('hex')}.`;
  afterAll(() => deleteTopics((t) => t.startsWith(prefix)));

  it('creates the missing topics as declared and reports one that exists with other settings', async () => {
    const admin = testKafka().admin();
    await admin.connect();
    try {
      const own = prefix + TOPICS.analytics;
      const dlq = prefix + dlqTopic(TOPICS.admissions);
      // Made by hand earlier, with the broker's week of retention and two partitions.
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic: own, numPartitions: 2, replicationFactor: 1, configEntries: [{ name: 'retention.ms', value: '604800000' }] }] });
      const report = await ensureTopics(admin, [declareTopic(own), declareTopic(dlq)]);
      expect(report.created).toEqual([dlq]);
      expect(report.missing).toEqual([]);
      expect(report.differing).toEqual([{ topic: own, differences: ['2 partitions, declared 6', 'retention.ms=604800000, declared -1'] }]);
      // Created without waiting for leaders (a service's start does not wait): the broker may not host it for a moment.
      const describe = () => admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: dlq, configNames: ['retention.ms', 'cleanup.policy', 'min.insync.replicas'] }] });
      let configs: Awaited<ReturnType<typeof describe>> | undefined;
      for (let attempt = 1; !configs; attempt++) {
        configs = await describe().catch(async (err: unknown) => {
          if (attempt >= 50) throw err;
          await new Promise((r) => setTimeout(r, 200));
          return undefined;
        });
      }
      expect(Object.fromEntries(configs.resources[0].configEntries.map((e) => [e.configName, e.configValue]))).toEqual({ 'retention.ms': String(365 * 86_400_000), 'cleanup.policy': 'delete', 'min.insync.replicas': '1' });
      // Once as declared, nothing to say.
      expect(await ensureTopics(admin, [declareTopic(dlq)])).toEqual({ created: [], differing: [], missing: [] });
      // A single broker cannot hold three replicas: the service says so and goes on.
      const tooMany = await ensureTopics(admin, [declareTopic(`${prefix}${TOPICS.webhooks}`, 3)]);
      expect(tooMany.missing).toEqual([expect.stringMatching(new RegExp(`^${prefix.replace('.', '\\.')}iop\\.webhooks\\.v1 \\(.*replication.factor`, 'i'))]);
    } finally {
      await admin.disconnect();
    }
  }, 60_000);

  it('names fewer partitions or replicas and other settings, not more partitions', () => {
    const d = declareTopic('iop.scheduling.v1', 3);
    expect(topicDifferences(d, { partitions: 12, replicationFactor: 3, config: { 'cleanup.policy': 'delete', 'retention.ms': String(30 * 86_400_000), 'min.insync.replicas': '2' } })).toEqual([]);
    expect(topicDifferences(d, { partitions: 6, replicationFactor: 1, config: { 'cleanup.policy': 'compact', 'retention.ms': String(30 * 86_400_000) } })).toEqual([
      'replication factor 1, declared 3', 'cleanup.policy=compact, declared delete', 'min.insync.replicas=(unset), declared 2',
    ]);
  });
});
