/**
 * `npm run bench -- journey`: the five services as processes; admissions driven at a steady rate (open loop);
 * each admission timed from its 201 to its enrollment readable in scheduling: the commit of scheduling's transaction
 * that wrote the EpisodeEnrolled event and its read model (PostgreSQL's commit timestamp). EpisodeEnrolled on Kafka
 * (its record's timestamp, set by scheduling's publisher as it sends) is timed too, later still, and stands in when
 * the server keeps no commit timestamps.
 *
 * The driver shares the machine with what it measures, so while admissions are measured it only sends them: it
 * learns that they were enrolled from scheduling's read model, once they have all been answered, and reads the
 * records' timestamps from Kafka after the measured window (a consumer of its own during the run took CPU per
 * admission from the driver and the broker, that is from the services: docs/PERFORMANCE.md, "Measurements behind the code").
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { STACK_DIR } from '../infra/local';
import { anHourAgo, api } from '../e2e/api';
import { Cluster, SERVICE_NAMES } from '../e2e/cluster';
import { BACKGROUND_SERVICES, type BackgroundService } from '../tools/build';
import { deleteTopics, testKafka, tokenFor, uniqueId } from '../libs/testing/src';
import type { BenchResult } from './run';

const RATE = Number(process.env.BENCH_JOURNEY_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/**
 * Admissions at the same rate right before the measured ones, not counted: freshly started services compile their
 * hot paths and fill their caches while they run, and the measured ones meet a pipeline already under load rather
 * than a step from idle (whose first second measured slowest). 0 measures from cold. Ten seconds: after three, the
 * first measured seconds were still clearly the slowest of a run (services started seconds before and still
 * compiling; docs/PERFORMANCE.md, "Measurements behind the code"); after ten they look like the rest. A clinic's services have run for days.
 */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 10);
const log = (msg: string) => process.stdout.write(`  ${msg}\n`);
/** Today at the benchmark's location (America/New_York): the clinic's day, which start dates are judged by. */
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/** CPU seconds (user + system) a process has used so far, from /proc (clock ticks of 10 ms). */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((p) => {
      try {
        const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    });
  } catch {
    return [];
  }
}

/**
 * The service whose database a PostgreSQL process works for, from its process title (`postgres: <user> <database>
 * <host>(<port>) <state>`, or `postgres: autovacuum worker <database>`): the cluster's databases are named
 * `e2e_<service>_<random>`. The server's own processes (checkpointer, WAL writer, launchers) have none.
 */
function pgServiceOf(pid: number): string {
  try {
    const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return /\be2e_([a-z_]+?)_[0-9a-f]{12}\b/.exec(title)?.[1].replace(/_/g, '-') ?? 'server';
  } catch {
    return 'server';
  }
}

/**
 * Who used the CPU: each service, PostgreSQL (postmaster and its backends; split by the service each backend works
 * for, since a service's queries cost PostgreSQL CPU at PostgreSQL's priority, not the service's), Kafka and this
 * driver. Counted per process: a process started in the window counts from its start; one that ended in it is lost.
 */
class CpuLedger {
  private start = new Map<number, number>();
  private driverStart = 0;
  constructor(private readonly groups: () => Record<string, number[]>) {}
  private sample(): Map<number, { group: string; secs: number }> {
    const out = new Map<number, { group: string; secs: number }>();
    for (const [group, pids] of Object.entries(this.groups())) {
      for (const pid of pids) out.set(pid, { group: group === 'postgresql' ? `postgresql/${pgServiceOf(pid)}` : group, secs: cpuSeconds(pid) });
    }
    return out;
  }
  private driver(): number {
    const used = process.cpuUsage();
    return (used.user + used.system) / 1e6;
  }
  begin(): void {
    this.start = new Map([...this.sample()].map(([pid, s]) => [pid, s.secs]));
    this.driverStart = this.driver();
  }
  /** Seconds by group, largest first; PostgreSQL's total as `postgresql`, its parts as `postgresql/<service>`. */
  end(): Array<[string, number]> {
    const by = new Map<string, number>([['bench driver', this.driver() - this.driverStart]]);
    for (const [pid, { group, secs }] of this.sample()) {
      const used = secs - (this.start.get(pid) ?? 0);
      by.set(group, (by.get(group) ?? 0) + used);
      if (group.startsWith('postgresql/')) by.set('postgresql', (by.get('postgresql') ?? 0) + used);
    }
    return [...by].sort((a, b) => b[1] - a[1]);
  }
}

