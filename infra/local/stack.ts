/**
 * The local stack without Docker: a private PostgreSQL 15 cluster and a single-node Kafka (KRaft) started from
 * Maven Central jars, both as plain processes with their data under `.stack/`. Every step is idempotent: what is
 * provisioned stays, what runs is reused. See docs/ARCHITECTURE.md, "Local stack".
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { ALL_TOPICS, DEFAULT_PARTITIONS, topicConfigEntries } from '@iop/domain-events';
import { localKafkaSecurity } from './kafka-client';

export const ROOT = resolve(__dirname, '..', '..');
export const STACK_DIR = process.env.IOP_STACK_DIR ?? join(ROOT, '.stack');
export const PG_HOST = process.env.PGHOST ?? '127.0.0.1';
export const PG_PORT = Number(process.env.PGPORT ?? 55432);
export const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:59092').split(',');
export const SERVICE_DATABASES = ['admissions', 'scheduling', 'clinical_notes', 'outcomes', 'webhooks', 'fhir'] as const;
/** Role that test databases belong to: an ordinary (non-superuser) login, like a service's own role. */
export const TEST_ROLE = 'iop_test';

const pgData = join(STACK_DIR, 'pg', 'data');
const pgSocket = join(STACK_DIR, 'pg', 'run');
const pgLog = join(STACK_DIR, 'pg', 'postgres.log');
const kafkaDir = join(STACK_DIR, 'kafka');
const kafkaLibs = join(kafkaDir, 'libs');
const kafkaData = join(kafkaDir, 'data');
const kafkaPidFile = join(kafkaDir, 'kafka.pid');

export class MissingPrerequisite extends Error {}

const log = (msg: string) => process.stderr.write(`[stack] ${msg}\n`);

function which(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

export function postgresBinDir(): string {
  const candidates: string[] = [];
  if (process.env.PG_BINDIR) candidates.push(process.env.PG_BINDIR);
  if (which('pg_config')) {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  }
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    for (const v of readdirSync(debian).sort((a, b) => Number(b) - Number(a))) candidates.push(join(debian, v, 'bin'));
  }
  const found = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  if (!found) {
    throw new MissingPrerequisite(
      'PostgreSQL server binaries (initdb, pg_ctl) were not found: install PostgreSQL 15 (Debian: apt-get install postgresql-15) or set PG_BINDIR.',
    );
  }
  return found;
}

export function requireJavaAndMaven(): void {
  if (!which('java')) throw new MissingPrerequisite('Java was not found: install a Java 17+ runtime (Debian: apt-get install openjdk-17-jre-headless).');
  if (!which('mvn')) throw new MissingPrerequisite('Maven was not found: install Apache Maven (Debian: apt-get install maven) to fetch the Kafka jars.');
}

export function portOpen(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ port, host });
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs a PostgreSQL binary as the `postgres` user when we are root (initdb, pg_ctl and postgres refuse root). */
function pgCommand(bin: string, args: string[]) {
  const full = join(postgresBinDir(), bin);
  const asRoot = process.getuid?.() === 0;
  return spawnSync(asRoot ? 'runuser' : full, asRoot ? ['-u', 'postgres', '--', full, ...args] : args, { encoding: 'utf8' });
}

function runPg(bin: string, args: string[]): void {
  const res = pgCommand(bin, args);
  if (res.status !== 0) throw new Error(`${bin} failed: ${res.stderr || res.stdout}`);
}

/**
 * As root, PostgreSQL runs as the `postgres` user, who must be able to enter every folder above the stack: a checkout
 * inside a private folder (`mktemp -d` makes them 0700) stops initdb with "Permission denied". Say what to do instead.
 */
export function checkPostgresCanReach(dir: string): void {
  if (process.getuid?.() !== 0) return;
  const blocked: string[] = [];
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-x', d], { stdio: 'ignore' }).status !== 0) blocked.push(d);
    if (dirname(d) === d) break;
  }
  if (blocked.length) {
    throw new MissingPrerequisite(`the postgres user cannot enter ${blocked[blocked.length - 1]}, above the stack in ${dir}: run \`chmod o+x ${blocked.join(' ')}\` (or keep the checkout in a folder others may enter), then start again`);
  }
}

