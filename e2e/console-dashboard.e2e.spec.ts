/**
 * The program dashboard in real Chromium against the real stack (issue 21, screen 3): the demo clinic seeded through
 * the services' own commands; the clinic's admin opens /dashboard and reads the same abstinence at first follow-up that
 * GET /v1/metrics/program answers for the same period, and its alumni attendance, downloads the same figures as CSV,
 * and narrows to a location; an analyst sees this small clinic's small cells as "suppressed", never a number. Axe-core
 * on each view.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { tokenFor } from '../libs/testing/src';
import { seedDemoClinic } from '../tools/seed/seed-demo';
import { api, expectStatus } from './api';
import { launchChromium } from './browser';
import { CONSOLE_TENANT, ConsoleStack } from './console-stack';
import { expectAccessible, screenshot } from './console-page';

jest.setTimeout(300_000);


type Rate = { rate: number | null; numerator: number | null; denominator: number | null; suppressed?: true };

/** The period the page shows (its From and To fields), for the API call that must answer the same. */
async function periodOf(page: Page): Promise<{ from: string; to: string }> {
  const form = page.getByRole('form', { name: 'Period and location' });
  return { from: await form.getByLabel('From', { exact: true }).inputValue(), to: await form.getByLabel('To', { exact: true }).inputValue() };
}

const abstinence = (page: Page) => page.locator('[data-figure="abstinence"]');