function pidFile(path: string): number | undefined {
  try {
    return Number(readFileSync(path, 'utf8').split('\n')[0]) || undefined;
  } catch {
    return undefined;
  }
}

function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.replace(/\D+/g, '')) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Events per second from their sorted times (ms): 1000 over the least-squares slope of time against count. */
export function ratePerSecond(times: readonly number[]): number {
  const n = times.length;
  if (n < 2) return Number.NaN;
  const meanI = (n - 1) / 2;
  const meanT = times.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (i - meanI) * (times[i] - meanT);
    den += (i - meanI) ** 2;
  }
  return 1000 / (num / den);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;

/**
 * The latency of each hop, from the records' timestamps (set by each publisher's producer when it sends): the 201 to
 * admissions' PatientAdmitted on Kafka, and that to scheduling's EpisodeEnrolled on Kafka.
 */
function logHops(admittedAt: Map<string, number>, admittedProduced: Map<string, number>, enrolledProduced: Map<string, number>, latencyOf: (episode: string) => number | undefined): void {
  const epoch = (t: number) => performance.timeOrigin + t;
  const hops: Array<[string, number[]]> = [['201 -> PatientAdmitted on Kafka', []], ['PatientAdmitted -> EpisodeEnrolled on Kafka', []]];
  for (const [episode, t201] of admittedAt) {
    const a = admittedProduced.get(episode);
    const e = enrolledProduced.get(episode);
    if (a === undefined || e === undefined) continue;
    hops[0][1].push(a - epoch(t201));
    hops[1][1].push(e - a);
  }
  // Over the run: a latency that keeps growing is a queue (the pipeline is behind); a flat one is its steady cost.
  const bySecond = new Map<number, number[]>();
  const t0 = Math.min(...admittedAt.values());
  for (const [episode, t201] of admittedAt) {
    const latency = latencyOf(episode);
    if (latency === undefined) continue;
    const second = Math.floor((t201 - t0) / 1000);
    bySecond.set(second, [...(bySecond.get(second) ?? []), latency]);
  }
  log(`latency by second of the run (p50/p99 ms): ${[...bySecond].sort((a, b) => a[0] - b[0]).map(([, v]) => {
    v.sort((x, y) => x - y);
    return `${percentile(v, 0.5).toFixed(0)}/${percentile(v, 0.99).toFixed(0)}`;
  }).join('  ')}`);
  log('latency by hop (ms; record timestamps have 1 ms resolution):');
  for (const [name, values] of hops) {
    values.sort((x, y) => x - y);
    log(`  ${name.padEnd(44)} p50 ${percentile(values, 0.5).toFixed(0).padStart(5)}  p90 ${percentile(values, 0.9).toFixed(0).padStart(5)}  p99 ${percentile(values, 0.99).toFixed(0).padStart(5)}`);
  }
}

/**
 * `BENCH_TX_DETAIL=1`, with the cluster started with `IOP_PG_OPTIONS="-c track_commit_timestamp=on"`: the two hops
 * split at each service's transaction (its start is the events' recorded_at, its end the commit timestamp).
 */
/**
 * When each episode's event of `type` began and committed in a service's database (epoch ms), or undefined when the
 * server does not keep commit timestamps (`track_commit_timestamp`, on in the local stack). The read model is
 * written in the same transaction as the event: its commit is when the service can answer with it.
 */
