/**
 * The console on top of a cluster, for its browser tests and its benchmark: the five services as processes (the
 * e2e `Cluster`), the local OpenID Connect provider (apps/identity) and the console's backend-for-frontend
 * (apps/console/server) as processes from their compiled code, each on a free port, with the single-page app built
 * by Vite. The provider's issuer is its own URL, so the services are told to accept it (AUTH_ISSUER), as `npm start`
 * does; the test process mints its API tokens for that issuer too.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Cookie, Page } from 'playwright-core';
import { STACK_DIR } from '../infra/local';
import { DIST, build, buildConsoleWeb } from '../tools/build';
import { createTestDatabase, freePort, type TestDatabase } from '../libs/testing/src';
import { Cluster, SERVICE_NAMES } from './cluster';

const ROOT = join(__dirname, '..');
/** The demo users of the provider belong to this tenant (`<role>@demo-clinic`, password `demo`). */
export const CONSOLE_TENANT = 'demo-clinic';

export class ConsoleStack {
  /** Made by `start`, once the provider's issuer is known. */
  cluster!: Cluster;
  issuer = '';
  consoleUrl = '';
  private readonly processes: ChildProcess[] = [];
  /** Each demo user's console session (its cookies), once signed in through the provider's form. */
  private readonly sessions = new Map<string, Cookie[]>();
  /** The console's session database: the console runs as a hosted one does, with its sessions in PostgreSQL. */
  private sessionDb?: TestDatabase;

  constructor(private readonly label = 'console') {}

  async start(): Promise<void> {
    const [identityPort, consolePort] = [await freePort(), await freePort()];
    this.issuer = `http://127.0.0.1:${identityPort}`;
    this.consoleUrl = `http://127.0.0.1:${consolePort}`;
    // Tokens minted by this process (the test's API calls) and the services' verification agree on the issuer.
    process.env.AUTH_ISSUER = this.issuer;
    build();
    buildConsoleWeb();
    const cluster = (this.cluster = new Cluster({ label: this.label, env: { AUTH_ISSUER: this.issuer } }));
    await cluster.start();
    await this.startProcess('identity', join(DIST, 'apps', 'identity', 'src', 'main.js'), this.issuer, {
      IDENTITY_PORT: String(identityPort), IDENTITY_ISSUER: this.issuer, CONSOLE_PUBLIC_URL: this.consoleUrl, DEMO_TENANT: CONSOLE_TENANT,
    });
    const services = Object.fromEntries(SERVICE_NAMES.map((name) => [`CONSOLE_${name.toUpperCase().replace(/-/g, '_')}_URL`, cluster.url(name)]));
    this.sessionDb = await createTestDatabase('e2e_console');
    await this.startProcess('console', join(DIST, 'apps', 'console', 'server', 'src', 'main.js'), this.consoleUrl, {
      CONSOLE_PORT: String(consolePort), CONSOLE_PUBLIC_URL: this.consoleUrl, CONSOLE_OIDC_ISSUER: this.issuer, CONSOLE_DATABASE_URL: this.sessionDb.url, ...services,
    });
  }

  /**
   * A new page of `context` signed in as a demo user (`<role>@demo-clinic`, password `demo`), on `path` (its query
   * too, when it has one). The first time for a user it signs in as a person does: the console sends the page to the
   * provider's sign-in form, and back to `path` once signed in. Later pages of that user are given the session's
   * cookies and open `path` at once, as a second tab of a signed-in browser would: the form is tested once per user
   * and stack, not paid for by every test.
   */
  async signIn(context: BrowserContext, path: string, user: string): Promise<Page> {
    const session = this.sessions.get(user);
    if (session) await context.addCookies(session);
    const page = await context.newPage();
    await page.goto(`${this.consoleUrl}${path}`);
    const [pathname, query] = path.split('?');
    const onPath = (url: URL) => url.origin === this.consoleUrl && url.pathname === pathname && (query === undefined || url.search === `?${query}`);
    // The console redirects a page load without a session before answering it: the page is on the form or on `path`.
    const throughForm = new URL(page.url()).origin !== this.consoleUrl;
    if (throughForm) {
      await page.waitForURL((url) => url.origin === this.issuer);
      await page.getByLabel('User').fill(user);
      await page.getByLabel('Password').fill('demo');
      await page.getByRole('button', { name: 'Sign in' }).click();
    }
    await page.waitForURL(onPath);
    if (throughForm) this.sessions.set(user, await context.cookies(this.consoleUrl));
    return page;
  }

  private async startProcess(name: string, main: string, url: string, env: Record<string, string>): Promise<void> {
    const logDir = join(STACK_DIR, 'logs', 'e2e');
    mkdirSync(logDir, { recursive: true });
    const log = createWriteStream(join(logDir, `${this.label}-${name}.log`), { flags: 'a' });
    const child = spawn(process.execPath, [main], {
      cwd: ROOT, env: { ...process.env, IOP_ENV: 'development', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    this.processes.push(child);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}; see .stack/logs/e2e/${this.label}-${name}.log`);
      const res = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
      if (res?.status === 200) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${name} was not ready within 60 s`);
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map(async (child) => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }));
    await this.cluster?.stop();
    await this.sessionDb?.drop();
  }
}
