/**
 * Scale-out (issue 23, part 6): two replicas of every service on the same databases and topics, a burst of admissions
 * through both admissions replicas, and the first replica of every service (the one leading its subscriptions, the
 * outbox publisher among them) killed with SIGKILL mid-burst. Every admission answered is enrolled exactly once, every
 * webhook reaches the receiver (again, with the same webhook-id, only if the killed replica was sending it),
 * leadership moves to the survivors and events keep flowing, and the scheduled jobs, ticking every second on both
 * replicas, append nothing twice.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { anHourAgo, api, type ApiResponse, eventually, expectStatus } from './api';
import { Cluster, SERVICE_NAMES } from './cluster';
import { countRows } from './db';
import { startReceiver, type Receiver } from './receiver';
import { testKafka, tokenFor, uniqueId } from '../libs/testing/src';

jest.setTimeout(300_000);

const tenant = `scale-${randomBytes(4).toString('hex')}`;
const today = new Date().toISOString().slice(0, 10);
const BURST = 100;
/** The burst's admissions in flight at once, spread over both admissions replicas. */
const IN_FLIGHT = 8;
/** The first replicas die once this many admissions were answered. */
const KILL_AFTER = 30;
/**
 * Every fifth patient was referred ten days ago and starts nine days ago: admissions' weekly review is due for them at
 * once, so the review job of both replicas, ticking every second, has the same work before and after the kill.
 */
const backdated = (i: number) => i % 5 === 0;
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const startOf = (i: number) => (backdated(i) ? daysAgo(9).slice(0, 10) : today);

