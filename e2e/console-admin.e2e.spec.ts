/**
 * Administration in real Chromium against the real stack (issue 21, screen 4): the services (webhooks among them), the
 * local OpenID Connect provider and the console's backend-for-frontend as processes, and an integrator's endpoint on
 * loopback that verifies every delivery's signature (Standard Webhooks) and answers 200 only to a valid one. The admin
 * creates a webhook subscription to it in the integrations portal (the secret is shown once, and the receiver is
 * given it), then changes a location's session blocks, which publishes LocationConfigured; the integrator signs in,
 * sees that delivery in the subscription's log with its attempt answered 200, and reaches no other part of
 * administration (the navigation does not offer it and the API refuses it). The medical director divides the evening
 * block into the week's sessions (the curriculum). The dead letters of every service show to the admin. Axe-core on each
 * page; screenshots on request.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { tokenFor } from '../libs/testing/src';
import { api, eventually, expectStatus } from './api';
import { launchChromium } from './browser';
import { CONSOLE_TENANT, ConsoleStack } from './console-stack';
import { expectAccessible, screenshot } from './console-page';

jest.setTimeout(300_000);

const LOCATION = 'Riverside Annex';
const LOCATION_CONFIGURED = 'iop.scheduling.LocationConfigured.v1';

/**
 * The integrator's endpoint: each request is verified on arrival with the subscription's secret (once the test knows
 * it) by the reference Standard Webhooks library; a valid one is answered 200 and kept, any other 401 (and one before
 * the secret is known, 401 without being counted as rejected).
 */
class VerifyingReceiver {
  secret?: string;
  readonly verified: { type: string; webhookId: string }[] = [];
  readonly rejected: string[] = [];
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const ok = this.verify(body, req.headers);
        res.writeHead(ok ? 200 : 401, { 'content-type': 'text/plain' }).end(ok ? 'verified' : 'bad signature');
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  private verify(body: string, headers: IncomingHttpHeaders): boolean {
    const id = String(headers['webhook-id']);
    // A delivery may come in before the test has read the secret off the page: refused, and retried by the service.
    if (!this.secret) return false;
    try {
      const payload = new Webhook(this.secret).verify(body, headers as Record<string, string>) as { type: string };
      this.verified.push({ type: payload.type, webhookId: id });
      return true;
    } catch {
      this.rejected.push(id);
      return false;
    }
  }

