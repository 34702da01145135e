/**
 * `npm run bench [-- event-store|webhooks|journey|console|fhir]`: runs the benchmarks against the local PostgreSQL and Kafka
 * (started if not running), prints a table per benchmark and writes `bench/results/<name>.json`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { down, ensureDevKeys, up } from '../infra/local';
import { runWebhooksBench } from '../apps/webhooks/bench/webhooks.bench';
import { runConsoleBench } from './console.bench';
import { runEventStoreBench } from './event-store.bench';
import { runFhirBench } from './fhir.bench';
import { runJourneyBench } from './journey.bench';

import { build } from '../tools/build';

export interface Target {
  metric: string;
  /** Met when the value is at least (`>=`) or at most (`<=`) the bound. */
  op: '>=' | '<=' | '==';
  bound: number;
  note?: string;
}

export interface BenchResult {
  metrics: Record<string, number>;
  targets: Target[];
}

type Bench = () => Promise<BenchResult>;

const webhooks: Bench = async () => ({
  metrics: await runWebhooksBench(),
  targets: [
    { metric: 'deliveries_per_s', op: '>=', bound: 1000 },
    { metric: 'delivery_latency_p99_ms', op: '<=', bound: 200 },
  ],
});

const BENCHES: Record<string, Bench> = {
  'event-store': runEventStoreBench,
  webhooks,
  journey: runJourneyBench,
  console: runConsoleBench,
  fhir: runFhirBench,
};

function printTable(name: string, result: BenchResult): void {
  const rows = Object.entries(result.metrics).map(([metric, value]) => {
    const target = result.targets.find((t) => t.metric === metric);
    const met = !target ? '' : target.op === '>=' ? value >= target.bound : target.op === '<=' ? value <= target.bound : value === target.bound;
    return [metric, format(value), target ? `${target.op} ${format(target.bound)}${target.note ? ` (${target.note})` : ''}` : '', target ? (met ? 'yes' : 'NO') : ''];
  });
  const widths = [0, 1, 2, 3].map((i) => Math.max(...[['metric', 'value', 'target', 'met'][i], ...rows.map((r) => r[i])].map((c) => c.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 1 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  process.stdout.write(`\n${name}\n${line(['metric', 'value', 'target', 'met'])}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n`);
  for (const r of rows) process.stdout.write(`${line(r)}\n`);
}

const format = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 1 }));

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length ? wanted : Object.keys(BENCHES);
  const unknown = names.filter((n) => !BENCHES[n]);
  if (unknown.length) throw new Error(`unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`);
  build();
  const stack = await up();
  await ensureDevKeys();
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  try {
    for (const name of names) {
      process.stdout.write(`running ${name}…\n`);
      const result = await BENCHES[name]();
      writeFileSync(join(dir, `${name}.json`), `${JSON.stringify({ ...result.metrics, measuredAt: new Date().toISOString() }, null, 2)}\n`);
      printTable(name, result);
    }
  } finally {
    await down(stack);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? err}\n`);
  process.exitCode = 1;
});
