/**
 * `npm run bench -- fhir`: the FHIR facade's read model seeded from public events, then its two heavy reads measured
 * over HTTP on the real service (its own database on the local PostgreSQL):
 * - `Patient/$everything` of patients with 8 weeks of program history (sessions three times a week, weekly PHQ-9,
 *   GAD-7 and drug screen, consents, a diagnosis, the treatment plan and its goals: about 85 resources each), one
 *   request at a time, its p50 and p99;
 * - a Bulk Data `$export` of every episode (BENCH_FHIR_EPISODES, 10,000 by default, each with BENCH_FHIR_EXPORT_WEEKS of
 *   history, 2 by default), kick-off to manifest, as resources per second; then every file downloaded.
 *
 * The events go through the service's own consumer classes (mapping and store code, one transaction per patient) but
 * not through Kafka and the inbox, which other benchmarks measure: seeding 10,000 episodes through the broker would take
 * most of the run. `BENCH_FHIR_EPISODES=200` runs it small.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import {
  attendanceRecordedV1, consentGrantedV1, type Contract, diagnosisRecordedV1, drugScreenResultedV1, goalStatusChangedV1, levelOfCareChangedV1,
  locationConfiguredV1, measureRecordedV1, patientAdmittedV1, patientDischargedV1, patientReferredV1, type PublicEvent, sessionScheduledV1,
  toPublicEvent, treatmentPlanSignedV1, validateEvent,
} from '@iop/domain-events';
import { inTransaction, PROJECTOR_SETTING } from '@iop/platform';
import { applyEvent } from '../apps/fhir/src/consumers/dispatch';
import { startFhirKit } from '../apps/fhir/src/testing/fhir.test-kit';
import type { BenchResult } from './run';

const TENANT = 'bench-fhir';
const EPISODES = Number(process.env.BENCH_FHIR_EPISODES ?? 10_000);
const EXPORT_WEEKS = Number(process.env.BENCH_FHIR_EXPORT_WEEKS ?? 2);
const EVERYTHING_PATIENTS = 20;
const EVERYTHING_REQUESTS = Number(process.env.BENCH_FHIR_EVERYTHING_REQUESTS ?? 400);
const SEED_WORKERS = 4;
const log = (msg: string) => process.stdout.write(`  ${msg}\n`);

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

let validated = false;
function ev<T>(contract: Contract<T>, data: T): PublicEvent<T> {
  const e = toPublicEvent(contract, { id: randomUUID(), subject: 'bench', time: new Date().toISOString(), tenantId: TENANT, correlationId: randomUUID() }, data);
  // The first patient's events are checked against their contracts: the generator writes what the services publish.
  if (!validated) {
    const result = validateEvent(e.type, e.data);
    if (!result.ok) throw new Error(`${contract.type}: ${JSON.stringify(result.errors)}`);
  }
  return e;
}

const day = (start: Date, days: number) => new Date(start.getTime() + days * 86_400_000).toISOString().slice(0, 10);
const at = (date: string, time: string) => `${date}T${time}:00-04:00`;

/** One patient's program, `weeks` long from `start`: every public event the facade consumes, in a service's order. */
function patientEvents(locationId: string, start: Date, weeks: number): PublicEvent[] {
  const [patientId, episodeId, referralId, planId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const common = { patientId, episodeId };
  const startDate = day(start, 0);
  const events: PublicEvent[] = [
    ev(patientReferredV1, { referralId, patientId, source: 'self', referredAt: at(day(start, -7), '09:00') }),
    ev(patientAdmittedV1, {
      ...common, referralId, displayName: 'Bench P.', ageBand: '30-34', locationId, track: 'evening', levelOfCare: '2.1', startDate,
      plannedEndDate: day(start, weeks * 7), referralSource: 'self', referredAt: at(day(start, -7), '09:00'), admittedAt: at(day(start, -3), '14:00'),
      recommendedLevel: '2.1', levelOverridden: false,
    }),
    ev(consentGrantedV1, {
      consentId: randomUUID(), patientId, recipient: 'payer:bench-health', purpose: 'payment', information: ['attendance', 'admission'], grantedAt: at(day(start, -3), '14:30'),
    }),
    ev(consentGrantedV1, { consentId: randomUUID(), patientId, recipient: 'pcp:bench-clinic', purpose: 'treatment', information: ['diagnoses'], grantedAt: at(day(start, -3), '14:40') }),
    ev(diagnosisRecordedV1, {
      diagnosisId: randomUUID(), ...common, code: 'F10.20', system: 'ICD-10-CM', kind: 'primary', category: 'substance-use', substance: 'alcohol', severity: 'moderate',
      inRemission: false, recordedAt: at(startDate, '19:00'),
    }),
    ev(treatmentPlanSignedV1, { planId, ...common, version: 1, goalCount: 3, signedAt: at(day(start, 2), '19:40') }),
  ];
  for (let w = 0; w < weeks; w++) {
    for (const [d, n] of [[0, 0], [2, 1], [4, 2]] as const) {
      const date = day(start, w * 7 + d);
      const sessionId = randomUUID();
      events.push(ev(sessionScheduledV1, {
        sessionId, locationId, track: 'evening', type: 'group-therapy', startsAt: at(date, '18:00'), endsAt: at(date, '21:00'), facilitatorRole: 'counselor', capacity: 12,
      }));
      const absent = (w + n) % 7 === 3;
      events.push(ev(attendanceRecordedV1, {
        sessionId, ...common, locationId, sessionType: 'group-therapy', status: absent ? 'absent-unexcused' : 'present', minutesAttended: absent ? 0 : 180,
        sessionStartsAt: at(date, '18:00'), recordedAt: at(date, '21:05'),
      }));
    }
    const monday = day(start, w * 7);
    events.push(ev(measureRecordedV1, {
      measureId: randomUUID(), ...common, instrument: 'PHQ-9', scores: { total: 14 - w }, band: 'moderate', safetyAlert: false, scoringVersion: 'phq9-2001', administeredAt: at(monday, '18:10'),
    }));
    events.push(ev(measureRecordedV1, {
      measureId: randomUUID(), ...common, instrument: 'GAD-7', scores: { total: 10 - Math.min(w, 9) }, band: 'mild', safetyAlert: false, scoringVersion: 'gad7-2006', administeredAt: at(monday, '18:12'),
    }));
    events.push(ev(drugScreenResultedV1, {
      screenId: randomUUID(), ...common, collectedOn: monday, results: [{ analyte: 'alcohol', result: 'negative' }, { analyte: 'fentanyl', result: 'negative' }],
    }));
  }
  for (let g = 0; g < 2; g++) {
    events.push(ev(goalStatusChangedV1, { planId, goalId: randomUUID(), ...common, from: 'not-started', to: 'in-progress', changedAt: at(day(start, 3 + g), '19:10') }));
  }
  events.push(ev(levelOfCareChangedV1, { ...common, fromLevel: '2.1', toLevel: '1', changedAt: at(day(start, weeks * 7 - 3), '10:00') }));
  events.push(ev(patientDischargedV1, {
    ...common, locationId, track: 'evening', reason: 'completed', startDate, dischargedAt: at(day(start, weeks * 7 - 1), '20:30'), joinAlumni: false,
  }));
  validated = true;
  return events;
}

/** Applies one patient's events through the service's consumer handlers (as the inbox would), in one transaction. */
async function apply(pool: Pool, events: PublicEvent[]): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query(PROJECTOR_SETTING);
    for (const e of events) await applyEvent(client, e);
  });
}

