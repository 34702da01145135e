/**
 * `npm run events -- <command>`: the operator's view of events on the local stack.
 *   tail <topic> [--from-beginning]                 print a topic's CloudEvents as they arrive
 *   positions                                        publisher/projection checkpoints and consumer-group lag
 *   dead-letters [--service s] [--status parked]     parked events per service
 *   replay --service s --consumer c --id n            replay a parked event (and those parked behind it)
 *   rebuild --service s --projection p                rebuild a read model while the service runs, with progress
 * Reads the services' databases directly; replay and rebuild go through the running service's admin API.
 */
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { KAFKA_BROKERS, mintToken, serviceDatabaseUrl, SERVICE_DATABASES } from '../infra/local';
import { withSecretFiles } from '../libs/platform/src/config/secret-files';
import { SERVICES, type ServiceName } from '../libs/platform/src/config/service-config';
import { kafkaClientSecurity, kafkaSecurityFromEnv } from '../libs/platform/src/kafka/kafka-security';

const out = (line: string) => process.stdout.write(`${line}\n`);
// The services' own TLS and SASL variables (KAFKA_SSL*, KAFKA_SASL_* and their *_FILE), so the CLI reaches a secured broker too.
const kafka = () => new Kafka({ clientId: 'iop-events-cli', brokers: KAFKA_BROKERS, ...kafkaClientSecurity(kafkaSecurityFromEnv(withSecretFiles(process.env))), logLevel: logLevel.NOTHING });
const serviceNames = Object.keys(SERVICES) as ServiceName[];

function dbOf(service: ServiceName): string {
  const env = process.env[`${service.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`];
  return env ?? serviceDatabaseUrl(SERVICES[service].database);
}

async function query<T>(service: ServiceName, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: dbOf(service) });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } catch (err) {
    if ((err as { code?: string }).code === '42P01') return [];
    throw err;
  } finally {
    await client.end();
  }
}

