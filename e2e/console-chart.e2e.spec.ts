/**
 * The patient's chart in real Chromium against the real stack (issue 21): the demo clinic seeded through the services'
 * own commands, a clinician finds a patient in treatment from the header's search, opens the chart and reads this
 * week's attended hours (the same figure scheduling answers), a PHQ-9 trend of at least two points and the treatment
 * plan; the access log shows to an administrator only. Axe-core on each screen; the console's first load stays under
 * 300 kB of gzipped JavaScript (each screen is its own chunk).
 */
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { tokenFor } from '../libs/testing/src';
import { seedDemoClinic } from '../tools/seed/seed-demo';
import { api, expectStatus } from './api';
import { launchChromium } from './browser';
import { CONSOLE_TENANT, ConsoleStack } from './console-stack';

jest.setTimeout(300_000);

const DIST_WEB = join(__dirname, '..', 'dist', 'apps', 'console', 'web');
const SCREENSHOTS = join(__dirname, '..', 'docs', 'screenshots');

/** The README's screenshots, refreshed with `IOP_SCREENSHOTS=1 npx jest -c jest.int.config.js e2e/console-chart` (not on every run). */
async function screenshot(page: Page, name: string): Promise<void> {
  if (!process.env.IOP_SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function expectAccessible(page: Page, what: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect({ what, violations: bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`) }).toEqual({ what, violations: [] });
}

async function signIn(context: BrowserContext, consoleUrl: string, issuer: string, path: string, user: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${consoleUrl}${path}`);
  await page.waitForURL((url) => url.origin === issuer);
  await page.getByLabel('User').fill(user);
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.origin === consoleUrl && url.pathname === path);
  return page;
}

type Patient = { patientId: string; firstName: string; lastName: string; dateOfBirth: string };

describe('the patient chart in Chromium', () => {
  const stack = new ConsoleStack('console-chart');
  let browser: Browser;
  const t: Record<string, string> = {};
  const s = (name: Parameters<ConsoleStack['cluster']['url']>[0]) => stack.cluster.url(name);
  let patient: Patient;
  let episodeId: string;
  let hoursThisWeek: number;
  let firstProblem: string;

  beforeAll(async () => {
    await stack.start();
    browser = await launchChromium();
    for (const role of ['admin', 'clinician'] as const) t[role] = await tokenFor(CONSOLE_TENANT, [role], `demo-${role}`);
    await seedDemoClinic(s, CONSOLE_TENANT);
    // A patient in treatment with a plan and at least two PHQ-9s (the seed gives two in three of them both).
    const episodes = await api(s('admissions'), 'GET', '/v1/episodes?status=active&limit=200', t.clinician);
    expectStatus(episodes, 200);
    for (const e of episodes.body.items as { episodeId: string; patientId: string }[]) {
      const measures = await api(s('outcomes'), 'GET', `/v1/episodes/${e.episodeId}/measures?limit=200`, t.clinician);
      const plan = await api(s('clinical-notes'), 'GET', `/v1/episodes/${e.episodeId}/treatment-plan`, t.clinician);
      const phq9 = measures.status === 200 ? (measures.body.items as { instrument: string }[]).filter((m) => m.instrument === 'PHQ-9').length : 0;
      if (phq9 < 2 || plan.status !== 200) continue;
      const p = await api(s('admissions'), 'GET', `/v1/patients/${e.patientId}`, t.clinician);
      expectStatus(p, 200);
      patient = p.body;
      episodeId = e.episodeId;
      firstProblem = plan.body.problems[0].description;
      break;
    }
    expect(episodeId).toBeDefined();
    const weeks = await api(s('scheduling'), 'GET', `/v1/enrollments/${episodeId}/weeks`, t.clinician);
    expectStatus(weeks, 200);
    hoursThisWeek = weeks.body.items.at(-1).hoursAttended;
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await stack.stop();
  });

  it('keeps the first load of the console under 300 kB of gzipped JavaScript', async () => {
    const context = await browser.newContext();
    const page = await signIn(context, stack.consoleUrl, stack.issuer, '/today', 'clinician@demo-clinic');
    // The scripts of one plain load of /today (signed in), each as the build wrote it, gzipped.
    const scripts = new Set<string>();
    page.on('response', (res) => {
      const url = new URL(res.url());
      if (url.origin === stack.consoleUrl && url.pathname.endsWith('.js')) scripts.add(url.pathname);
    });
    await page.reload();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    const gzipped = [...scripts].reduce((n, path) => n + gzipSync(readFileSync(join(DIST_WEB, path))).length, 0);
    expect(scripts.size).toBeGreaterThan(0);
    expect(gzipped).toBeLessThan(300 * 1024);
    await context.close();
  });

  it('finds the patient from the header\'s search and opens the chart: hours this week, a PHQ-9 trend and the plan', async () => {
    const context = await browser.newContext();
    const page = await signIn(context, stack.consoleUrl, stack.issuer, '/today', 'clinician@demo-clinic');
    const search = page.getByRole('search', { name: 'Find a patient' });
    await search.getByLabel('Patient surname').fill(patient.lastName);
    await search.getByLabel('Patient birth date').fill(patient.dateOfBirth);
    await search.getByRole('button', { name: 'Find patient' }).click();
    await page.waitForURL((url) => url.pathname === '/patients');
    const result = page.getByRole('link', { name: `${patient.firstName} ${patient.lastName}` });
    await result.waitFor();
    await expectAccessible(page, 'Search results');
    await result.click();
    await page.waitForURL((url) => url.pathname === `/patients/${patient.patientId}`);

    await page.getByRole('heading', { level: 1, name: `${patient.firstName} ${patient.lastName}` }).waitFor();
    // The header keeps the patient in context: name and date of birth.
    await page.getByRole('region', { name: 'Patient in context' }).getByText(`${patient.firstName} ${patient.lastName}`).waitFor();
    // The episode's facts are a description list: each value is the <dd> after its term.
    const fact = (term: string) => page.locator(`dt:text-is("${term}") + dd`);
    const hours = fact('Hours this week');
    await hours.getByText(/h attended of/).waitFor();
    expect(await hours.innerText()).toContain(`${hoursThisWeek} h attended of`);
    expect(await fact('Program week').innerText()).toMatch(/^Week \d+ of \d+$/);

    const phq9 = page.getByRole('img', { name: /^PHQ-9 trend/ });
    await phq9.waitFor();
    expect(await phq9.locator('circle.trend-point').count()).toBeGreaterThanOrEqual(2);
    // The same numbers as a table, for anyone who does not read the drawing.
    await page.getByText('PHQ-9 scores as a table').click();
    const rows = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Band' }) }).first().getByRole('row');
    expect(await rows.count()).toBeGreaterThanOrEqual(3);

    const plan = page.getByRole('region', { name: 'Treatment plan' });
    await plan.getByText(`Problem: ${firstProblem}`).waitFor();
    await page.getByRole('region', { name: 'Notes' }).getByRole('button').first().waitFor();
    // Only an administrator or compliance officer reads who read the record.
    expect(await page.getByRole('region', { name: 'Access log' }).count()).toBe(0);
    await expectAccessible(page, 'Patient chart');
    await screenshot(page, 'console-chart');
    await context.close();
  });

  it('opens a note with its hash-chain verification', async () => {
    const context = await browser.newContext();
    const page = await signIn(context, stack.consoleUrl, stack.issuer, `/patients/${patient.patientId}`, 'clinician@demo-clinic');
    const notes = page.getByRole('region', { name: 'Notes' });
    const signed = notes.getByRole('listitem').filter({ hasText: /Signed|Co-signed/ }).first();
    await signed.getByRole('button').first().click();
    await notes.getByText(/Hash chain verified/).waitFor();
    await context.close();
  });

  it('signs a note its author left unsigned, which then verifies', async () => {
    const draft = await api(s('clinical-notes'), 'POST', '/v1/notes', t.clinician, {
      episodeId, type: 'case-management', body: 'Synthetic note: arranged transport to the evening group.',
    });
    expectStatus(draft, 201);
    const context = await browser.newContext();
    const page = await signIn(context, stack.consoleUrl, stack.issuer, `/patients/${patient.patientId}`, 'clinician@demo-clinic');
    const notes = page.getByRole('region', { name: 'Notes' });
    const item = notes.getByRole('listitem').filter({ hasText: 'Unsigned draft' }).filter({ hasText: /Case management note/ }).first();
    await item.getByRole('button', { name: /Case management note/ }).click();
    // The opened note stays open while the list behind it refreshes to the signed status.
    const opened = notes.getByRole('article', { name: /Case management note/ });
    await opened.getByText('Synthetic note: arranged transport').waitFor();
    await opened.getByRole('button', { name: 'Sign this note' }).click();
    await opened.getByText(/Hash chain verified/).waitFor();
    expect((await api(s('clinical-notes'), 'GET', `/v1/notes/${draft.body.noteId}`, t.clinician)).body.status).not.toBe('draft');
    await context.close();
  });

  it('shows the access log to an administrator', async () => {
    const context = await browser.newContext();
    const page = await signIn(context, stack.consoleUrl, stack.issuer, `/patients/${patient.patientId}`, 'admin@demo-clinic');
    const log = page.getByRole('region', { name: 'Access log' });
    await log.getByRole('cell', { name: /demo-clinician/ }).first().waitFor();
    await expectAccessible(page, 'Patient chart (admin)');
    await context.close();
  });
});