async function transactions(cluster: Cluster, service: 'admissions' | 'scheduling', type: string): Promise<Map<string, { start: number; commit: number }> | undefined> {
  const client = new Client({ connectionString: cluster.services.get(service)!.db.url });
  await client.connect();
  try {
    const { rows: [setting] } = await client.query('SHOW track_commit_timestamp');
    if (setting.track_commit_timestamp !== 'on') return undefined;
    const { rows } = await client.query(
      `SELECT data->>'episodeId' AS episode, extract(epoch FROM recorded_at) * 1000 AS start,
         extract(epoch FROM pg_xact_commit_timestamp(transaction_id::text::xid)) * 1000 AS commit FROM events WHERE event_type = $1`, [type]);
    return new Map(rows.map((r) => [r.episode as string, { start: Number(r.start), commit: Number(r.commit) }]));
  } finally {
    await client.end();
  }
}

async function withClient<T>(cluster: Cluster, service: 'admissions' | 'scheduling', fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: cluster.services.get(service)!.db.url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function logCommitBreakdown(
  cluster: Cluster, admittedAt: Map<string, number>, admittedProduced: Map<string, number>, enrolledProduced: Map<string, number>,
  scheduling: Map<string, { start: number; commit: number }> | undefined,
): Promise<void> {
  const admissions = await transactions(cluster, 'admissions', 'PatientAdmitted');
  if (!admissions || !scheduling) {
    log('the hops at their transactions need track_commit_timestamp=on (the local stack sets it)');
    return;
  }
  const parts: Record<string, number[]> = {
    'admissions tx start -> commit': [], 'admissions commit -> 201': [], 'admissions commit -> produced': [], 'produced -> scheduling tx start': [],
    'scheduling tx start -> commit': [], 'scheduling commit -> produced': [],
  };
  for (const [episode, t201] of admittedAt) {
    const a = admissions.get(episode);
    const s = scheduling.get(episode);
    const ap = admittedProduced.get(episode);
    const ep = enrolledProduced.get(episode);
    if (!a || !s || ap === undefined || ep === undefined) continue;
    parts['admissions tx start -> commit'].push(a.commit - a.start);
    parts['admissions commit -> 201'].push(performance.timeOrigin + t201 - a.commit);
    parts['admissions commit -> produced'].push(ap - a.commit);
    parts['produced -> scheduling tx start'].push(s.start - ap);
    parts['scheduling tx start -> commit'].push(s.commit - s.start);
    parts['scheduling commit -> produced'].push(ep - s.commit);
  }
  const { rows: [sizes] } = await withClient(cluster, 'scheduling', (c) => c.query(
    `SELECT count(*) AS transactions, percentile_disc(0.5) WITHIN GROUP (ORDER BY n) AS p50, percentile_disc(0.9) WITHIN GROUP (ORDER BY n) AS p90, max(n) AS max
       FROM (SELECT count(*) AS n FROM events WHERE event_type = 'EpisodeEnrolled' GROUP BY transaction_id) t`));
  log(`scheduling's enrollments per transaction (a consumer's batch): ${sizes.transactions} transactions, p50 ${sizes.p50}, p90 ${sizes.p90}, max ${sizes.max}`);
  log('the hops at their transactions (ms):');
  for (const [name, values] of Object.entries(parts)) {
    values.sort((x, y) => x - y);
    log(`  ${name.padEnd(44)} p50 ${percentile(values, 0.5).toFixed(0).padStart(5)}  p90 ${percentile(values, 0.9).toFixed(0).padStart(5)}  p99 ${percentile(values, 0.99).toFixed(0).padStart(5)}`);
  }
}

/**
 * When each episode's PatientAdmitted and EpisodeEnrolled went to Kafka (epoch ms, the records' timestamps), read
 * after the run: every record up to the ends the topics had when this was called.
 */
async function recordTimes(topicPrefix: string): Promise<{ admitted: Map<string, number>; enrolled: Map<string, number> }> {
  const topics = [`${topicPrefix}iop.admissions.v1`, `${topicPrefix}iop.scheduling.v1`];
  const kafka = testKafka('bench-reader');
  const admin = kafka.admin();
  await admin.connect();
  const pending = new Map<string, bigint>();
  try {
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) if (BigInt(p.high) > BigInt(p.low)) pending.set(`${topic}/${p.partition}`, BigInt(p.high) - 1n);
    }
  } finally {
    await admin.disconnect();
  }
  const admitted = new Map<string, number>();
  const enrolled = new Map<string, number>();
  const consumer = kafka.consumer({ groupId: uniqueId('bench'), maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    let done: () => void = () => undefined;
    const finished = new Promise<void>((r) => (done = r));
    if (pending.size === 0) done();
    await consumer.run({ eachBatch: async ({ batch }) => {
      for (const message of batch.messages) {
        // The key is the episode id (the contract's key): no need to parse the body.
        const type = message.headers?.ce_type?.toString();
        if (type === 'iop.scheduling.EpisodeEnrolled.v1') enrolled.set(message.key!.toString(), Number(message.timestamp));
        else if (type === 'iop.admissions.PatientAdmitted.v1') admitted.set(message.key!.toString(), Number(message.timestamp));
      }
      const key = `${batch.topic}/${batch.partition}`;
      const last = pending.get(key);
      if (last !== undefined && BigInt(batch.lastOffset()) >= last) {
        pending.delete(key);
        if (pending.size === 0) done();
      }
    } });
    await Promise.race([finished, new Promise((r) => setTimeout(r, 120_000))]);
  } finally {
    await consumer.disconnect();
  }
  return { admitted, enrolled };
}

