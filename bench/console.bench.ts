/**
 * The console's first load, in Chromium's own numbers (`npm run bench -- console`): the demo clinic seeded on the
 * real stack (services, the local OpenID Connect provider, the backend-for-frontend), a signed-in clinician opens
 * Today with an empty cache, several times. Measured: the JavaScript that load fetched, gzipped (what a clinic's
 * network carries, whatever the server sends), and the time from navigation start until Today shows its sessions
 * (the app's `console:today-ready` mark, set once the data is on screen).
 */
import { gzipSync } from 'node:zlib';
import type { BenchResult } from './run';
import { launchChromium } from '../e2e/browser';
import { CONSOLE_TENANT, ConsoleStack } from '../e2e/console-stack';
import { seedDemoClinic } from '../tools/seed/seed-demo';

const LOADS = Number(process.env.BENCH_CONSOLE_LOADS ?? 7);

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

export async function runConsoleBench(): Promise<BenchResult> {
  const stack = new ConsoleStack('bench-console');
  await stack.start();
  const browser = await launchChromium();
  try {
    process.stdout.write(`  ${await seedDemoClinic((name) => stack.cluster.url(name), CONSOLE_TENANT)}\n`);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${stack.consoleUrl}/today`);
    await page.waitForURL((url) => url.origin === stack.issuer);
    await page.getByLabel('User').fill('clinician@demo-clinic');
    await page.getByLabel('Password').fill('demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.origin === stack.consoleUrl);

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
      await load.goto(`${stack.consoleUrl}/today`);
      const ready = await load.waitForFunction(() => performance.getEntriesByName('console:today-ready')[0]?.startTime, undefined, { timeout: 30_000 });
      readyMs.push(Number(await ready.jsonValue()));
      jsKb.push((await Promise.all(scripts)).reduce((a, b) => a + b, 0) / 1024);
      await load.close();
    }
    process.stdout.write(`  Today ready after (ms): ${readyMs.map((v) => v.toFixed(0)).join(', ')}; JavaScript per load (kB gzipped): ${jsKb.map((v) => v.toFixed(1)).join(', ')}\n`);
    return {
      metrics: {
        first_load_js_gzip_kb: Math.round(Math.max(...jsKb) * 10) / 10,
        today_ready_p50_ms: Math.round(percentile(readyMs, 50)),
        today_ready_max_ms: Math.round(Math.max(...readyMs)),
      },
      targets: [
        { metric: 'first_load_js_gzip_kb', op: '<=', bound: 300 },
        { metric: 'today_ready_max_ms', op: '<=', bound: 1000, note: 'interactive within 1 s' },
      ],
    };
  } finally {
    await browser.close();
    await stack.stop();
  }
}
