/**
 * The services' Kafka client (createKafka with the settings kafka-security.ts reads) against a real broker's SASL_SSL
 * listener: a private broker of this file's own (the local-stack scripts with KAFKA_SASL_SSL_PORT, a CA and a SCRAM
 * user they make), so the shared broker keeps its plaintext listener for every other test.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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

  it('logs in with OAUTHBEARER, the token from a token endpoint by the client-credentials grant', async () => {
    // A token endpoint of the test's own; the broker's unsecured validator takes an unsigned token's `sub`.
    const requests: string[] = [];
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        requests.push(`${req.headers.authorization} ${body}`);
        const now = Math.floor(Date.now() / 1000);
        const ok = req.headers.authorization === `Basic ${Buffer.from('iop-admissions:s3cret').toString('base64')}`;
        res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
        res.end(JSON.stringify(ok ? { access_token: `${b64({ alg: 'none' })}.${b64({ sub: 'admissions', iat: now, exp: now + 300, scope: 'kafka' })}.`, token_type: 'Bearer', expires_in: 300 } : { error: 'invalid_client' }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
    try {
      const security = (secret: string) => kafkaSecurityFromEnv({
        KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: listener.caFile, KAFKA_SASL_MECHANISM: 'oauthbearer', KAFKA_SASL_OAUTHBEARER_TOKEN_URL: tokenUrl,
        KAFKA_SASL_OAUTHBEARER_CLIENT_ID: 'iop-admissions', KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET: secret, KAFKA_SASL_OAUTHBEARER_SCOPE: 'kafka',
      }, { deployment: 'development' });
      const admin = createKafka('admissions', listener.brokers, security('s3cret')).admin();
      await admin.connect();
      expect((await admin.describeCluster()).brokers).toHaveLength(1);
      await admin.disconnect();
      expect(requests[0]).toBe(`Basic ${Buffer.from('iop-admissions:s3cret').toString('base64')} grant_type=client_credentials&scope=kafka`);
      const refused = createKafka('admissions', listener.brokers, security('wrong')).admin();
      await expect(refused.connect()).rejects.toThrow(/token endpoint .* answered 401 \(invalid_client\) for client iop-admissions/);
      await refused.disconnect();
    } finally {
      await new Promise((r) => server.close(r));
    }
  }, 90_000);

  it('fails when the broker\'s certificate is signed by a CA the client does not trust', async () => {
    const security = settings();
    const admin = createKafka('admissions', listener.brokers, { ...security, tls: { ...security.tls!, caFile: undefined } }).admin();
    await expect(admin.connect()).rejects.toThrow(/self[- ]signed certificate in certificate chain|unable to verify|unable to get local issuer/i);
    await admin.disconnect();
  }, 120_000);
});