function ownByPostgres(...dirs: string[]): void {
  if (process.getuid?.() !== 0) return;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  for (const dir of dirs) chownSync(dir, uid, gid);
}

export function postgresProvisioned(): boolean {
  return existsSync(join(pgData, 'PG_VERSION'));
}

export async function startPostgres(): Promise<'started' | 'running'> {
  if (await portOpen(PG_PORT, PG_HOST)) return 'running';
  postgresBinDir();
  mkdirSync(pgSocket, { recursive: true });
  mkdirSync(join(STACK_DIR, 'pg'), { recursive: true });
  checkPostgresCanReach(STACK_DIR);
  ownByPostgres(join(STACK_DIR, 'pg'), pgSocket);
  if (!postgresProvisioned()) {
    log('initialising a private PostgreSQL cluster in .stack/pg');
    mkdirSync(pgData, { recursive: true });
    ownByPostgres(pgData);
    runPg('initdb', ['-D', pgData, '--auth=trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8']);
  }
  const opts = [
    `-p ${PG_PORT}`,
    `-k ${pgSocket}`,
    `-c listen_addresses=${PG_HOST}`,
    '-c max_connections=400',
    '-c shared_buffers=256MB',
    '-c fsync=on',
    '-c synchronous_commit=on',
    // When each transaction committed: the journey benchmark times an enrollment to when scheduling committed it.
    '-c track_commit_timestamp=on',
    // For profiling, e.g. `-c shared_preload_libraries=pg_stat_statements`.
    ...(process.env.IOP_PG_OPTIONS ? [process.env.IOP_PG_OPTIONS] : []),
  ].join(' ');
  log(`starting PostgreSQL on ${PG_HOST}:${PG_PORT}`);
  runPg('pg_ctl', ['-D', pgData, '-o', opts, '-l', pgLog, '-w', '-t', '60', 'start']);
  return 'started';
}

export function stopPostgres(): void {
  if (!postgresProvisioned()) return;
  if (pgCommand('pg_ctl', ['-D', pgData, 'status']).status !== 0) return;
  log('stopping PostgreSQL');
  runPg('pg_ctl', ['-D', pgData, '-m', 'fast', '-w', 'stop']);
}

/**
 * A URL of the local cluster. Processes on this machine connect through its Unix socket when it is there: a round
 * trip costs about half of what TCP loopback costs (docs/PERFORMANCE.md, "Measurements behind the code"), and the services make many. The URL still names 127.0.0.1, which clients that ignore `?host=` use instead. `IOP_PG_TCP=1` or an
 * explicit PGHOST keeps TCP.
 */
export function localPgUrl(user: string, password: string | undefined, database: string): string {
  const base = `postgres://${password ? `${user}:${password}` : user}@${PG_HOST}:${PG_PORT}/${database}`;
  const socket = process.env.IOP_PG_TCP !== '1' && process.env.PGHOST === undefined && existsSync(join(pgSocket, `.s.PGSQL.${PG_PORT}`));
  return socket ? `${base}?host=${encodeURIComponent(pgSocket)}` : base;
}

export function adminUrl(database = 'postgres'): string {
  return localPgUrl('postgres', undefined, database);
}

export function serviceDatabaseUrl(database: string): string {
  return localPgUrl(database, database, database);
}

/** Each service gets its own database owned by its own login role (the role migrations and the service use). */
export async function provisionDatabases(): Promise<void> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    for (const role of [...SERVICE_DATABASES, TEST_ROLE]) {
      const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      if (exists.rowCount === 0) {
        await client.query(`CREATE ROLE ${role} LOGIN PASSWORD '${role}' CREATEDB`);
      }
    }
    for (const db of SERVICE_DATABASES) {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
      if (exists.rowCount === 0) {
        log(`creating database ${db}`);
        await client.query(`CREATE DATABASE ${db} OWNER ${db}`);
      }
    }
  } finally {
    await client.end();
  }
}

function kafkaJarsPresent(): boolean {
  return existsSync(kafkaLibs) && readdirSync(kafkaLibs).some((f) => f.startsWith('kafka_2.13-'));
}