async function tail(topic: string, fromBeginning: boolean): Promise<void> {
  const consumer = kafka().consumer({ groupId: `iop-events-cli-${process.pid}-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning });
  out(`tailing ${topic} (Ctrl-C to stop)…`);
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const h = (name: string) => message.headers?.[name]?.toString() ?? '-';
      out(`${h('ce_time')} [${partition}@${message.offset}] ${h('ce_type')} key=${message.key?.toString() ?? '-'} tenant=${h('ce_tenantid')} id=${h('ce_id')}`);
      out(`  ${message.value?.toString() ?? ''}`);
    },
  });
  await new Promise<void>((resolve) => process.once('SIGINT', resolve));
  await consumer.disconnect();
}

async function positions(): Promise<void> {
  out('subscriptions (checkpoint, events not yet handled):');
  for (const s of serviceNames) {
    const rows = await query<{ name: string; position: string; lag: string; updated_at: Date }>(s, `
      SELECT c.name, c.global_position::text AS position, c.updated_at,
        (SELECT count(*) FROM events e WHERE (e.transaction_id, e.global_position) > (c.transaction_id, c.global_position)) AS lag
      FROM subscription_checkpoints c ORDER BY c.name`).catch((e: Error) => [{ name: `(unreachable: ${e.message})`, position: '', lag: '', updated_at: new Date(0) }]);
    for (const r of rows) out(`  ${s.padEnd(15)} ${r.name.padEnd(40)} position ${r.position.padStart(8)}  lag ${r.lag}`);
  }
  const admin = kafka().admin();
  await admin.connect();
  try {
    out('consumer groups (committed offset lag per topic):');
    const { groups } = await admin.listGroups();
    for (const { groupId } of groups.filter((g) => serviceNames.some((s) => g.groupId.includes(`${s}.`)))) {
      for (const t of await admin.fetchOffsets({ groupId })) {
        const ends = await admin.fetchTopicOffsets(t.topic);
        const lag = t.partitions.reduce((sum, p) => sum + Math.max(0, Number(ends.find((e) => e.partition === p.partition)?.high ?? 0) - Math.max(0, Number(p.offset))), 0);
        out(`  ${groupId.padEnd(40)} ${t.topic.padEnd(28)} lag ${lag}`);
      }
    }
  } finally {
    await admin.disconnect();
  }
}

async function deadLetters(service: ServiceName | undefined, status: string): Promise<void> {
  for (const s of service ? [service] : serviceNames) {
    const rows = await query<Record<string, unknown>>(s, `SELECT id, consumer, topic, partition, "offset", message_key, event_type, tenant_id, reason, attempts, status, parked_behind, parked_at, left(error, 200) AS error
      FROM dead_letters WHERE status = $1 ORDER BY id`, [status]);
    for (const r of rows) out(`${s} #${r.id} ${r.consumer} ${r.topic}[${r.partition}]@${r.offset} key=${r.message_key} ${r.event_type ?? '(unparsed)'} tenant=${r.tenant_id ?? '?'} ${r.reason}${r.parked_behind ? ` behind #${r.parked_behind}` : ''}: ${r.error}`);
    if (!rows.length) out(`${s}: no ${status} dead letters`);
  }
}

async function adminCall(service: ServiceName, tenant: string, method: string, path: string): Promise<unknown> {
  const token = await mintToken({ tenant, roles: path.includes('/projections/') ? ['operator'] : ['admin'], subject: 'events-cli' });
  const url = `http://127.0.0.1:${process.env[`${service.toUpperCase().replace(/-/g, '_')}_PORT`] ?? SERVICES[service].port}${path}`;
  const res = await fetch(url, { method, headers: { authorization: `Bearer ${token}` } }).catch(() => {
    throw new Error(`${service} is not answering at ${url}: start it with npm start`);
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`${res.status}: ${JSON.stringify(body)}`);
  return body;
}

async function replay(service: ServiceName, consumer: string, id: number): Promise<void> {
  const [row] = await query<{ tenant_id: string | null }>(service, 'SELECT tenant_id FROM dead_letters WHERE id = $1 AND consumer = $2', [id, consumer]);
  if (!row?.tenant_id) throw new Error(`no dead letter #${id} of ${consumer} with a known tenant (unparseable messages cannot be replayed)`);
  out(JSON.stringify(await adminCall(service, row.tenant_id, 'POST', `/v1/admin/dead-letters/${consumer}/${id}/replay`)));
}

async function rebuild(service: ServiceName, projection: string): Promise<void> {
  const path = `/v1/admin/projections/${encodeURIComponent(projection)}/rebuild`;
  await adminCall(service, 'operations', 'POST', path);
  const bar = new SingleBar({ format: `rebuilding ${projection} [{bar}] {percentage}% {value}/{total} events` });
  bar.start(1, 0);
  for (;;) {
    const p = (await adminCall(service, 'operations', 'GET', path)) as { processed: number; total: number; done: boolean; error?: string };
    bar.setTotal(Math.max(p.total, 1));
    bar.update(p.processed);
    if (p.done) {
      bar.stop();
      if (p.error) throw new Error(`rebuild failed: ${p.error}`);
      out(`rebuilt ${projection}: ${p.processed} events, swapped in`);
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      service: { type: 'string' }, consumer: { type: 'string' }, id: { type: 'string' }, projection: { type: 'string' },
      status: { type: 'string', default: 'parked' }, 'from-beginning': { type: 'boolean', default: false },
    },
  });
  const service = values.service as ServiceName | undefined;
  if (service && !serviceNames.includes(service)) throw new Error(`unknown service ${service}; one of ${serviceNames.join(', ')}`);
  const need = (v: string | undefined, name: string) => v ?? (() => { throw new Error(`--${name} is required`); })();
  switch (positionals[0]) {
    case 'tail': return tail(need(positionals[1], 'topic (first argument)'), values['from-beginning'] ?? false);
    case 'positions': return positions();
    case 'dead-letters': return deadLetters(service, values.status ?? 'parked');
    case 'replay': return replay(need(service, 'service') as ServiceName, need(values.consumer, 'consumer'), Number(need(values.id, 'id')));
    case 'rebuild': return rebuild(need(service, 'service') as ServiceName, need(values.projection, 'projection'));
    default:
      out('usage: npm run events -- tail <topic> | positions | dead-letters [--service s] | replay --service s --consumer c --id n | rebuild --service s --projection p');
      out(`services: ${serviceNames.join(', ')}; databases: ${SERVICE_DATABASES.join(', ')}`);
      process.exitCode = 2;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exitCode = 1;
});