async function prepareReferrals(url: string, intake: string, clinician: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < n) {
      next++;
      const ref = await api(url, 'POST', '/v1/referrals', intake, { patient: { firstName: 'Bench', lastName: `Synthetic${next}`, dateOfBirth: '1988-02-02' }, source: 'residential', referredAt: anHourAgo() });
      if (ref.status !== 201) throw new Error(`a referral was refused: ${ref.status} ${JSON.stringify(ref.body)}`);
      await api(url, 'POST', `/v1/referrals/${ref.body.referralId}/assessments`, clinician, { criteriaEdition: 3, ratings: { d1: 1, d2: 0, d3: 1, d4: 2, d5: 2, d6: 1 } });
      ids.push(ref.body.referralId);
    }
  }));
  return ids;
}

/** What each service off the enrollment path has made of an admission: its row, in the service's own database. */
const BACKGROUND_ROWS: Record<BackgroundService, string> = {
  'clinical-notes': 'SELECT count(*)::int AS n FROM charts WHERE tenant_id = $1',
  outcomes: 'SELECT count(*)::int AS n FROM outcome_episodes WHERE tenant_id = $1',
  webhooks: "SELECT count(*)::int AS n FROM inbound_events WHERE tenant_id = $1 AND event_type = 'iop.admissions.PatientAdmitted.v1'",
  fhir: "SELECT count(*)::int AS n FROM fhir_resources WHERE tenant_id = $1 AND resource_type = 'EpisodeOfCare'",
};

/**
 * Seconds from the last admission's answer until clinical notes, outcomes, webhooks and fhir had each applied every
 * admission of the run (they follow the bus at a lower CPU priority, see tools/build.ts): a service that fell behind
 * shows here, however fast the enrollments were. Asked after the run, like the enrollments.
 */