function fetchKafkaJars(): void {
  requireJavaAndMaven();
  log('resolving the Kafka jars from Maven Central (first start only)');
  const res = spawnSync(
    'mvn',
    ['-B', '-q', '-f', join(ROOT, 'infra', 'kafka', 'pom.xml'), 'dependency:copy-dependencies',
      `-DoutputDirectory=${kafkaLibs}`, '-DincludeScope=runtime'],
    { encoding: 'utf8' },
  );
  if (res.status !== 0) throw new Error(`mvn could not resolve the Kafka jars:\n${res.stdout}\n${res.stderr}`);
}

/**
 * The optional second listener, SASL_SSL with SCRAM-SHA-512 (and OAUTHBEARER with unsigned tokens), on
 * `KAFKA_SASL_SSL_PORT` (unset: none): for tests of the
 * clients' TLS and SASL settings against a real broker. Its CA and the broker's certificate are made here with
 * openssl (kept under .stack/kafka/tls), and one SCRAM user with a generated password; `saslSslListener()` tells a
 * test where to find them. The PLAINTEXT listener stays what everything else uses.
 */
export interface SaslSslListener {
  brokers: string[];
  /** PEM of the CA that signed the broker's certificate. */
  caFile: string;
  mechanism: 'scram-sha-512';
  username: string;
  password: string;
}

const tlsDir = join(kafkaDir, 'tls');
const saslSslFile = join(kafkaDir, 'sasl-ssl.json');
const SASL_SSL_PORT = process.env.KAFKA_SASL_SSL_PORT ? Number(process.env.KAFKA_SASL_SSL_PORT) : undefined;

export function saslSslListener(): SaslSslListener | undefined {
  return existsSync(saslSslFile) ? (JSON.parse(readFileSync(saslSslFile, 'utf8')) as SaslSslListener) : undefined;
}

