/**
 * Real Chromium for the console's browser tests and benchmark: Debian's `chromium` package, driven by Playwright
 * through its executable path (Playwright's own browser downloads do not reach this network). `CHROMIUM_PATH` points
 * at another build. On a machine without it, a root user with apt gets it installed here (what `.ci/run` on a fresh
 * machine needs); anyone else is told the command.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Flags that keep the browser inside this closed network and let it run as root in a container. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'];

export function chromiumPath(): string {
  const given = process.env.CHROMIUM_PATH;
  if (given) {
    if (!existsSync(given)) throw new Error(`CHROMIUM_PATH=${given} does not exist`);
    return given;
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  const root = process.getuid?.() === 0;
  const apt = existsSync('/usr/bin/apt-get');
  if (!root || !apt) {
    throw new Error('No Chromium found. Install Debian\'s package (sudo apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome executable.');
  }
  // A fresh machine: its package lists may be empty, so they are read first.
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'ignore', env, timeout: 600_000 });
  } catch {
    execFileSync('apt-get', ['update'], { stdio: 'ignore', env, timeout: 600_000 });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'ignore', env, timeout: 600_000 });
  }
  const installed = CANDIDATES.find((p) => existsSync(p));
  if (!installed) throw new Error('apt-get installed chromium, but no executable was found at ' + CANDIDATES.join(', '));
  return installed;
}

/**
 * Chromium features turned off on top of Playwright's own list. Chromium 15x draws the address bar's suggestion popup
 * as a WebUI page, built in a renderer of its own for every new window, headless too: about one CPU-second for each
 * page a test or the benchmark opens, spent beside the page under test.
 */
const DISABLED_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxFullPopup', 'WebUIOmniboxAimPopup'];

/** Playwright's `--disable-features=` argument for this browser, found by launching it once (per process). */
let playwrightDisabled: Promise<string | undefined> | undefined;

async function defaultDisabledFeatures(executablePath: string): Promise<string | undefined> {
  const probe = await chromium.launchServer({ executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    return probe.process().spawnargs.find((a) => a.startsWith('--disable-features='));
  } finally {
    await probe.close();
  }
}

/**
 * Chromium for a test or the benchmark. Chromium reads only the last `--disable-features=` it is given, so Playwright's
 * (what its automation relies on) is replaced by one list holding both its features and ours.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  const theirs = await (playwrightDisabled ??= defaultDisabledFeatures(executablePath));
  const features = [...(theirs?.slice('--disable-features='.length).split(',').filter(Boolean) ?? []), ...DISABLED_FEATURES];
  return chromium.launch({
    executablePath,
    headless: true,
    ignoreDefaultArgs: theirs ? [theirs] : [],
    args: [...CHROMIUM_ARGS, `--disable-features=${[...new Set(features)].join(',')}`],
  });
}
