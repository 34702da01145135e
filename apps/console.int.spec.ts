/**
 * The console's sign-in and proxy end to end, with nothing mocked: the local OpenID Connect provider (apps/identity)
 * and the console's backend-for-frontend (apps/console/server) as processes from their compiled code, admissions on
 * its own database, and a "browser" made of fetch calls that follows every redirect by hand and keeps cookies per
 * origin. The provider runs on a free port, so the service accepts that issuer (AUTH_ISSUER), as `npm start` does.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, type TestApp } from '@iop/platform/testing';
import { createTestDatabase, createTopicNamespace, freePort, type TestDatabase } from '@iop/testing';
import { build, DIST } from '../tools/build';
import { admissionsService } from './admissions/src/service';

const ROOT = join(__dirname, '..');
/** Short-lived access tokens, so the test sees the console refresh one. */
const ACCESS_TOKEN_TTL_S = 8;
const JWT = /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+/;

interface Page {
  status: number;
  headers: Headers;
  url: URL;
  text: string;
}

/** What a browser does with cookies and redirects, by hand: cookies by origin and name, every Set-Cookie recorded. */
class Browser {
  private readonly jars = new Map<string, Map<string, string>>();
  readonly setCookies: { origin: string; raw: string }[] = [];
  readonly consoleBodies: string[] = [];

  constructor(private readonly consoleOrigin: string) {}

