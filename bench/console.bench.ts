/**
 * The console in Chromium's own numbers (`npm run bench -- console`), on the real stack (services, the local OpenID
 * Connect provider, the backend-for-frontend), each screen opened several times with an empty cache:
 * - Today, the demo clinic seeded, for a clinician: the JavaScript that load fetched, gzipped (what a clinic's network
 *   carries, whatever the server sends), and the time from navigation start until Today shows its sessions (the app's
 *   `console:today-ready` mark, set once the data is on screen);
 * - the chart of a patient with 8 weeks of history, for a clinician: until the chart is on screen with nothing left
 *   loading (every section answered, the measures' trends drawn);
 * - the program dashboard of a clinic of BENCH_CONSOLE_EPISODES (2,000) episodes over the past year, for the clinical
 *   supervisor: until its figures are on screen (the app's `console:dashboard-ready` mark).
 */
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import type { BenchResult } from './run';
import { outcomesCaughtUp, seedChartPatient, seedClinic } from './console-clinic';
import { launchChromium } from '../e2e/browser';
import { CONSOLE_TENANT, ConsoleStack } from '../e2e/console-stack';
import { seedDemoClinic } from '../tools/seed/seed-demo';

const LOADS = Number(process.env.BENCH_CONSOLE_LOADS ?? 7);
const EPISODES = Number(process.env.BENCH_CONSOLE_EPISODES ?? 2000);

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

/** Milliseconds from navigation start until `ready` (run in the page) answers a time, `LOADS` cold loads of `url`, each in a new tab. */
async function coldLoads(context: BrowserContext, url: string, ready: (page: Page) => Promise<number>): Promise<{ readyMs: number[]; jsKb: number[] }> {
  const readyMs: number[] = [];
  const jsKb: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const load = await context.newPage();
    const cdp = await context.newCDPSession(load);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const scripts: Promise<number>[] = [];
    load.on('response', (res) => {
      if (res.request().resourceType() === 'script') scripts.push(res.body().then((b) => gzipSync(b).length, () => 0));
    });
    await load.goto(url);
    readyMs.push(await ready(load));
    // BENCH_CONSOLE_WATERFALL=1: the last load's requests, when each started and ended (where a slow screen waits).
    if (process.env.BENCH_CONSOLE_WATERFALL && i === LOADS - 1) {
      // Asked for, sent (after waiting for one of the browser's six connections to the origin), first byte, last byte.
      const entries = await load.evaluate(() => (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((e) => [e.name, ...[e.startTime, e.requestStart, e.responseStart, e.responseEnd].map(Math.round)] as const));
      process.stdout.write('    asked  sent first  last\n');
      for (const [name, ...times] of entries) process.stdout.write(`    ${times.map((t) => String(t).padStart(5)).join(' ')}  ${new URL(name).pathname}\n`);
    }
    jsKb.push((await Promise.all(scripts)).reduce((a, b) => a + b, 0) / 1024);
    await load.close();
  }
  return { readyMs, jsKb };
}

/** The time of the app's performance mark `name` (its first), once it is set. */
const markOf = (name: string) => async (page: Page): Promise<number> =>
  Number(await (await page.waitForFunction((mark) => performance.getEntriesByName(mark)[0]?.startTime, name, { timeout: 30_000 })).jsonValue());

/**
 * The chart is interactive when its heading and a measure's trend are on screen and nothing in it still says
 * "Loading…" (each section loads on its own). Checked at every animation frame, so the time is that frame's.
 */
async function chartReady(page: Page): Promise<number> {
  const handle = await page.waitForFunction(() => {
    const main = document.querySelector('main');
    if (!main?.querySelector('#chart-heading') || !main.querySelector('figure.trend')) return undefined;
    return main.textContent?.includes('Loading') ? undefined : performance.now();
  }, undefined, { timeout: 30_000, polling: 'raf' });
  return Number(await handle.jsonValue());
}

const ms = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ');

export async function runConsoleBench(): Promise<BenchResult> {
  const stack = new ConsoleStack('bench-console');
  await stack.start();
  const browser = await launchChromium();
  const url = (name: Parameters<ConsoleStack['cluster']['url']>[0]) => stack.cluster.url(name);
  try {
    process.stdout.write(`  ${await seedDemoClinic(url, CONSOLE_TENANT)}\n`);
    // Each screen is measured on a running system, once every service has applied what was just seeded (see the
    // dashboard below): loads measured while six consumers still work through a seed measure that backlog.
    await stack.cluster.settled();
    const clinician = await browser.newContext();
    await (await stack.signIn(clinician, '/today', 'clinician@demo-clinic')).close();
    const today = await coldLoads(clinician, `${stack.consoleUrl}/today`, markOf('console:today-ready'));
    process.stdout.write(`  Today ready after (ms): ${ms(today.readyMs)}; JavaScript per load (kB gzipped): ${today.jsKb.map((v) => v.toFixed(1)).join(', ')}\n`);

    const patient = await seedChartPatient(url, CONSOLE_TENANT);
    process.stdout.write(`  ${patient.summary}\n`);
    await stack.cluster.settled();
    const chart = await coldLoads(clinician, `${stack.consoleUrl}/patients/${patient.patientId}`, chartReady);
    process.stdout.write(`  chart ready after (ms): ${ms(chart.readyMs)}\n`);

    const started = Date.now();
    process.stdout.write(`  ${await seedClinic(url, CONSOLE_TENANT, EPISODES)}\n`);
    await outcomesCaughtUp(url, CONSOLE_TENANT, EPISODES);
    // A clinic's dashboard is opened on a running system, not while every service still works through a year of
    // events seeded in a minute: the first loads measured that backlog, not the dashboard.
    const settling = Date.now();
    await stack.cluster.settled();
    process.stdout.write(`  every service caught up ${((Date.now() - settling) / 1000).toFixed(0)} s later\n`);
    process.stdout.write(`  clinic seeded and applied in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    const director = await browser.newContext();
    await (await stack.signIn(director, '/today', 'supervisor@demo-clinic')).close();
    const dashboard = await coldLoads(director, `${stack.consoleUrl}/dashboard`, markOf('console:dashboard-ready'));
    process.stdout.write(`  dashboard ready after (ms): ${ms(dashboard.readyMs)}\n`);
    return {
      metrics: {
        first_load_js_gzip_kb: Math.round(Math.max(...today.jsKb) * 10) / 10,
        today_ready_p50_ms: Math.round(percentile(today.readyMs, 50)),
        today_ready_max_ms: Math.round(Math.max(...today.readyMs)),
        chart_ready_p50_ms: Math.round(percentile(chart.readyMs, 50)),
        chart_ready_max_ms: Math.round(Math.max(...chart.readyMs)),
        dashboard_episodes: EPISODES,
        dashboard_ready_p50_ms: Math.round(percentile(dashboard.readyMs, 50)),
        dashboard_ready_max_ms: Math.round(Math.max(...dashboard.readyMs)),
      },
      targets: [
        { metric: 'first_load_js_gzip_kb', op: '<=', bound: 300 },
        { metric: 'today_ready_max_ms', op: '<=', bound: 1000, note: 'interactive within 1 s' },
        { metric: 'chart_ready_max_ms', op: '<=', bound: 1000, note: '8 weeks of history, within 1 s' },
        { metric: 'dashboard_ready_max_ms', op: '<=', bound: 1500, note: 'a clinic of 2,000 episodes, within 1.5 s' },
      ],
    };
  } finally {
    await browser.close();
    await stack.stop();
  }
}