  close(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

describe('administration and the integrator portal in Chromium', () => {
  const stack = new ConsoleStack('console-admin');
  const receiver = new VerifyingReceiver();
  let browser: Browser;
  const t: Record<string, string> = {};
  let locationId: string;
  let subscriptionId: string;
  const s = (name: Parameters<ConsoleStack['cluster']['url']>[0]) => stack.cluster.url(name);

  beforeAll(async () => {
    await receiver.start();
    await stack.start();
    browser = await launchChromium();
    for (const role of ['admin', 'integrator'] as const) t[role] = await tokenFor(CONSOLE_TENANT, [role], `demo-${role}`);
    const loc = await api(s('scheduling'), 'POST', '/v1/locations', t.admin, {
      name: LOCATION, timezone: 'America/New_York', blocks: [{ track: 'evening', days: ['MON', 'TUE', 'WED', 'THU'], start: '18:00', end: '21:00' }],
    });
    expectStatus(loc, 201);
    locationId = loc.body.locationId;
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await stack.stop();
    await receiver.close();
  });

  it('the admin creates a webhook subscription to the integrator\'s endpoint and is shown its secret once', async () => {
    const context = await browser.newContext();
    const page = await stack.signIn(context, '/admin/integrations', 'admin@demo-clinic');
    await page.getByRole('heading', { level: 1, name: 'Integrations' }).waitFor();
    await page.getByText('No subscriptions yet.').waitFor();
    await expectAccessible(page, 'Integrations, empty');

    await page.getByRole('button', { name: 'New subscription' }).click();
    // A missing endpoint is said at its field, before anything is sent.
    await page.getByRole('button', { name: 'Create subscription' }).click();
    await eventually(async () => (await page.getByLabel('Endpoint URL').getAttribute('aria-invalid')) === 'true' || undefined, 5_000, 'the endpoint field marked invalid');

    await page.getByLabel('Endpoint URL').fill(receiver.url);
    await page.getByLabel('Description', { exact: true }).fill('Billing system');
    await page.getByRole('checkbox', { name: 'Scheduling (iop.scheduling.*)' }).focus();
    await page.keyboard.press('Space');
    await page.getByLabel('Part 2 recipient').fill('payer:acme-health');
    await page.getByLabel('Purpose').fill('payment');
    await page.getByRole('button', { name: 'Create subscription' }).click();

    const secretNotice = page.getByRole('status').filter({ hasText: 'Signing secret' });
    const secret = (await secretNotice.locator('code').innerText()).trim();
    expect(secret).toMatch(/^whsec_/);
    receiver.secret = secret;
    await page.waitForURL((url) => url.searchParams.has('subscription'));
    subscriptionId = new URL(page.url()).searchParams.get('subscription')!;

    const detail = page.getByRole('region', { name: 'Subscription: Billing system' });
    await detail.waitFor();
    const fact = (term: string) => detail.locator(`dt:text-is("${term}") + dd`);
    expect(await fact('Part 2 recipient').innerText()).toContain('payer:acme-health for payment');
    expect(await fact('Events').innerText()).toBe('iop.scheduling.*');
    await expectAccessible(page, 'Integrations, a new subscription with its secret');
    await page.getByRole('button', { name: 'I have stored the secret' }).click();
    expect(await secretNotice.count()).toBe(0);
    // The secret is never read back.
    const read = await api(s('webhooks'), 'GET', `/v1/subscriptions/${subscriptionId}`, t.admin);
    expectStatus(read, 200);
    expect(JSON.stringify(read.body)).not.toContain(secret);
    await context.close();
  });

  it('the admin adds a morning block to a location (scheduling publishes LocationConfigured)', async () => {
    const context = await browser.newContext();
    const page = await stack.signIn(context, '/admin', 'admin@demo-clinic');
    const location = page.getByRole('region', { name: LOCATION, exact: true });
    await location.waitFor();
    const blocks = location.getByRole('region', { name: 'Session blocks' });
    await blocks.getByRole('group', { name: 'Block 1' }).waitFor();
    // The settings of every service are there, as they stand.
    await page.getByRole('region', { name: 'Documentation rules and co-signatures (clinical notes)' }).getByLabel('Treatment plan due within (days of admission)').waitFor();
    await page.getByRole('region', { name: 'Your access' }).getByText('admin', { exact: true }).waitFor();
    await expectAccessible(page, 'Administration');

    await blocks.getByRole('button', { name: 'Add a morning block' }).click();
    const morning = blocks.getByRole('group', { name: 'Block 2' });
    await morning.getByLabel('Start').fill('08:30');
    await morning.getByLabel('End').fill('11:30');
    await blocks.getByRole('button', { name: 'Save blocks' }).click();
    await blocks.getByRole('status').getByText('Blocks saved.').waitFor();

    const saved = await api(s('scheduling'), 'GET', `/v1/locations/${locationId}`, t.admin);
    expectStatus(saved, 200);
    expect(saved.body.blocks).toEqual([
      { track: 'evening', days: ['MON', 'TUE', 'WED', 'THU'], start: '18:00', end: '21:00' },
      { track: 'morning', days: ['MON', 'TUE', 'WED', 'THU'], start: '08:30', end: '11:30' },
    ]);
    await screenshot(page, 'admin');
    await context.close();
  });

  it('the integrator sees the signed delivery in the subscription\'s log, answered 200 by the endpoint that verified it', async () => {
    // The endpoint verified the delivery of the change (and answered 200 to it) before the log is read.
    await eventually(async () => receiver.verified.find((v) => v.type === LOCATION_CONFIGURED), 60_000, 'a verified LocationConfigured delivery');
    expect(receiver.rejected).toEqual([]);

    const context = await browser.newContext();
    const page = await stack.signIn(context, '/admin/integrations', 'integrator@demo-clinic');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Integrations' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Administration' }).count()).toBe(0);
    // Read-only: the integrator is offered no change.
    expect(await page.getByRole('button', { name: 'New subscription' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Billing system' }).click();
    const detail = page.getByRole('region', { name: 'Subscription: Billing system' });
    await detail.waitFor();
    expect(await detail.getByRole('group', { name: 'Subscription actions' }).count()).toBe(0);

    const log = detail.getByRole('region', { name: 'Delivery log' });
    const row = log.getByRole('row').filter({ hasText: LOCATION_CONFIGURED }).filter({ hasText: 'delivered' }).first();
    await eventually(async () => {
      if (await row.count()) return true;
      await log.getByRole('button', { name: 'Refresh' }).click();
      return undefined;
    }, 30_000, 'the delivered message in the log');
    expect(await row.getByRole('cell').nth(2).innerText()).toBe('200');
    await row.getByRole('button', { name: /^Attempts of/ }).click();
    const attempts = log.getByRole('table', { name: /^Attempts of/ });
    await attempts.waitFor();
    const first = attempts.getByRole('row').nth(1);
    expect(await first.getByRole('cell').nth(3).innerText()).toBe('200');
    expect(await first.getByRole('cell').nth(4).innerText()).toMatch(/^\d+ ms$/);
    expect(await first.getByRole('cell').nth(5).innerText()).toBe('verified');
    await expectAccessible(page, 'Integrator portal with the delivery log');
    await screenshot(page, 'integrator-portal');

    // The rest of administration is not theirs: the screens say so and the API refuses them, through the console too.
    await page.goto(`${stack.consoleUrl}/admin`);
    await page.getByText('Administration is for the clinic\'s admin.').waitFor();
    expect(await page.getByRole('region', { name: 'Program settings' }).count()).toBe(0);
    await page.goto(`${stack.consoleUrl}/admin/dead-letters`);
    await page.getByText('Dead letters are for the clinic\'s admin').waitFor();
    const statuses = await page.evaluate(async (id) => {
      const { csrfToken } = (await (await fetch('/auth/session')).json()) as { csrfToken: string };
      const put = (path: string, body: unknown) => fetch(path, { method: 'PUT', headers: { 'content-type': 'application/json', 'X-CSRF-Token': csrfToken }, body: JSON.stringify(body) });
      return [
        (await fetch('/api/scheduling/v1/program-settings')).status,
        (await fetch('/api/webhooks/v1/admin/dead-letters')).status,
        (await fetch('/api/clinical-notes/v1/documentation-settings')).status,
        (await put(`/api/scheduling/v1/locations/${id}/blocks`, { blocks: [] })).status,
        (await fetch('/api/webhooks/v1/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json', 'X-CSRF-Token': csrfToken }, body: '{}' })).status,
      ];
    }, locationId);
    expect(statuses).toEqual([403, 403, 403, 403, 403]);
    await context.close();
  });

  it('the medical director divides a location\'s evening block into the week\'s sessions (the curriculum), and nothing else', async () => {
    const context = await browser.newContext();
    const page = await stack.signIn(context, '/admin', 'medical-director@demo-clinic');
    const location = page.getByRole('region', { name: LOCATION, exact: true });
    const curriculum = location.getByRole('region', { name: 'Weekly curriculum' });
    await curriculum.waitFor();
    // The blocks are shown, not offered for change; neither the on-call roster nor the settings are theirs.
    expect(await location.getByRole('button', { name: 'Save blocks' }).count()).toBe(0);
    expect(await location.getByRole('region', { name: 'On call' }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Program settings' }).count()).toBe(0);
    await curriculum.getByRole('button', { name: 'Start from the blocks' }).click();
    await curriculum.getByRole('group', { name: 'Session 4' }).waitFor();
    await curriculum.getByRole('button', { name: 'Save curriculum' }).click();
    await curriculum.getByRole('status').getByText(/^Curriculum saved from/).waitFor();
    await expectAccessible(page, 'Administration for the medical director');

    const saved = await api(s('scheduling'), 'GET', `/v1/locations/${locationId}`, t.admin);
    expectStatus(saved, 200);
    expect(saved.body.curricula).toHaveLength(1);
    expect(saved.body.curricula[0]).toMatchObject({ track: 'evening' });
    expect(saved.body.curricula[0].sessions.map((x: { day: string; start: string; end: string }) => `${x.day} ${x.start}-${x.end}`))
      .toEqual(['MON 18:00-21:00', 'TUE 18:00-21:00', 'WED 18:00-21:00', 'THU 18:00-21:00']);
    await context.close();
  });

  it('the admin reads every service\'s dead letters, the FHIR facade\'s included (through /api/fhir/v1)', async () => {
    const context = await browser.newContext();
    const page = await stack.signIn(context, '/admin/dead-letters', 'admin@demo-clinic');
    const fhirAnswers: number[] = [];
    page.on('response', (res) => {
      if (new URL(res.url()).pathname === '/api/fhir/v1/admin/dead-letters') fhirAnswers.push(res.status());
    });
    for (const service of ['Admissions', 'Scheduling', 'Clinical notes', 'Outcomes', 'Webhooks', 'FHIR facade']) {
      await page.getByRole('region', { name: new RegExp(`^${service}`) }).getByText('None parked.').waitFor();
    }
    expect(fhirAnswers).toContain(200);
    await expectAccessible(page, 'Dead letters');
    await screenshot(page, 'dead-letters');
    await context.close();
  });

  it('offers the platform operator no dead letters, as the services refuse them', async () => {
    const operator = await tokenFor(CONSOLE_TENANT, ['operator'], 'demo-operator');
    for (const service of ['admissions', 'fhir'] as const) expectStatus(await api(s(service), 'GET', '/v1/admin/dead-letters', operator), 403);
    const context = await browser.newContext();
    const page = await stack.signIn(context, '/admin/dead-letters', 'operator@demo-clinic');
    await page.getByText('Dead letters are for the clinic\'s admin; your roles do not include it.').waitFor();
    expect(await page.getByRole('region', { name: /^Admissions/ }).count()).toBe(0);
    await expectAccessible(page, 'Dead letters, operator');
    await context.close();
  });
});