  async request(url: string | URL, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Page> {
    const target = new URL(url);
    const jar = this.jars.get(target.origin) ?? new Map<string, string>();
    this.jars.set(target.origin, jar);
    const headers: Record<string, string> = { accept: 'text/html,application/json', ...(init.headers ?? {}) };
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(target, { method: init.method ?? 'GET', headers, body: init.body, redirect: 'manual' });
    for (const raw of res.headers.getSetCookie()) {
      this.setCookies.push({ origin: target.origin, raw });
      const [pair, ...attributes] = raw.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const expired = attributes.some((a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && new Date(a.slice(8)).getTime() < Date.now()));
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    const text = await res.text();
    if (target.origin === this.consoleOrigin) this.consoleBodies.push(text);
    return { status: res.status, headers: res.headers, url: target, text };
  }

  /** Follows redirects (as GETs) until an answer that is not one, or until the next URL satisfies `stopAt`. */
  async follow(url: string | URL, init: Parameters<Browser['request']>[1] = {}, stopAt?: (next: URL) => boolean): Promise<Page> {
    let page = await this.request(url, init);
    for (let hops = 0; hops < 15 && page.status >= 300 && page.status < 400; hops++) {
      const next = new URL(page.headers.get('location')!, page.url);
      if (stopAt?.(next)) return page;
      page = await this.request(next);
    }
    return page;
  }
}

function formFields(html: string): Record<string, string> {
  return Object.fromEntries([...html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

/** A whole sign-in as `username`, in a browser of its own; answers the session's CSRF token. */
async function signIn(browser: Browser, consoleUrl: string, username: string): Promise<string> {
  const signIn = await browser.follow(`${consoleUrl}/auth/login?returnTo=%2Fintake`);
  const action = new URL(`${signIn.url.pathname}/login`, signIn.url);
  const body = new URLSearchParams({ username, password: 'demo' }).toString();
  const toConsole = await browser.follow(action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }, (next) => next.origin === consoleUrl);
  const landed = await browser.request(new URL(toConsole.headers.get('location')!, toConsole.url));
  if (landed.status !== 303) throw new Error(`sign-in as ${username}: ${landed.status} ${landed.text}`);
  return (JSON.parse((await browser.request(`${consoleUrl}/auth/session`)).text) as { csrfToken: string }).csrfToken;
}

async function waitReady(name: string, url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output()}`);
    const res = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
    if (res?.status === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} was not ready within 60 s:\n${output()}`);
}

function startProcess(name: string, main: string, env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, [main], { cwd: ROOT, env: { ...process.env, IOP_ENV: 'development', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output.slice(-4_000) };
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

describe('console: sign-in with the local OpenID Connect provider, and the API through the console', () => {
  let db: TestDatabase;
  let admissions: TestApp;
  let identity: ReturnType<typeof startProcess>;
  let bff: ReturnType<typeof startProcess>;
  let staticDir: string;
  let issuer: string;
  let consoleUrl: string;
  let admissionsUrl: string;
  let browser: Browser;
  let signedInAt = 0;
  let csrfToken = '';

  beforeAll(async () => {
    const [identityPort, consolePort] = [await freePort(), await freePort()];
    issuer = `http://127.0.0.1:${identityPort}`;
    consoleUrl = `http://127.0.0.1:${consolePort}`;
    browser = new Browser(consoleUrl);
    staticDir = mkdtempSync(join(tmpdir(), 'console-web-'));

    db = await createTestDatabase('admissions');
    admissions = await startTestApp(admissionsService({
      ...process.env, ADMISSIONS_DATABASE_URL: db.url, KAFKA_TOPIC_PREFIX: await createTopicNamespace(), LOG_LEVEL: 'silent', ADMISSIONS_REVIEW_INTERVAL_MS: '0', AUTH_ISSUER: issuer,
    }));
    await admissions.app.listen(0, '127.0.0.1');
    admissionsUrl = await admissions.app.getUrl();
    admissionsUrl = admissionsUrl.replace('[::1]', '127.0.0.1').replace('localhost', '127.0.0.1');

    const identityMain = join(DIST, 'apps', 'identity', 'src', 'main.js');
    const consoleMain = join(DIST, 'apps', 'console', 'server', 'src', 'main.js');
    if (!existsSync(identityMain) || !existsSync(consoleMain)) build();
    identity = startProcess('identity', identityMain, { IDENTITY_PORT: String(identityPort), CONSOLE_PUBLIC_URL: consoleUrl, IDENTITY_ACCESS_TOKEN_TTL_S: String(ACCESS_TOKEN_TTL_S) });
    await waitReady('identity', issuer, identity.child, identity.output);
    bff = startProcess('console', consoleMain, { CONSOLE_PORT: String(consolePort), CONSOLE_OIDC_ISSUER: issuer, CONSOLE_ADMISSIONS_URL: admissionsUrl, CONSOLE_STATIC_DIR: staticDir });
    await waitReady('console', consoleUrl, bff.child, bff.output);
  }, 180_000);

  afterAll(async () => {
    await stop(bff?.child);
    await stop(identity?.child);
    await admissions?.close();
    await db?.drop();
    if (staticDir) rmSync(staticDir, { recursive: true, force: true });
  });

  let signInPage: Page;

  it('sends an unauthenticated visit to a console page to the sign-in, and the sign-in to the provider with PKCE', async () => {
    const visit = await browser.request(`${consoleUrl}/today?view=mine`);
    expect(visit.status).toBe(302);
    expect(visit.headers.get('location')).toBe('/auth/login?returnTo=%2Ftoday%3Fview%3Dmine');

    const login = await browser.request(`${consoleUrl}/auth/login?returnTo=%2Ftoday`);
    expect(login.status).toBe(303);
    const authorize = new URL(login.headers.get('location')!);
    expect(authorize.origin).toBe(issuer);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code', client_id: 'iop-console', redirect_uri: `${consoleUrl}/auth/callback`, code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), state: expect.any(String), nonce: expect.any(String),
    });
    expect(authorize.searchParams.has('client_secret')).toBe(false);

    signInPage = await browser.follow(authorize);
    expect(signInPage.status).toBe(200);
    expect(signInPage.url.pathname).toMatch(/^\/interaction\/[A-Za-z0-9_-]+$/);
    const html = signInPage.text;
    expect(html).toMatch(/<label for="username">/);
    expect(html).toMatch(/<label for="password">/);
    expect(html.match(/<input[^>]*type="text"/g)).toHaveLength(1);
    expect(html.match(/<input[^>]*type="password"/g)).toHaveLength(1);
    expect(html).toMatch(/<button type="submit">/);
    expect(html).not.toMatch(/<script|style="/);
    expect(signInPage.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
  });

  it('shows an error on a wrong password, then signs the clinician in and comes back to the page asked for', async () => {
    const action = new URL(`${signInPage.url.pathname}/login`, issuer);
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const wrong = await browser.request(action, { method: 'POST', headers: form, body: 'username=clinician%40demo-clinic&password=nope' });
    expect(wrong.status).toBe(200);
    expect(wrong.text).toMatch(/<p class="error" id="sign-in-error" role="alert">The user or the password is not right/);
    expect(wrong.text).toMatch(/value="clinician@demo-clinic"/);

    // Through the provider's redirects (consent is granted for the console without a screen) to the console's callback.
    const toCallback = await browser.follow(action, { method: 'POST', headers: form, body: 'username=clinician%40demo-clinic&password=demo' }, (next) => next.origin === consoleUrl);
    const callback = new URL(toCallback.headers.get('location')!, toCallback.url);
    expect(callback.href.startsWith(`${consoleUrl}/auth/callback?`)).toBe(true);
    expect(callback.searchParams.get('code')).toBeTruthy();

    const landed = await browser.request(callback);
    expect(landed.status).toBe(303);
    expect(landed.headers.get('location')).toBe('/today');
    signedInAt = Date.now();
    const sessionCookie = browser.setCookies.filter((c) => c.origin === consoleUrl && c.raw.startsWith('iop-console=') && !/iop-console=;/.test(c.raw)).pop()!;
    expect(sessionCookie.raw).toMatch(/; HttpOnly/i);
    expect(sessionCookie.raw).toMatch(/; SameSite=Lax/i);
    expect(sessionCookie.raw).toMatch(/; Path=\//i);
    expect(sessionCookie.raw).not.toMatch(/; Secure/i); // http here; Secure when the public URL is https
  });

  it('answers who is signed in, with the CSRF token and no token of the provider', async () => {
    const session = await browser.request(`${consoleUrl}/auth/session`);
    expect(session.status).toBe(200);
    expect(session.headers.get('cache-control')).toBe('no-store');
    const body = JSON.parse(session.text) as Record<string, unknown>;
    expect(body).toEqual({ subject: 'demo-clinician', name: 'Demo Clinician', tenant: 'demo-clinic', roles: ['clinician'], csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    csrfToken = body.csrfToken as string;
  });

  it('calls a service through the console with the provider\'s token: the tenant and roles are the user\'s', async () => {
    const me = await browser.request(`${consoleUrl}/api/admissions/v1/me`, { headers: { accept: 'application/json' } });
    expect(me.status).toBe(200);
    expect(me.headers.get('cache-control')).toBe('no-store');
    expect(JSON.parse(me.text)).toEqual({ subject: 'demo-clinician', tenantId: 'demo-clinic', roles: ['clinician'], name: 'Demo Clinician' });
  });

  it('serves the built app to a signed-in user, and says to build it when it is not there', async () => {
    const missing = await browser.request(`${consoleUrl}/today`);
    expect(missing.status).toBe(503);
    expect(missing.text).toMatch(/npx vite build --config apps\/console\/web\/vite.config.mts/);

    mkdirSync(join(staticDir, 'assets'), { recursive: true });
    writeFileSync(join(staticDir, 'index.html'), '<!DOCTYPE html><html><head><script type="module" src="/assets/app-1234.js"></script></head><body></body></html>');
    writeFileSync(join(staticDir, 'assets', 'app-1234.js'), 'export {};');
    const page = await browser.request(`${consoleUrl}/patients/8d7b3f1e-2c1a-4c55-9a51-0f6f3d2e9a10`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/app-1234\.js/);
    const csp = page.headers.get('content-security-policy')!;
    for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", `form-action 'self' ${issuer}`]) {
      expect(csp).toContain(directive);
    }
    const asset = await browser.request(`${consoleUrl}/assets/app-1234.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
    expect((await browser.request(`${consoleUrl}/assets/missing.js`)).status).toBe(404);
    expect((await browser.request(`${consoleUrl}/..%2f..%2fpackage.json`)).status).toBe(404);
  });

  it('refuses an unsafe request without the CSRF token or from another origin, and passes the service\'s own answers through', async () => {
    const body = JSON.stringify({ patient: { firstName: 'Alex', lastName: 'Example', dateOfBirth: '1990-04-12' }, source: 'residential', referredAt: '2026-11-20T15:00:00Z' });
    const json = { 'content-type': 'application/json', accept: 'application/json' };
    const noToken = await browser.request(`${consoleUrl}/api/admissions/v1/referrals`, { method: 'POST', headers: json, body });
    expect(noToken.status).toBe(403);
    expect(noToken.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(JSON.parse(noToken.text).type).toMatch(/\/csrf$/);

    const otherSite = await browser.request(`${consoleUrl}/api/admissions/v1/referrals`, { method: 'POST', headers: { ...json, 'x-csrf-token': csrfToken, origin: 'https://evil.example' }, body });
    expect(otherSite.status).toBe(403);
    expect(JSON.parse(otherSite.text).type).toMatch(/\/csrf$/);

    // With the token, from the console's origin: the service decides (a clinician may not refer) and its problem comes back as it is.
    const forwarded = await browser.request(`${consoleUrl}/api/admissions/v1/referrals`, { method: 'POST', headers: { ...json, 'x-csrf-token': csrfToken, origin: consoleUrl, 'idempotency-key': 'k-1' }, body });
    expect(forwarded.status).toBe(403);
    expect(forwarded.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(JSON.parse(forwarded.text)).toMatchObject({ type: expect.stringMatching(/\/forbidden$/), detail: expect.stringMatching(/This needs one of the roles/) });

    const invalid = await browser.request(`${consoleUrl}/api/admissions/v1/referrals`, { method: 'POST', headers: { ...json, 'x-csrf-token': csrfToken, origin: consoleUrl }, body: '{"patient":' });
    expect(invalid.status).toBe(400);

    expect((await browser.request(`${consoleUrl}/api/billing/v1/me`)).status).toBe(404);
    expect((await browser.request(`${consoleUrl}/api/admissions/metrics`)).status).toBe(404);
  });

  it('passes Idempotency-Key, If-Match and ETag through, both ways', async () => {
    const intake = new Browser(consoleUrl);
    const csrf = await signIn(intake, consoleUrl, 'intake@demo-clinic');
    const headers = { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf, origin: consoleUrl };
    const body = JSON.stringify({ patient: { firstName: 'Alex', lastName: 'Example', dateOfBirth: '1990-04-12' }, source: 'residential', referredAt: new Date(Date.now() - 3_600_000).toISOString() });
    const key = { 'idempotency-key': `console-${Date.now()}` };
    const created = await intake.request(`${consoleUrl}/api/admissions/v1/referrals`, { method: 'POST', headers: { ...headers, ...key }, body });
    expect(created.status).toBe(201);
    const { referralId } = JSON.parse(created.text) as { referralId: string };
    const replayed = await intake.request(`${consoleUrl}/api/admissions/v1/referrals`, { method: 'POST', headers: { ...headers, ...key }, body });
    expect(replayed.status).toBe(201);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(JSON.parse(replayed.text).referralId).toBe(referralId);

    const read = await intake.request(`${consoleUrl}/api/admissions/v1/referrals/${referralId}`, { headers: { accept: 'application/json' } });
    expect(read.status).toBe(200);
    const etag = read.headers.get('etag');
    expect(etag).toMatch(/^"\d+"$/);
    const stale = await intake.request(`${consoleUrl}/api/admissions/v1/referrals/${referralId}/waitlist`, { method: 'POST', headers: { ...headers, 'if-match': '"999"' }, body: '{}' });
    expect(stale.status).toBe(409);
    expect(JSON.parse(stale.text).type).toMatch(/version-mismatch$/);
    const waitlisted = await intake.request(`${consoleUrl}/api/admissions/v1/referrals/${referralId}/waitlist`, { method: 'POST', headers: { ...headers, 'if-match': etag! }, body: '{}' });
    expect(waitlisted.status).toBe(200);
    expect(waitlisted.headers.get('etag')).toMatch(/^"\d+"$/);
    expect(waitlisted.headers.get('etag')).not.toBe(etag);
    for (const answer of [created, replayed, read, stale, waitlisted]) expect(answer.text).not.toMatch(JWT);
  });

  it('refuses a returnTo on another origin', async () => {
    for (const returnTo of ['https://evil.example/today', '//evil.example/today', '/\\evil.example', 'javascript:alert(1)', '/auth/logout']) {
      const res = await browser.request(`${consoleUrl}/auth/login?returnTo=${encodeURIComponent(returnTo)}`, { headers: { accept: 'application/json' } });
      expect([returnTo, res.status]).toEqual([returnTo, 400]);
      expect(JSON.parse(res.text).type).toMatch(/\/invalid-return-to$/);
    }
  });

  it('accepts `npm run token` tokens at the service as well as the provider\'s', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', 'tools/token.ts', '--tenant', 'demo-clinic', '--roles', 'intake'], {
      cwd: ROOT, env: { ...process.env, AUTH_ISSUER: issuer },
    });
    const token = stdout.trim().split('\n').pop()!;
    const res = await fetch(`${admissionsUrl}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ tenantId: 'demo-clinic', roles: ['intake'] });
  });

  it('refreshes the access token when it has expired', async () => {
    const wait = signedInAt + (ACCESS_TOKEN_TTL_S + 1) * 1000 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const me = await browser.request(`${consoleUrl}/api/admissions/v1/me`, { headers: { accept: 'application/json' } });
    expect(me.status).toBe(200);
    expect(JSON.parse(me.text)).toMatchObject({ subject: 'demo-clinician', tenantId: 'demo-clinic' });
  }, 30_000);

  it('signs out of the console and then of the provider', async () => {
    const noToken = await browser.request(`${consoleUrl}/auth/logout`, { method: 'POST', headers: { accept: 'application/json' } });
    expect(noToken.status).toBe(403);

    const logout = await browser.request(`${consoleUrl}/auth/logout`, { method: 'POST', headers: { accept: 'application/json', 'x-csrf-token': csrfToken, origin: consoleUrl } });
    expect(logout.status).toBe(200);
    const logoutUrl = new URL(JSON.parse(logout.text).logoutUrl as string);
    expect(logoutUrl.origin).toBe(issuer);
    expect(logoutUrl.searchParams.get('post_logout_redirect_uri')).toBe(`${consoleUrl}/`);

    const session = await browser.request(`${consoleUrl}/auth/session`, { headers: { accept: 'application/json' } });
    expect(session.status).toBe(401);
    expect(JSON.parse(session.text).type).toMatch(/\/session-expired$/);
    const api = await browser.request(`${consoleUrl}/api/admissions/v1/me`, { headers: { accept: 'application/json' } });
    expect(api.status).toBe(401);
    expect(api.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(JSON.parse(api.text).type).toMatch(/\/session-expired$/);

    // The provider asks to confirm (its form carries its own CSRF field), then sends the browser back to the console.
    const confirm = await browser.follow(logoutUrl);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toMatch(/Yes, sign me out/);
    const action = new URL(/<form[^>]*action="([^"]+)"/.exec(confirm.text)![1], confirm.url);
    const fields = new URLSearchParams({ ...formFields(confirm.text), logout: 'yes' });
    const back = await browser.request(action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString() });
    expect([302, 303]).toContain(back.status);
    expect(back.headers.get('location')).toBe(`${consoleUrl}/`);

    // Signed out there too: a new sign-in asks for the password again.
    const again = await browser.follow(`${consoleUrl}/auth/login?returnTo=%2Ftoday`);
    expect(again.url.pathname).toMatch(/^\/interaction\//);
    expect(again.text).toMatch(/<input[^>]*type="password"/);
  });

  it('never puts a token in a console answer nor in a cookie scripts can read', () => {
    expect(browser.consoleBodies.length).toBeGreaterThan(10);
    for (const body of browser.consoleBodies) expect(body).not.toMatch(JWT);
    const consoleCookies = browser.setCookies.filter((c) => c.origin === consoleUrl);
    expect(consoleCookies.length).toBeGreaterThan(0);
    for (const { raw } of consoleCookies) {
      expect(raw).toMatch(/; HttpOnly/i);
      expect(raw).not.toMatch(JWT);
    }
  });
});