function openssl(args: string[]): void {
  const res = spawnSync('openssl', args, { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`openssl ${args[0]} failed: ${res.stderr || res.stdout}`);
}

/** A self-signed CA and a broker certificate for 127.0.0.1 and localhost, made once. */
function ensureBrokerCertificate(host: string): { caFile: string; certFile: string; keyFile: string } {
  mkdirSync(tlsDir, { recursive: true });
  const [caKey, caFile, keyFile, csr, certFile, ext] = ['ca.key', 'ca.crt', 'broker.key', 'broker.csr', 'broker.crt', 'broker.ext'].map((f) => join(tlsDir, f));
  if (!existsSync(certFile)) {
    log('making a private CA and the broker\'s certificate for the SASL_SSL listener');
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', caKey, '-out', caFile, '-days', '3650', '-subj', '/CN=IOP local Kafka CA']);
    openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', keyFile]);
    openssl(['req', '-new', '-key', keyFile, '-out', csr, '-subj', '/CN=localhost']);
    writeFileSync(ext, `subjectAltName=IP:127.0.0.1,DNS:localhost${/^[\d.]+$/.test(host) ? (host === '127.0.0.1' ? '' : `,IP:${host}`) : `,DNS:${host}`}\n`);
    openssl(['x509', '-req', '-in', csr, '-CA', caFile, '-CAkey', caKey, '-CAcreateserial', '-out', certFile, '-days', '3650', '-extfile', ext]);
  }
  return { caFile, certFile, keyFile };
}

function saslSslProperties(host: string, port: number): string[] {
  const { caFile, certFile, keyFile } = ensureBrokerCertificate(host);
  const existing = saslSslListener();
  const listener: SaslSslListener = {
    brokers: [`${host}:${port}`], caFile, mechanism: 'scram-sha-512',
    username: existing?.username ?? 'iop', password: existing?.password ?? randomBytes(18).toString('base64url'),
  };
  writeFileSync(saslSslFile, JSON.stringify(listener, null, 2), { mode: 0o600 });
  return [
    'sasl.enabled.mechanisms=SCRAM-SHA-512,OAUTHBEARER',
    'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
    // OAUTHBEARER with Kafka's unsecured validator (a token's `sub` is the principal, its signature is not checked):
    // enough to test the clients' token provider against a local token endpoint, never a way to secure a broker.
    'listener.name.sasl_ssl.oauthbearer.sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;',
    'listener.name.sasl_ssl.oauthbearer.sasl.server.callback.handler.class=org.apache.kafka.common.security.oauthbearer.internals.unsecured.OAuthBearerUnsecuredValidatorCallbackHandler',
    // PEM files straight from openssl: the broker's key and chain, no Java keystore to make.
    'listener.name.sasl_ssl.ssl.keystore.type=PEM',
    `listener.name.sasl_ssl.ssl.keystore.certificate.chain=${pemLine(readFileSync(certFile, 'utf8'))}`,
    `listener.name.sasl_ssl.ssl.keystore.key=${pemLine(readFileSync(keyFile, 'utf8'))}`,
  ];
}

/** A PEM block as one properties value (line breaks escaped). */
const pemLine = (pem: string): string => pem.trim().split('\n').join('\\n');

function writeKafkaConfig(): string {
  const [host, port] = KAFKA_BROKERS[0].split(':');
  const controllerPort = Number(process.env.KAFKA_CONTROLLER_PORT ?? Number(port) + 1);
  const file = join(kafkaDir, 'server.properties');
  const sasl = SASL_SSL_PORT ? `,SASL_SSL://${host}:${SASL_SSL_PORT}` : '';
  writeFileSync(
    file,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@${host}:${controllerPort}`,
      `listeners=PLAINTEXT://${host}:${port},CONTROLLER://${host}:${controllerPort}${sasl}`,
      `advertised.listeners=PLAINTEXT://${host}:${port}${sasl}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      `listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT${sasl ? ',SASL_SSL:SASL_SSL' : ''}`,
      ...(SASL_SSL_PORT ? saslSslProperties(host, SASL_SSL_PORT) : []),
      `log.dirs=${kafkaData}`,
      `num.partitions=${DEFAULT_PARTITIONS}`,
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=10',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      'auto.create.topics.enable=false',
      'delete.topic.enable=true',
      'log.retention.hours=168',
      '',
    ].join('\n'),
  );
  return file;
}

function kafkaPid(): number | undefined {
  if (!existsSync(kafkaPidFile)) return undefined;
  const pid = Number(readFileSync(kafkaPidFile, 'utf8').trim());
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

export async function kafkaReady(timeoutMs: number): Promise<boolean> {
  const kafka = new Kafka({ clientId: 'iop-stack', brokers: KAFKA_BROKERS, ...localKafkaSecurity(), logLevel: logLevel.NOTHING, retry: { retries: 0 } });
  const admin = kafka.admin();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await admin.connect();
      await admin.describeCluster();
      await admin.disconnect();
      return true;
    } catch {
      await admin.disconnect().catch(() => undefined);
      await sleep(500);
    }
  }
  return false;
}

export async function startKafka(): Promise<'started' | 'running'> {
  const [host, port] = KAFKA_BROKERS[0].split(':');
  if (await portOpen(Number(port), host)) {
    if (!(await kafkaReady(60_000))) throw new Error(`something listens on ${KAFKA_BROKERS[0]} but does not answer as Kafka`);
    return 'running';
  }
  requireJavaAndMaven();
  mkdirSync(kafkaData, { recursive: true });
  if (!kafkaJarsPresent()) fetchKafkaJars();
  const config = writeKafkaConfig();
  const classpath = `${kafkaLibs}/*`;
  if (!existsSync(join(kafkaData, 'meta.properties'))) {
    // A base64url id may begin with '-', which the tool's argument parser takes for an option (one start in 64
    // failed so): draw again, as Kafka's own Uuid.randomUuid() does, and pass it as `--cluster-id=`.
    let clusterId: string;
    do clusterId = randomBytes(16).toString('base64url').slice(0, 22);
    while (clusterId.startsWith('-'));
    log('formatting Kafka storage (KRaft)');
    const res = spawnSync('java', ['-cp', classpath, 'kafka.tools.StorageTool', 'format', `--cluster-id=${clusterId}`, '-c', config, '--standalone'], { encoding: 'utf8' });
    if (res.status !== 0) {
      const retry = spawnSync('java', ['-cp', classpath, 'kafka.tools.StorageTool', 'format', `--cluster-id=${clusterId}`, '-c', config], { encoding: 'utf8' });
      if (retry.status !== 0) throw new Error(`Kafka storage format failed: ${retry.stderr || retry.stdout}`);
    }
  }
  log(`starting Kafka (KRaft) on ${KAFKA_BROKERS[0]}`);
  const out = openSync(join(kafkaDir, 'kafka.out'), 'a');
  const child = spawn(
    'java',
    ['-Xms256m', '-Xmx768m', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${join(ROOT, 'infra', 'kafka', 'log4j2.properties')}`,
      `-Dkafka.logs.dir=${kafkaDir}`, '-cp', classpath, 'kafka.Kafka', config],
    { detached: true, stdio: ['ignore', out, out] },
  );
  closeSync(out);
  writeFileSync(kafkaPidFile, String(child.pid));
  child.unref();
  if (!(await kafkaReady(90_000))) throw new Error(`Kafka did not become ready within 90 s; see ${join(kafkaDir, 'kafka.log')}`);
  if (SASL_SSL_PORT) addScramUser(classpath);
  return 'started';
}

/** The SASL_SSL listener's SCRAM user, set through the PLAINTEXT listener (idempotent: the same password again). */
function addScramUser(classpath: string): void {
  const listener = saslSslListener()!;
  const res = spawnSync('java', ['-cp', classpath, 'kafka.admin.ConfigCommand', '--bootstrap-server', KAFKA_BROKERS[0], '--alter',
    '--add-config', `SCRAM-SHA-512=[iterations=4096,password=${listener.password}]`, '--entity-type', 'users', '--entity-name', listener.username], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`could not add the SCRAM user ${listener.username}: ${res.stderr || res.stdout}`);
}

export async function stopKafka(): Promise<void> {
  const pid = kafkaPid();
  if (!pid) return;
  log('stopping Kafka');
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 120; i++) {
    await sleep(250);
    if (!kafkaPid()) return;
  }
  process.kill(pid, 'SIGKILL');
}

export async function createTopics(topics: readonly string[] = ALL_TOPICS, partitions = DEFAULT_PARTITIONS): Promise<void> {
  const kafka = new Kafka({ clientId: 'iop-stack', brokers: KAFKA_BROKERS, ...localKafkaSecurity(), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length) {
      // Poll for leaders ourselves: kafkajs's waitForLeaders gives up on an early UNKNOWN_TOPIC_OR_PARTITION.
      await admin.createTopics({ waitForLeaders: false, topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1, configEntries: topicConfigEntries(topic) })) });
      const deadline = Date.now() + 60_000;
      for (;;) {
        const meta = await admin.fetchTopicMetadata({ topics: missing }).catch(() => undefined);
        if (meta?.topics.every((t) => t.partitions.length === partitions && t.partitions.every((p) => p.leader >= 0))) break;
        if (Date.now() > deadline) throw new Error(`Kafka topics ${missing.join(', ')} have no leaders after 60 s`);
        await sleep(200);
      }
    }
    // Topics made before a setting was declared get it now (the analysts' retention and timestamps).
    const declared = topics.filter((t) => existing.has(t) && topicConfigEntries(t).length > 0);
    if (declared.length) {
      await admin.alterConfigs({ validateOnly: false, resources: declared.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configEntries: topicConfigEntries(name) })) });
    }
  } finally {
    await admin.disconnect();
  }
}

export interface StackState {
  postgres: 'started' | 'running';
  kafka: 'started' | 'running';
}

/** Provisions what is missing and starts what is not running; returns what this call started. */
export async function up(): Promise<StackState> {
  const [postgres, kafka] = await Promise.all([startPostgres(), startKafka()]);
  await provisionDatabases();
  await createTopics();
  return { postgres, kafka };
}

export async function down(state?: Partial<StackState>): Promise<void> {
  if (!state || state.kafka === 'started') await stopKafka();
  if (!state || state.postgres === 'started') stopPostgres();
}
