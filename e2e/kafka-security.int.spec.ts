/**
 * The services' Kafka client (createKafka with the settings kafka-security.ts reads) against a real broker's SASL_SSL
 * listener: a private broker of this file's own (the local-stack scripts with KAFKA_SASL_SSL_PORT, a CA and a SCRAM
 * user they make), so the shared broker keeps its plaintext listener for every other test.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, type SaslSslListener } from '../infra/local';
import { createKafka, kafkaSecurityFromEnv, type KafkaSecurity } from '../libs/platform/src';
import { freePort } from '../libs/testing/src';

const run = promisify(execFile);

describe('Kafka over SASL_SSL (SCRAM-SHA-512, a private CA)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let listener: SaslSslListener;
  const stack = (command: string) => run(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'infra', 'local', 'cli.ts'), command], { cwd: ROOT, env, timeout: 180_000 });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'iop-kafka-sasl-'));
    const [plain, controller, sasl] = [await freePort(), await freePort(), await freePort()];
    env = { ...process.env, IOP_STACK_DIR: dir, KAFKA_BROKERS: `127.0.0.1:${plain}`, KAFKA_CONTROLLER_PORT: String(controller), KAFKA_SASL_SSL_PORT: String(sasl) };
    await stack('kafka-start');
    listener = JSON.parse(readFileSync(join(dir, 'kafka', 'sasl-ssl.json'), 'utf8')) as SaslSslListener;
  }, 200_000);

  afterAll(async () => {
    if (env) await stack('kafka-stop').catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  /** The settings as a service reads them in production: TLS with the CA bundle, SCRAM with its login. */
  const settings = (overrides: Record<string, string> = {}): KafkaSecurity => kafkaSecurityFromEnv({
    KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: listener.caFile, KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: listener.username, KAFKA_SASL_PASSWORD: listener.password, ...overrides,
  }, { servicePrefix: 'ADMISSIONS', deployment: 'production' });

  it('publishes and consumes with the right password', async () => {
    const kafka = createKafka('admissions', listener.brokers, settings());
    const topic = 'test.sasl-ssl.admissions';
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'episode-1', value: 'admitted' }] });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId: 'admissions.test', maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no message within 30 s')), 30_000);
      void consumer.run({ eachMessage: async ({ message }) => {
        clearTimeout(timer);
        resolve(`${message.key?.toString()}=${message.value?.toString()}`);
      } });
    });
    await consumer.disconnect();
    expect(received).toBe('episode-1=admitted');
  }, 90_000);

  it('fails with a clear error on a wrong password', async () => {
    const admin = createKafka('admissions', listener.brokers, settings({ ADMISSIONS_KAFKA_SASL_PASSWORD: 'not-the-password' })).admin();
    await expect(admin.connect()).rejects.toThrow(/SASL SCRAM SHA512 authentication failed/);
    await admin.disconnect();
  }, 90_000);

  it('fails when the broker\'s certificate is signed by a CA the client does not trust', async () => {
    const security = settings();
    const admin = createKafka('admissions', listener.brokers, { ...security, tls: { ...security.tls!, caFile: undefined } }).admin();
    await expect(admin.connect()).rejects.toThrow(/self[- ]signed certificate in certificate chain|unable to verify|unable to get local issuer/i);
    await admin.disconnect();
  }, 120_000);
});