export async function runFhirBench(): Promise<BenchResult> {
  const kit = await startFhirKit({ IOP_ENV: 'development' });
  const seedPool = new Pool({ connectionString: kit.databaseUrl, max: SEED_WORKERS, options: '-c app.role=projector' });
  try {
    const locationId = randomUUID();
    await apply(seedPool, [ev(locationConfiguredV1, {
      locationId, name: 'Bench site', timezone: 'America/New_York', configuredAt: '2026-01-01T08:00:00-05:00',
      blocks: [{ track: 'evening', days: ['MON', 'WED', 'FRI'], start: '18:00', end: '21:00' }],
    })]);
    const first = new Date('2026-01-05T00:00:00Z');
    const measured: string[] = [];
    const seedStarted = Date.now();
    let next = 0;
    const total = EPISODES;
    const worker = async () => {
      for (let i = next++; i < total; i = next++) {
        const long = i < EVERYTHING_PATIENTS;
        const events = patientEvents(locationId, new Date(first.getTime() + (i % 200) * 86_400_000), long ? 8 : EXPORT_WEEKS);
        await apply(seedPool, events);
        if (long) measured.push((events[0].data as { patientId: string }).patientId);
        if ((i + 1) % 1000 === 0) log(`${i + 1} episodes seeded`);
      }
    };
    await Promise.all(Array.from({ length: SEED_WORKERS }, worker));
    const { rows: [{ n: resources }] } = await kit.db.query<{ n: number }>('SELECT count(*)::int AS n FROM fhir_resources');
    log(`${total} episodes seeded in ${((Date.now() - seedStarted) / 1000).toFixed(0)} s: ${resources} resources`);
    await kit.db.query('ANALYZE');

    await kit.app.app.listen(0, '127.0.0.1');
    const base = (await kit.app.app.getUrl()).replace('[::1]', '127.0.0.1');
    const token = await kit.token(TENANT, ['clinician']);
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });

    // $everything, one request at a time, after a warm-up round.
    for (const id of measured) await (await get(`/fhir/Patient/${id}/$everything`)).arrayBuffer();
    const everythingMs: number[] = [];
    let entries = 0;
    for (let i = 0; i < EVERYTHING_REQUESTS; i++) {
      const started = performance.now();
      const res = await get(`/fhir/Patient/${measured[i % measured.length]}/$everything`);
      const body = (await res.json()) as { entry: unknown[] };
      everythingMs.push(performance.now() - started);
      if (res.status !== 200) throw new Error(`$everything answered ${res.status}`);
      entries = body.entry.length;
    }
    log(`$everything: ${entries} resources per patient; p50 ${percentile(everythingMs, 50).toFixed(1)} ms, p99 ${percentile(everythingMs, 99).toFixed(1)} ms`);

    // $export of everything, kick-off to manifest.
    const exportStarted = performance.now();
    const kickoff = await get('/fhir/$export', { prefer: 'respond-async', accept: 'application/fhir+json' });
    if (kickoff.status !== 202) throw new Error(`$export answered ${kickoff.status}: ${await kickoff.text()}`);
    const status = new URL(kickoff.headers.get('content-location')!).pathname;
    let manifest: { output: { type: string; url: string; count: number }[] } | undefined;
    while (!manifest) {
      const poll = await get(status);
      if (poll.status === 200) manifest = await poll.json() as typeof manifest;
      else if (poll.status === 202) await new Promise((r) => setTimeout(r, 100));
      else throw new Error(`export status answered ${poll.status}: ${await poll.text()}`);
    }
    const exportSeconds = (performance.now() - exportStarted) / 1000;
    const exported = manifest!.output.reduce((n, o) => n + o.count, 0);
    const downloadStarted = performance.now();
    let bytes = 0;
    for (const file of manifest!.output) bytes += (await (await get(new URL(file.url).pathname)).arrayBuffer()).byteLength;
    const downloadSeconds = (performance.now() - downloadStarted) / 1000;
    log(`$export: ${exported} resources in ${manifest!.output.length} files in ${exportSeconds.toFixed(1)} s; downloaded ${(bytes / 1e6).toFixed(0)} MB in ${downloadSeconds.toFixed(1)} s`);
    if (exported !== resources) throw new Error(`the export holds ${exported} resources, the read model ${resources}`);

    return {
      metrics: {
        episodes: total,
        resources,
        everything_resources: entries,
        everything_p50_ms: Math.round(percentile(everythingMs, 50) * 10) / 10,
        everything_p99_ms: Math.round(percentile(everythingMs, 99) * 10) / 10,
        export_resources_per_s: Math.round(exported / exportSeconds),
        export_download_mb_per_s: Math.round(bytes / 1e6 / downloadSeconds),
      },
      targets: [
        { metric: 'everything_p99_ms', op: '<=', bound: 100 },
        { metric: 'export_resources_per_s', op: '>=', bound: 5000 },
      ],
    };
  } finally {
    await seedPool.end();
    await kit.close();
  }
}