describe('two replicas of every service, one of each killed with SIGKILL during a burst', () => {
  const cluster = new Cluster({
    label: 'scale-out',
    replicas: 2,
    // info: the subscriptions' "leading" lines are the evidence of a leadership move. Jobs every second, on both replicas.
    env: {
      LOG_LEVEL: 'info',
      ADMISSIONS_REVIEW_INTERVAL_MS: '1000',
      SCHEDULING_CLOSE_WEEKS_INTERVAL_MS: '1000',
      CLINICAL_NOTES_SAFETY_ESCALATION_INTERVAL_MS: '1000',
      OUTCOMES_FOLLOW_UP_SWEEP_MINUTES: '1',
    },
  });
  let receiver: Receiver;
  const t: Record<string, string> = {};
  const referrals: { referralId: string; patientId: string }[] = [];
  const episodes = new Map<string, string>(); // referralId -> episodeId
  const logOffsets = new Map<string, number>();
  const retried = { connection: 0, answerLost: 0 };
  let locationId: string;

  beforeAll(async () => {
    for (const file of cluster.logFiles()) logOffsets.set(file, existsSync(file) ? readFileSync(file).length : 0);
    await cluster.start();
    for (const role of ['admin', 'intake', 'clinician'] as const) t[role] = await tokenFor(tenant, [role], `scale-${role}`);
    receiver = await startReceiver();
    const sub = await api(cluster.url('webhooks'), 'POST', '/v1/subscriptions', t.admin, {
      url: receiver.url, recipient: 'payer:acme-health', purpose: 'payment', description: 'scale-out', eventTypes: ['iop.admissions.*', 'iop.scheduling.*'],
    });
    expectStatus(sub, 201);
    receiver.secret = sub.body.secret;
    const loc = await api(cluster.url('scheduling'), 'POST', '/v1/locations', t.admin, {
      name: 'Harbor', timezone: 'America/New_York', blocks: [{ track: 'evening', days: ['MON', 'TUE', 'WED', 'THU'], start: '18:00', end: '21:00' }],
    });
    expectStatus(loc, 201);
    locationId = loc.body.locationId;
    // Referrals, assessments and consents before the burst, over both replicas: the burst is the admissions alone.
    await inParallel(BURST, IN_FLIGHT, async (i) => {
      const base = cluster.url('admissions', i % 2);
      const ref = await api(base, 'POST', '/v1/referrals', t.intake, { patient: { firstName: `S${i}`, lastName: 'Synthetic', dateOfBirth: '1981-02-03' }, source: 'self', referredAt: backdated(i) ? daysAgo(10) : anHourAgo() });
      expectStatus(ref, 201);
      expectStatus(await api(base, 'POST', `/v1/referrals/${ref.body.referralId}/assessments`, t.clinician, { criteriaEdition: 3, ratings: { d1: 0, d2: 0, d3: 1, d4: 2, d5: 2, d6: 1 } }), 201);
      expectStatus(await api(base, 'POST', `/v1/patients/${ref.body.patientId}/consents`, t.intake, { recipient: 'payer:acme-health', purpose: 'payment', information: ['admission'] }), 201);
      referrals[i] = { referralId: ref.body.referralId, patientId: ref.body.patientId };
    });
    const ledger = cluster.services.get('webhooks')!.db.url;
    await eventually(async () => ((await countRows(ledger, 'SELECT count(*) AS n FROM consents')) >= BURST ? true : undefined), 60_000, 'the consents in webhooks\' ledger');
    for (const replica of [0, 1]) {
      await eventually(async () => ((await api(cluster.url('admissions', replica), 'GET', `/v1/referrals/${referrals[0].referralId}`, t.intake)).status === 200 ? true : undefined), 30_000, 'the referrals');
    }
  });
  afterAll(async () => {
    await receiver?.close();
    await cluster.stop();
  });

  /**
   * One admission, answered whatever dies under it: connection errors and 503 go to the other replica with the same
   * Idempotency-Key; a key still held by a request whose process died answers 409 until its answer is known lost,
   * and then the referral itself says whether it was admitted.
   */
  const admit = async (i: number): Promise<string> => {
    const { referralId } = referrals[i];
    const body = { locationId, track: 'evening', startDate: startOf(i), levelOfCare: '2.1' };
    const deadline = Date.now() + 90_000;
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      const replica = (i + attempt) % 2;
      const res: ApiResponse | undefined = await api(cluster.url('admissions', replica), 'POST', `/v1/referrals/${referralId}/admission`, t.intake, body, { 'idempotency-key': `admit-${referralId}` }).catch(() => undefined);
      if (!res) retried.connection++;
      if (res?.status === 201) return res.body.episodeId;
      if (res?.status === 409 && res.body?.type?.endsWith('idempotency-answer-lost')) {
        retried.answerLost++;
        // The replica that answered may be the one killed a moment later: no answer, and the next attempt asks the other.
        const ref = await api(cluster.url('admissions', replica), 'GET', `/v1/referrals/${referralId}`, t.intake).catch(() => undefined);
        if (ref?.body?.episodeId) return ref.body.episodeId;
      }
      // 4xx while admissions has not learned the location yet, 409 while the first attempt's key is in use, 503: again.
      if (res && [400, 401, 403].includes(res.status)) expectStatus(res, 201);
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`admission ${i} was never answered`);
  };

  it('every admission is answered and enrolled exactly once; every webhook arrives; leadership moves; no job runs twice', async () => {
    let answered = 0;
    let killed: Promise<void> | undefined;
    let killedAt = 0;
    const started = Date.now();
    await inParallel(BURST, IN_FLIGHT, async (i) => {
      episodes.set(referrals[i].referralId, await admit(i));
      if (++answered === KILL_AFTER) killed = Promise.all(SERVICE_NAMES.map((n) => cluster.kill(n, 0))).then(() => void (killedAt = Date.now()));
    });
    await killed;
    const burstMs = Date.now() - started;
    expect(new Set(episodes.values()).size).toBe(BURST);
    const alive = (replica: number) => SERVICE_NAMES.filter((n) => cluster.replica(n, replica).process?.exitCode === null && cluster.replica(n, replica).process?.signalCode === null);
    expect(alive(0)).toEqual([]);
    expect(alive(1)).toEqual(SERVICE_NAMES);

    // Enrolled exactly once: one EpisodeEnrolled per episode in scheduling's store, and on Kafka one event id per episode.
    const scheduling = cluster.services.get('scheduling')!.db.url;
    await eventually(async () => ((await countRows(scheduling, "SELECT count(DISTINCT stream_id) AS n FROM events WHERE event_type = 'EpisodeEnrolled'")) === BURST ? true : undefined), 120_000, `${BURST} enrollments`)
      .catch(async (err: Error) => { throw new Error(`${err.message}: ${await countRows(scheduling, "SELECT count(*) AS n FROM events WHERE event_type = 'EpisodeEnrolled'")}; running: ${alive(1).join(', ')}`); });
    expect(await countRows(scheduling, "SELECT count(*) AS n FROM events WHERE event_type = 'EpisodeEnrolled'")).toBe(BURST);
    const enrolledEpisodes = await countRows(scheduling, "SELECT count(DISTINCT data->>'episodeId') AS n FROM events WHERE event_type = 'EpisodeEnrolled'");
    expect(enrolledEpisodes).toBe(BURST);
    const admissions = cluster.services.get('admissions')!.db.url;
    expect(await countRows(admissions, "SELECT count(*) AS n FROM events WHERE event_type = 'PatientAdmitted'")).toBe(BURST);

    const onKafka = await enrolledOnKafka(`${cluster.topicPrefix}iop.scheduling.v1`, BURST);
    for (const episodeId of episodes.values()) expect(onKafka.idsByEpisode.get(episodeId)?.size).toBe(1);

    // Every webhook once, but for what the killed replica had in flight: the admission and the enrollment of each
    // episode arrive, and a webhook-id arrives twice only when the killed replica sent it and died before recording
    // the answer (its lease then ends and a survivor sends it again, same id: Standard Webhooks is at least once, and
    // the receiver drops the repeat by its webhook-id).
    await eventually(async () => {
      const enrolled = receiver.types().filter((type) => type === 'iop.scheduling.EpisodeEnrolled.v1').length;
      return enrolled >= BURST ? true : undefined;
    }, 120_000, 'the enrollments\' webhooks').catch((err: Error) => { throw new Error(`${err.message}: ${receiver.types().length} delivered`); });
    // Every delivery settled: none is left leased to the killed replica, whose lease ending (after the send timeout and
    // a minute) would send it again; only then can no duplicate still come.
    const webhooksDb = cluster.services.get('webhooks')!.db.url;
    await eventually(async () => ((await countRows(webhooksDb, "SELECT count(*) AS n FROM deliveries WHERE status = 'pending'")) === 0 ? true : undefined), 120_000, 'every delivery settled');
    // (Withheld: events of a patient before the consent covered them, never sent.)
    expect(await countRows(webhooksDb, "SELECT count(*) AS n FROM deliveries WHERE status NOT IN ('delivered', 'withheld')")).toBe(0);
    expect(await countRows(webhooksDb, "SELECT count(*) AS n FROM deliveries WHERE status = 'delivered'")).toBeGreaterThanOrEqual(2 * BURST);
    const types = receiver.types();
    expect(receiver.rejected).toEqual([]);
    const arrivals = receiver.arrivals();
    const firstAt = new Map<string, number>();
    const repeated: string[] = [];
    for (const a of arrivals) {
      if (!firstAt.has(a.webhookId)) firstAt.set(a.webhookId, a.at);
      else repeated.push(a.webhookId);
    }
    for (const id of repeated) expect({ id, firstBeforeTheKill: firstAt.get(id)! <= killedAt }).toEqual({ id, firstBeforeTheKill: true });
    // Verified in arrival order (none rejected): the distinct webhook-ids per type.
    const idsOf = (type: string) => new Set(arrivals.filter((_, i) => types[i] === type).map((a) => a.webhookId));
    expect(idsOf('iop.scheduling.EpisodeEnrolled.v1').size).toBe(BURST);
    expect(idsOf('iop.admissions.PatientAdmitted.v1').size).toBe(BURST);
    const bodiesOf = new Map<string, Set<string>>();
    receiver.bodies().forEach((b, i) => bodiesOf.set(arrivals[i].webhookId, (bodiesOf.get(arrivals[i].webhookId) ?? new Set()).add(b)));
    for (const id of repeated) expect(bodiesOf.get(id)!.size).toBe(1); // the same message again, signature aside

    // Leadership moved: the survivors log that they lead, and events keep flowing: a referral after the kill reaches
    // scheduling's enrollment and the webhook through the second replicas alone.
    for (const name of ['admissions', 'scheduling'] as const) {
      const file = cluster.logFile(name, 1);
      const text = readFileSync(file, 'utf8').slice(logOffsets.get(file) ?? 0);
      expect(text).toMatch(/leading: this process runs the subscription/);
    }
    const after = await api(cluster.url('admissions', 1), 'POST', '/v1/referrals', t.intake, { patient: { firstName: 'After', lastName: 'Synthetic', dateOfBirth: '1982-03-04' }, source: 'self', referredAt: anHourAgo() });
    expectStatus(after, 201);
    expectStatus(await api(cluster.url('admissions', 1), 'POST', `/v1/referrals/${after.body.referralId}/assessments`, t.clinician, { criteriaEdition: 3, ratings: { d1: 0, d2: 0, d3: 1, d4: 2, d5: 2, d6: 1 } }), 201);
    const late = await api(cluster.url('admissions', 1), 'POST', `/v1/referrals/${after.body.referralId}/admission`, t.intake, { locationId, track: 'evening', startDate: today, levelOfCare: '2.1' });
    expectStatus(late, 201);
    await eventually(async () => ((await api(cluster.url('scheduling', 1), 'GET', `/v1/enrollments/${late.body.episodeId}`, t.clinician)).status === 200 ? true : undefined), 60_000, 'the enrollment after the kill');

    // No job ran twice: each backdated episode is reviewed (by the schedule, unless evidence from outcomes or clinical
    // notes came first and made it not due), and by the schedule at most once though both replicas' jobs saw it due
    // (the lock, and the review's id from the episode and the day); and nothing in any service's store twice (same
    // stream, type and data), with the jobs of both replicas ticking every second throughout.
    const dueStreams = referrals.filter((_, i) => backdated(i)).map((r) => `'episode-${episodes.get(r.referralId)}'`).join(',');
    const reviewed = () => countRows(admissions, `SELECT count(DISTINCT stream_id) AS n FROM events WHERE event_type = 'ContinuedStayReviewed' AND stream_id IN (${dueStreams})`);
    const due = referrals.filter((_, i) => backdated(i)).length;
    await eventually(async () => ((await reviewed()) === due ? true : undefined), 60_000, `${due} backdated episodes reviewed`)
      .catch(async (err: Error) => { throw new Error(`${err.message}: ${await reviewed()}`); });
    await new Promise((r) => setTimeout(r, 3_000)); // more ticks of both replicas' jobs
    const scheduled = await countRows(admissions, "SELECT count(*) AS n FROM events WHERE event_type = 'ContinuedStayReviewed' AND data->>'trigger' = 'schedule'");
    expect(await countRows(admissions, "SELECT count(*) AS n FROM (SELECT 1 FROM events WHERE event_type = 'ContinuedStayReviewed' AND data->>'trigger' = 'schedule' GROUP BY stream_id HAVING count(*) > 1) d")).toBe(0);
    for (const name of SERVICE_NAMES) {
      const db = cluster.services.get(name)!.db.url;
      const twice = await countRows(db, 'SELECT count(*) AS n FROM (SELECT 1 FROM events GROUP BY stream_id, event_type, data::text HAVING count(*) > 1) d');
      expect({ service: name, twice }).toEqual({ service: name, twice: 0 });
    }
    process.stdout.write(`scale-out: ${BURST} admissions in ${burstMs} ms (${retried.connection} attempts refused by a dead replica, ${retried.answerLost} answers lost), ${onKafka.resent} EpisodeEnrolled re-sent on Kafka (same event id, absorbed by the inboxes), ${arrivals.length} webhooks of which ${repeated.length} sent again after the kill, ${scheduled} of ${due} backdated episodes reviewed by the schedule\n`);
  });
});

/** Runs `task(0..n-1)` with at most `width` at once. */
async function inParallel(n: number, width: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < n) await task(next++);
  }));
}

/** The EpisodeEnrolled messages on scheduling's topic: event ids per episode (the key), and how many were re-sends. */
async function enrolledOnKafka(topic: string, expected: number): Promise<{ idsByEpisode: Map<string, Set<string>>; resent: number }> {
  const consumer = testKafka('scale-out-check').consumer({ groupId: uniqueId('scale-out-check') });
  const idsByEpisode = new Map<string, Set<string>>();
  let messages = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.headers?.ce_type?.toString() !== 'iop.scheduling.EpisodeEnrolled.v1') return;
        messages++;
        const key = message.key!.toString();
        idsByEpisode.set(key, (idsByEpisode.get(key) ?? new Set()).add(message.headers!.ce_id!.toString()));
      },
    });
    await eventually(async () => (idsByEpisode.size >= expected ? true : undefined), 60_000, 'the enrollments on Kafka');
    await new Promise((r) => setTimeout(r, 2_000));
  } finally {
    await consumer.disconnect();
  }
  let distinct = 0;
  for (const ids of idsByEpisode.values()) distinct += ids.size;
  return { idsByEpisode, resent: messages - distinct };
}