describe('the program dashboard in Chromium', () => {
  const stack = new ConsoleStack('console-dashboard');
  let browser: Browser;
  const t: Record<string, string> = {};
  const s = (name: Parameters<ConsoleStack['cluster']['url']>[0]) => stack.cluster.url(name);

  beforeAll(async () => {
    await stack.start();
    browser = await launchChromium();
    for (const role of ['admin', 'analyst'] as const) t[role] = await tokenFor(CONSOLE_TENANT, [role], `demo-${role}`);
    await seedDemoClinic(s, CONSOLE_TENANT);
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await stack.stop();
  });

  it('shows the admin the abstinence at first follow-up the API answers, with its denominator, and the same figures as CSV', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await stack.signIn(context, '/dashboard', 'admin@demo-clinic');
    await abstinence(page).waitFor();
    const { from, to } = await periodOf(page);
    const res = await api(s('outcomes'), 'GET', `/v1/metrics/program?from=${from}&to=${to}`, t.admin);
    expectStatus(res, 200);
    const rate = res.body.abstinenceAtFirstFollowUp as Rate;
    // The demo clinic's past patients had their contacts: a figure, not an empty one.
    expect(rate.denominator).toBeGreaterThan(0);
    await expect(abstinence(page).textContent()).resolves.toBe(`${Math.round(rate.rate! * 100)}%`);
    const figure = page.getByRole('figure', { name: /Abstinence at first follow-up/ });
    await expect(figure.textContent()).resolves.toContain(`${rate.numerator} of ${rate.denominator} with a completed follow-up`);
    await expect(figure.getByRole('img').getAttribute('aria-labelledby')).resolves.toBeTruthy();
    // The census and the discharges are drawn with their numbers.
    await expect(page.getByRole('figure', { name: /Discharges by reason/ }).textContent()).resolves.toContain(`${res.body.dischargesByReason.total} discharged`);
    await expect(page.locator('.dash-tile', { hasText: 'Census on' }).locator('.dash-tile-value').textContent()).resolves.toBe(String(res.body.census.total));
    // Alumni attendance: the demo's past alumni came to their alumni sessions, and the page shows the API's figures.
    const { alumniActive, alumniSessionsAttended, alumniAttendingWeekly: weekly } = res.body as { alumniActive: { count: number }; alumniSessionsAttended: { count: number }; alumniAttendingWeekly: Rate };
    expect(alumniActive.count).toBeGreaterThan(0);
    const alumni = page.getByRole('figure', { name: /Alumni attendance/ });
    await expect(alumni.locator('[data-figure="alumni-active"]').textContent()).resolves.toBe(String(alumniActive.count));
    await expect(alumni.locator('[data-figure="alumni-sessions"]').textContent()).resolves.toBe(String(alumniSessionsAttended.count));
    await expect(alumni.locator('[data-figure="alumni-weekly"]').textContent()).resolves.toBe(`${Math.round(weekly.rate! * 100)}%`);
    await expect(alumni.textContent()).resolves.toContain(`came weekly (${weekly.numerator} of ${weekly.denominator})`);
    await expectAccessible(page, 'Dashboard (admin)');
    await screenshot(page, 'console-dashboard');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(`program-metrics-${from}-${to}.csv`);
    const rows = readFileSync((await download.path())!, 'utf8').trim().split('\r\n').map((r) => r.split(','));
    const header = rows[0];
    const row = rows.find((r) => r[0] === 'abstinenceAtFirstFollowUp')!;
    const col = (name: string) => row[header.indexOf(name)];
    expect([col('rate'), col('numerator'), col('denominator')]).toEqual([String(rate.rate), String(rate.numerator), String(rate.denominator)]);
    const alumniRow = rows.find((r) => r[0] === 'alumniSessionsAttended')!;
    expect([alumniRow[header.indexOf('count')], alumniRow[header.indexOf('patients')]]).toEqual([String(alumniSessionsAttended.count), String(alumniActive.count)]);
    await context.close();
  });

  it('narrows to one location: the page asks the API for it and shows its census', async () => {
    const context = await browser.newContext();
    const page = await stack.signIn(context, '/dashboard', 'admin@demo-clinic');
    await abstinence(page).waitFor();
    const locations = await api(s('scheduling'), 'GET', '/v1/locations', t.admin);
    expectStatus(locations, 200);
    const location = (locations.body.items as { locationId: string; name: string }[]).find((l) => l.name.startsWith('Midtown'))!;
    await page.getByRole('button', { name: /Location/ }).click();
    await page.getByRole('option', { name: location.name }).click();
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL((url) => url.searchParams.get('locationId') === location.locationId);
    const { from, to } = await periodOf(page);
    const res = await api(s('outcomes'), 'GET', `/v1/metrics/program?from=${from}&to=${to}&locationId=${location.locationId}`, t.admin);
    expectStatus(res, 200);
    const census = page.getByRole('figure', { name: /Census by location and track/ });
    await census.getByText(`${res.body.census.total} enrolled`).waitFor();
    for (const cell of res.body.census.cells as { track: string; count: number }[]) {
      // The table under the drawing (closed: read, not shown).
      const row = census.locator('tr', { hasText: `${location.name}, ${cell.track === 'evening' ? 'Evening' : 'Morning'}` });
      await expect(row.locator('td').textContent()).resolves.toBe(String(cell.count));
    }
    await context.close();
  });

  it('shows an analyst this small clinic\'s small cells as "suppressed", never a number', async () => {
    const context = await browser.newContext();
    const page = await stack.signIn(context, '/dashboard', 'analyst@demo-clinic');
    await abstinence(page).waitFor();
    const { from, to } = await periodOf(page);
    const res = await api(s('outcomes'), 'GET', `/v1/metrics/program?from=${from}&to=${to}`, t.analyst);
    expectStatus(res, 200);
    expect(res.body.abstinenceAtFirstFollowUp).toEqual({ rate: null, numerator: null, denominator: null, suppressed: true });
    await expect(abstinence(page).textContent()).resolves.toBe('suppressed');
    // The demo's few alumni are a small cell too.
    expect(res.body.alumniActive).toEqual({ count: null, suppressed: true });
    await expect(page.locator('[data-figure="alumni-active"]').textContent()).resolves.toBe('suppressed');
    const figure = page.getByRole('figure', { name: /Abstinence at first follow-up/ });
    await expect(figure.locator('figcaption').textContent()).resolves.not.toMatch(/\d+ of \d+/);
    await page.getByRole('note').getByText(/shown as "suppressed"/).waitFor();
    // The analyst may not read locations: the page does not ask, and labels them by a short id.
    await expect(page.getByRole('link', { name: 'Dashboard' }).isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'Dashboard (analyst)');
    await screenshot(page, 'console-dashboard-analyst');
    await context.close();
  });

  it('keeps the dashboard from roles without program oversight: no link, and the API refuses', async () => {
    const context = await browser.newContext();
    const page = await stack.signIn(context, '/dashboard', 'clinician@demo-clinic');
    await expect(page.getByRole('link', { name: 'Dashboard' }).count()).resolves.toBe(0);
    await page.getByText('Your roles do not allow this.').waitFor();
    await context.close();
  });
});