async function backgroundCaughtUp(cluster: Cluster, tenant: string, admitted: number, answered: number): Promise<number> {
  const clients = await Promise.all(BACKGROUND_SERVICES.filter((name) => cluster.names.includes(name)).map(async (name) => {
    const client = new Client({ connectionString: cluster.services.get(name)!.db.url });
    await client.connect();
    await client.query("SELECT set_config('app.role', 'projector', false)");
    return [name, client] as const;
  }));
  const caughtUp = new Map<string, number>();
  const deadline = performance.now() + 120_000;
  try {
    while (caughtUp.size < clients.length && performance.now() < deadline) {
      for (const [name, client] of clients) {
        if (caughtUp.has(name)) continue;
        const { rows } = await client.query<{ n: number }>(BACKGROUND_ROWS[name], [tenant]);
        if (rows[0].n >= admitted) caughtUp.set(name, (performance.now() - answered) / 1000);
      }
      if (caughtUp.size < clients.length) await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await Promise.all(clients.map(([, c]) => c.end().catch(() => undefined)));
  }
  log(`off the enrollment path, every one of the ${admitted} admissions applied (s after the last answer): ${clients.map(([n]) => `${n} ${caughtUp.has(n) ? caughtUp.get(n)!.toFixed(1) : 'NOT within 120 s'}`).join(', ')}`);
  return caughtUp.size < clients.length ? Number.POSITIVE_INFINITY : Math.round(Math.max(...caughtUp.values()) * 10) / 10;
}

export async function runJourneyBench(): Promise<BenchResult> {
  const tenant = `bench-${randomBytes(3).toString('hex')}`;
  // One intake token offers every admission, far above a single caller's default limit: the limit stays on (its cost
  // is measured) but high enough never to refuse.
  // BENCH_JOURNEY_WITHOUT=fhir (a comma list) runs the journey without those services: how a regression is placed.
  const without = new Set((process.env.BENCH_JOURNEY_WITHOUT ?? '').split(',').filter(Boolean));
  const only = SERVICE_NAMES.filter((n) => !without.has(n));
  if (without.size) log(`without ${[...without].join(', ')}`);
  const cluster = new Cluster({ label: 'bench', env: { LOG_LEVEL: 'error', HTTP_RATE_LIMIT: '10000000' }, only });
  let scheduling: Client | undefined;
  await cluster.start();
  try {
    const [admin, intake, clinician] = await Promise.all(['admin', 'intake', 'clinician'].map((r) => tokenFor(tenant, [r])));
    const loc = await api(cluster.url('scheduling'), 'POST', '/v1/locations', admin, {
      name: 'Bench', timezone: 'America/New_York',
      blocks: [{ track: 'evening', days: ['MON', 'TUE', 'WED', 'THU'], start: '18:00', end: '21:00' }, { track: 'morning', days: ['MON', 'TUE', 'WED', 'THU'], start: '09:00', end: '12:00' }],
    });
    const total = RATE * SECONDS;
    const warmup = RATE * WARMUP_SECONDS;
    /** Sent at the same rate after the measured admissions, not measured: the last of them meet a loaded pipeline too. */
    const tail = RATE;
    log(`preparing ${warmup + total + tail + 1} referrals with assessments…`);
    const referrals = await prepareReferrals(cluster.url('admissions'), intake, clinician, warmup + total + tail + 1);
    const admitOnce = (referralId: string) => api(cluster.url('admissions'), 'POST', `/v1/referrals/${referralId}/admission`, intake,
      { locationId: loc.body.locationId, track: 'evening', startDate: today, levelOfCare: '2.1' });
    let retried = 0;
    const failedWith = new Map<string, number>();
    /** As a well-behaved client: a 503 says the service was overloaded and nothing changed; it is sent again after its Retry-After. */
    const admit = async (referralId: string) => {
      for (let attempt = 1; ; attempt++) {
        const res = await admitOnce(referralId);
        if (res.status !== 503 || attempt >= 5) return res;
        retried++;
        await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 1) * 1000));
      }
    };
    // The first admission waits for the pipeline to be ready (a few tries); one that keeps failing stops the run.
    for (let attempt = 1; ; attempt++) {
      const first = await admit(referrals[0]);
      if (first.status === 201) break;
      if (attempt >= 50) throw new Error(`the first admission keeps failing: ${first.status} ${JSON.stringify(first.body)}`);
      await new Promise((r) => setTimeout(r, 200));
    }

    // Enrolled: scheduling's EpisodeEnrolled committed, with its read model in the same transaction (the driver's own connection).
    scheduling = new Client({ connectionString: cluster.services.get('scheduling')!.db.url });
    await scheduling.connect();
    const pgPid = pidFile(join(STACK_DIR, 'pg', 'data', 'postmaster.pid'));
    const kafkaPid = pidFile(join(STACK_DIR, 'kafka', 'kafka.pid'));
    const cpu = new CpuLedger(() => ({
      ...Object.fromEntries([...cluster.services.values()].map((s) => [s.name, s.process?.pid ? [s.process.pid] : []])),
      postgresql: pgPid ? [pgPid, ...childrenOf(pgPid)] : [],
      kafka: kafkaPid ? [kafkaPid] : [],
    }));
    const rssBy = new Map<string, number>();
    const sampler = setInterval(() => {
      for (const s of cluster.services.values()) rssBy.set(s.name, Math.max(rssBy.get(s.name) ?? 0, rssMb(s.process?.pid)));
    }, 250);
    /** What the measured admissions met (the warm-up's are counted apart). */
    const outcome = { failures: 0, warmupFailures: 0, started: 0, admitted: 1 };
    /** When the driver actually sent the first and the last measured admission: on a busy machine it can fall behind its schedule. */
    const sent = { first: 0, last: 0, n: 0 };
    /**
     * Open loop: each admission is sent when it is due, whether or not the earlier ones were answered. The warm-up
     * runs straight into the measured admissions at the same rate, so they meet the pipeline in its steady state,
     * not a step from idle; the CPU ledger starts with the first measured one.
     */
    let cpuUsed: Array<[string, number]> = [];
    const drive = (ids: readonly string[], warmupCount: number, measuredCount: number, admittedAt: Map<string, number>): Promise<void[]> => {
      const begin = performance.now();
      const inflight: Promise<void>[] = [];
      return (async () => {
        for (let i = 0; i < ids.length; i++) {
          const due = begin + (i * 1000) / RATE;
          const wait = due - performance.now();
          if (wait > 1) await new Promise((r) => setTimeout(r, wait));
          const measured = i >= warmupCount && i < warmupCount + measuredCount;
          if (i === warmupCount) {
            log(`admitting ${measuredCount} at ${RATE}/s (then ${ids.length - warmupCount - measuredCount} more, not measured)…`);
            outcome.started = performance.now();
            cpu.begin();
            Object.assign(sent, { first: performance.now(), n: 0 });
            retried = 0;
          }
          if (measured) {
            sent.last = performance.now();
            sent.n++;
          }
          // CPU is counted over the sending of the measured admissions: the pipeline's steady state at this rate.
          if (i === warmupCount + measuredCount - 1) cpuUsed = cpu.end();
          inflight.push(admit(ids[i]).then((res) => {
            if (res.status === 201) {
              outcome.admitted++;
              if (measured) admittedAt.set(res.body.episodeId, performance.now());
              return;
            }
            if (!measured) outcome.warmupFailures++;
            else {
              outcome.failures++;
              failedWith.set(String(res.status), (failedWith.get(String(res.status)) ?? 0) + 1);
            }
          }, (err: Error) => {
            if (!measured) outcome.warmupFailures++;
            else {
              outcome.failures++;
              failedWith.set(err.name, (failedWith.get(err.name) ?? 0) + 1);
            }
          }));
        }
        return Promise.all(inflight);
      })();
    };
    /** Asked only once every admission was answered, so the driver's polling stays out of the run it measures. */
    const enrolledOf = async (episodes: string[]) =>
      (await scheduling!.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM events WHERE stream_id = ANY($1::text[]) AND event_type = 'EpisodeEnrolled'",
        [episodes.map((e) => `enrollment-${e}`)],
      )).rows[0].n;
    const allEnrolled = async (admittedAt: Map<string, number>) => {
      const deadline = performance.now() + 120_000;
      const episodes = [...admittedAt.keys()];
      while ((await enrolledOf(episodes)) < episodes.length && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    };
    const admittedAt = new Map<string, number>();
    if (warmup > 0) log(`warming up: ${warmup} admissions at ${RATE}/s, not measured, straight into the measured ones…`);
    await drive(referrals.slice(1), warmup, total, admittedAt);
    const answered = performance.now();
    await allEnrolled(admittedAt);
    const background = await backgroundCaughtUp(cluster, tenant, outcome.admitted, answered);
    const started = outcome.started;
    const failures = outcome.failures;
    if (outcome.warmupFailures > 0) log(`${outcome.warmupFailures} warm-up admissions failed (not counted)`);
    clearInterval(sampler);
    const wall = (sent.last - started) / 1000;
    log(`CPU seconds while the measured admissions were sent, ${wall.toFixed(1)} s of wall time (2 cores = ${(2 * wall).toFixed(1)} s available):`);
    const perAdmission = (secs: number) => `${secs.toFixed(1).padStart(6)} s  ${((secs / sent.n) * 1000).toFixed(1).padStart(6)} ms per admission`;
    for (const [name, secs] of cpuUsed.filter(([n]) => !n.includes('/'))) {
      log(`  ${name.padEnd(20)} ${perAdmission(secs)}`);
      for (const [part, s] of cpuUsed.filter(([n]) => n.startsWith(`${name}/`))) log(`    ${`for ${part.slice(name.length + 1)}`.padEnd(18)} ${perAdmission(s)}`);
    }
    const enrolledCount = await enrolledOf([...admittedAt.keys()]);
    await scheduling.end();
    scheduling = undefined;
    const records = await recordTimes(cluster.topicPrefix);
    const admittedProducedAt = records.admitted;
    const enrolledProducedAt = records.enrolled;
    /** EpisodeEnrolled on Kafka, in the driver's clock (performance.now() from its origin). */
    const enrolledAt = new Map([...enrolledProducedAt].map(([e, t]) => [e, t - performance.timeOrigin]));
    log(`peak resident memory: ${[...rssBy].map(([n, mb]) => `${n} ${Math.round(mb)} MB`).join(', ')}`);
    const maxRss = Math.max(...rssBy.values());
    // The end point is the enrollment readable in scheduling: the commit of the transaction that wrote it (and its
    // read model), in the driver's clock (performance.now() from its origin, both wall clock on this machine). Without
    // commit timestamps, EpisodeEnrolled read back from Kafka by this driver stands in (later: scheduling's publisher
    // and Kafka come on top).
    const committed = await transactions(cluster, 'scheduling', 'EpisodeEnrolled');
    const readableAt = new Map<string, number>();
    if (committed) {
      for (const episode of admittedAt.keys()) {
        const c = committed.get(episode);
        if (c) readableAt.set(episode, c.commit - performance.timeOrigin);
      }
    } else {
      log('track_commit_timestamp is off on this server: latency measured to EpisodeEnrolled on Kafka (an upper bound)');
      for (const [episode, t] of enrolledAt) readableAt.set(episode, t);
    }
    const latencyOf = (episode: string) => {
      const r = readableAt.get(episode);
      return r === undefined ? undefined : Math.max(0, r - admittedAt.get(episode)!);
    };
    const lat = [...admittedAt.keys()].map(latencyOf).filter((l): l is number => l !== undefined).sort((a, b) => a - b);
    const onKafka = [...admittedAt].filter(([e]) => enrolledAt.has(e)).map(([e, t]) => Math.max(0, enrolledAt.get(e)! - t)).sort((a, b) => a - b);
    const enrolled = lat.length;
    logHops(admittedAt, admittedProducedAt, enrolledProducedAt, latencyOf);
    log(`201 -> enrollment (ms):${committed ? `\n    readable in scheduling (its commit)           p50 ${percentile(lat, 0.5).toFixed(0).padStart(5)}  p90 ${percentile(lat, 0.9).toFixed(0).padStart(5)}  p99 ${percentile(lat, 0.99).toFixed(0).padStart(5)}` : ''}
    EpisodeEnrolled on Kafka (record timestamp)   p50 ${percentile(onKafka, 0.5).toFixed(0).padStart(5)}  p90 ${percentile(onKafka, 0.9).toFixed(0).padStart(5)}  p99 ${percentile(onKafka, 0.99).toFixed(0).padStart(5)}`);
    // Sustained: the rate at which the measured admissions' enrollments came out, as the least-squares slope of their
    // count over their readable times (the middle 80% of them, clear of the run's two ends). Enrollments commit in
    // batches, so any two single points (the first and the last, or two quantiles) make the rate hang on where a batch
    // boundary falls: 2-4% either way in the same run. The slope uses every point between them.
    const enrolledTimes = [...readableAt.values()].sort((a, b) => a - b);
    const [lo, hi] = [Math.floor(enrolledTimes.length * 0.1), Math.floor(enrolledTimes.length * 0.9)];
    const sustained = ratePerSecond(enrolledTimes.slice(lo, hi + 1));
    const firstToLast = (enrolledTimes.length - 1) / ((enrolledTimes[enrolledTimes.length - 1] - enrolledTimes[0]) / 1000);
    log(`enrollments per second: ${sustained.toFixed(1)} (slope over the middle 80% of them), ${firstToLast.toFixed(1)} from the first to the last`);
    const offeredRate = (sent.n - 1) / ((sent.last - sent.first) / 1000);
    log(`offered: ${sent.n} admissions sent over ${((sent.last - sent.first) / 1000).toFixed(2)} s (${offeredRate.toFixed(1)}/s; the schedule is ${RATE}/s)`);
    log(`${admittedAt.size} admitted (${failures} failed${failedWith.size ? `: ${[...failedWith].map(([k, n]) => `${n} x ${k}`).join(', ')}` : ''}; ${retried} answers were 503 and sent again after Retry-After), ${enrolledCount} enrolled`);
    if (process.env.BENCH_TX_DETAIL) await logCommitBreakdown(cluster, admittedAt, admittedProducedAt, enrolledProducedAt, committed);
    const metrics = {
      // Never more than was offered: a slope above the offered rate is the pipeline catching up on a backlog.
      admissions_per_s: Math.round(Math.min(sustained, offeredRate) * 10) / 10,
      admit_to_enrollment_p50_ms: Math.round(lat[Math.floor(lat.length / 2)] ?? Number.NaN),
      admit_to_enrollment_p99_ms: Math.round(lat[Math.floor(lat.length * 0.99)] ?? Number.NaN),
      admit_to_enrollment_on_kafka_p99_ms: Math.round(percentile(onKafka, 0.99)),
      max_service_rss_mb: Math.round(maxRss),
      admissions_failed: failures,
      admissions_retried_after_503: retried,
      admissions_not_enrolled: admittedAt.size - Math.min(enrolled, enrolledCount),
      background_caught_up_s: background,
    };
    return {
      metrics,
      targets: [
        { metric: 'admissions_per_s', op: '>=', bound: 200 },
        { metric: 'admit_to_enrollment_p99_ms', op: '<=', bound: 250 },
        { metric: 'max_service_rss_mb', op: '<=', bound: 250 },
        { metric: 'admissions_failed', op: '==', bound: 0 },
        { metric: 'admissions_not_enrolled', op: '==', bound: 0 },
      ],
    };
  } finally {
    await scheduling?.end().catch(() => undefined);
    await cluster.stop();
    await deleteTopics((t) => t.startsWith(cluster.topicPrefix)).catch(() => undefined);
  }
}
