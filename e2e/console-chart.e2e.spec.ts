/**
 * The patient's chart in real Chromium against the real stack (issue 21): the demo clinic seeded through the services'
 * own commands, a clinician finds a patient in treatment from the header's search, opens the chart and reads this
 * week's attended hours (the same figure scheduling answers), a PHQ-9 trend of at least two points and the treatment
 * plan; the access log shows to an administrator only. Then the chart's actions: a clinician writes, edits, signs and
 * amends a note (its hash chain verifies), revises the treatment plan, signs it, records the patient's acknowledgment,
 * a review and a goal's progress, drafts another episode's first plan through a 409 and its reload, and records a drug
 * screen and a PHQ-9 that the trend then draws; a supervisor co-signs a nurse's note where the clinic requires it,
 * grants a Part 2 consent, sees a disclosure under it in the accounting, and revokes one category of it; a nurse and a
 * supervisor see only the actions their roles may take; a clinician runs a continued-stay review and reads the rules
 * that fired with their evidence, records a reassessment, and records a discharged patient's follow-up result. Axe-core
 * on each screen, and on the chart with each form open;
 * the console's first load stays under 300 kB of gzipped JavaScript (each screen is its own chunk).
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { tokenFor } from '../libs/testing/src';
import { seedDemoClinic } from '../tools/seed/seed-demo';
import { api, eventually, expectStatus } from './api';
import { launchChromium } from './browser';
import { CONSOLE_TENANT, ConsoleStack } from './console-stack';
import { choose, expectAccessible, press, screenshot } from './console-page';
import { countRows } from './db';
import { startReceiver, type Receiver } from './receiver';

jest.setTimeout(300_000);

const DIST_WEB = join(__dirname, '..', 'dist', 'apps', 'console', 'web');

/** A failed submit says why without moving its button (a second click must not land on something else). */
async function submitFails(button: ReturnType<Page['getByRole']>, said: ReturnType<Page['getByText']>): Promise<void> {
  // Where it is on the page once in view (the click scrolls it there first; the box is the viewport's).
  await button.scrollIntoViewIfNeeded();
  const before = await button.boundingBox();
  await button.click();
  await said.waitFor();
  expect(await button.boundingBox()).toEqual(before);
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
  let receiver: Receiver | undefined;
  let planless: { patientId: string; episodeId: string } | undefined;

  beforeAll(async () => {
    await stack.start();
    browser = await launchChromium();
    for (const role of ['admin', 'clinician', 'supervisor', 'nurse'] as const) t[role] = await tokenFor(CONSOLE_TENANT, [role], `demo-${role}`);
    await seedDemoClinic(s, CONSOLE_TENANT);
    // A patient in treatment with a plan and at least two PHQ-9s (the seed gives two in three of them both).
    const episodes = await api(s('admissions'), 'GET', '/v1/episodes?status=active&limit=200', t.clinician);
    expectStatus(episodes, 200);
    // And one whose episode has no plan yet (the seed leaves one in three so).
    for (const e of episodes.body.items as { episodeId: string; patientId: string }[]) {
      if (episodeId && planless) break;
      const plan = await api(s('clinical-notes'), 'GET', `/v1/episodes/${e.episodeId}/treatment-plan`, t.clinician);
      if (plan.status === 404) planless ??= e;
      if (episodeId) continue;
      const measures = await api(s('outcomes'), 'GET', `/v1/episodes/${e.episodeId}/measures?limit=200`, t.clinician);
      const phq9 = measures.status === 200 ? (measures.body.items as { instrument: string }[]).filter((m) => m.instrument === 'PHQ-9').length : 0;
      if (phq9 < 2 || plan.status !== 200) continue;
      const p = await api(s('admissions'), 'GET', `/v1/patients/${e.patientId}`, t.clinician);
      expectStatus(p, 200);
      patient = p.body;
      episodeId = e.episodeId;
      firstProblem = plan.body.problems[0].description;
    }
    expect(episodeId).toBeDefined();
    expect(planless).toBeDefined();
    const weeks = await api(s('scheduling'), 'GET', `/v1/enrollments/${episodeId}/weeks`, t.clinician);
    expectStatus(weeks, 200);
    hoursThisWeek = weeks.body.items.at(-1).hoursAttended;
  }, 900_000);

  afterAll(async () => {
    await receiver?.close();
    await browser?.close();
    await stack.stop();
  });

  it('keeps the first load of the console under 300 kB of gzipped JavaScript', async () => {
    const context = await browser.newContext();
    const page = await stack.signIn(context, '/today', 'clinician@demo-clinic');
    // The scripts of one plain load of /today (signed in), each as the build wrote it, gzipped. The cache is off: a
    // script the reload takes from the browser's memory cache raises no response event, and would go uncounted.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
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
    const page = await stack.signIn(context, '/today', 'clinician@demo-clinic');
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

  it('shows the allergies beside the medications', async () => {
    const substance = `Synthetic allergen ${randomUUID().slice(0, 8)}`;
    expectStatus(await api(s('admissions'), 'POST', `/v1/patients/${patient.patientId}/allergies`, t.nurse, { substance, reaction: 'hives', severity: 'moderate' }), 201);
    const context = await browser.newContext();
    const page = await stack.signIn(context, `/patients/${patient.patientId}`, 'clinician@demo-clinic');
    await page.getByRole('region', { name: 'Medications' }).waitFor();
    const allergies = page.getByRole('region', { name: 'Allergies' });
    await allergies.getByText(substance).waitFor();
    expect(await allergies.innerText()).toContain('(hives) moderate');
    await context.close();
  });

  it('opens a note with its hash-chain verification', async () => {
    const context = await browser.newContext();
    const page = await stack.signIn(context, `/patients/${patient.patientId}`, 'clinician@demo-clinic');
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
    const page = await stack.signIn(context, `/patients/${patient.patientId}`, 'clinician@demo-clinic');
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
    const page = await stack.signIn(context, `/patients/${patient.patientId}`, 'admin@demo-clinic');
    const log = page.getByRole('region', { name: 'Access log' });
    await log.getByRole('cell', { name: /demo-clinician/ }).first().waitFor();
    await expectAccessible(page, 'Patient chart (admin)');
    await context.close();
  });

  it('writes a note in the chart, signs it and shows it signed with its hash chain verified', async () => {
    const context = await browser.newContext();
    const page = await stack.signIn(context, `/patients/${patient.patientId}`, 'clinician@demo-clinic');
    const notes = page.getByRole('region', { name: 'Notes' });
    await notes.getByRole('button', { name: 'Write a note' }).click();
    const form = notes.getByRole('region', { name: 'New note' });
    // Saved with nothing typed: the form says what is missing and sends nothing.
    await form.getByRole('button', { name: 'Save as draft' }).click();
    await form.locator('textarea[aria-invalid="true"]').waitFor();
    await choose(page, /Type of note/, 'Individual session');
    // The session it documents: the latest the patient attended.
    await page.getByRole('button', { name: /Session documented/ }).click();
    await page.getByRole('option').nth(1).click();
    const text = `Synthetic individual session ${Date.now()}: reviewed the week's cravings log and the relapse-prevention plan.`;
    await form.getByRole('textbox', { name: 'Note', exact: true }).fill(text);
    await expectAccessible(page, 'Patient chart, new note');
    // From the keyboard: leaving the field clears its error first (a click could land where the button was).
    await form.getByRole('button', { name: 'Save as draft' }).focus();
    await page.keyboard.press('Enter');
    // The new draft opens: its author signs it there.
    const opened = notes.getByRole('article', { name: /Individual session note/ });
    await opened.getByText(text).waitFor();
    await opened.getByRole('button', { name: 'Edit the draft' }).click();
    await opened.getByRole('textbox', { name: 'Note', exact: true }).fill(`${text} Agreed on two evening groups.`);
    await opened.getByRole('button', { name: 'Save the draft' }).click();
    await opened.getByText(`${text} Agreed on two evening groups.`).waitFor();
    await opened.getByRole('button', { name: 'Sign this note' }).click();
    await opened.getByText(/Hash chain verified/).waitFor();
    await opened.getByText(/Signed by demo-clinician/).waitFor();
    // The list says so too, and the signed note takes an amendment (the signed text stays).
    await notes.getByRole('listitem').filter({ has: page.getByRole('article', { name: /Individual session note/ }) }).getByText('Signed', { exact: true }).waitFor();
    await opened.getByRole('button', { name: 'Amend this note' }).click();
    await opened.getByRole('textbox', { name: 'Amendment', exact: true }).fill('Synthetic addendum: the second group is on Thursday.');
    await opened.getByRole('textbox', { name: 'Reason for the amendment' }).fill('Day corrected');
    await opened.getByRole('button', { name: 'Add the amendment' }).click();
    await opened.getByText(/Synthetic addendum: the second group is on Thursday\./).waitFor();
    await opened.getByText(/Hash chain verified/).waitFor();
    // The episode's note list (a read model that may trail the note a moment) has it signed, for the session chosen.
    type Listed = { type: string; author: string; sessionId: string | null; status: string; amendments: number };
    const written = await eventually(async () => {
      const listed = await api(s('clinical-notes'), 'GET', `/v1/episodes/${episodeId}/notes?limit=200`, t.clinician);
      const mine = (listed.body.items as Listed[]).filter((n) => n.type === 'individual-session' && n.author === 'demo-clinician');
      return mine.some((n) => n.amendments > 0) ? mine : undefined;
    }, 30_000, 'the amendment in the episode note list');
    expect(written).toEqual([expect.objectContaining({ status: 'signed', amendments: 1, sessionId: expect.any(String) })]);
    await context.close();
  });

  it('revises the treatment plan, signs the new version and records the patient\'s acknowledgment', async () => {
    const before = (await api(s('clinical-notes'), 'GET', `/v1/episodes/${episodeId}/treatment-plan`, t.clinician)).body;
    const context = await browser.newContext();
    const page = await stack.signIn(context, `/patients/${patient.patientId}`, 'clinician@demo-clinic');
    const plan = page.getByRole('region', { name: 'Treatment plan' });
    await plan.getByRole('button', { name: /^(Revise|Edit the draft)/ }).click();
    const description = plan.getByRole('textbox', { name: 'Problem 1: description', exact: true });
    await description.waitFor();
    expect(await description.inputValue()).toBe(before.problems[0].description);
    const revised = `${before.problems[0].description} (revised ${Date.now()})`;
    await description.fill(revised);
    // A second intervention for the first goal.
    await plan.getByRole('button', { name: 'Add an intervention to problem 1, goal 1' }).click();
    const added = before.problems[0].goals[0].interventions.length + 1;
    await plan.getByRole('textbox', { name: `Problem 1, goal 1, intervention ${added}: description`, exact: true }).fill('Synthetic: weekly check-in call');
    await expectAccessible(page, 'Patient chart, plan editor');
    await plan.getByRole('button', { name: 'Save the plan' }).click();
    await plan.getByRole('heading', { name: `Problem: ${revised}` }).waitFor();
    await plan.getByText('Synthetic: weekly check-in call').waitFor();
    await plan.getByRole('button', { name: /^Sign version \d+$/ }).click();
    await plan.getByText(/not yet acknowledged by the patient/).waitFor();
    await choose(page, /How the patient acknowledged the plan/, 'Verbally');
    await plan.getByRole('button', { name: 'Record acknowledgment' }).click();
    await plan.getByText(/, acknowledged by the patient/).waitFor();
    // The periodic review, when the next one is due, and the first goal's progress.
    await plan.getByRole('button', { name: 'Record a plan review' }).click();
    await plan.getByText('Review recorded.').waitFor();
    await plan.getByText(/last reviewed/).waitFor();
    await plan.getByText(/Plan review due by/).waitFor();
    await plan.getByRole('button', { name: /Status of the goal/ }).first().click();
    await page.getByRole('option', { name: 'Achieved', exact: true }).click();
    await plan.getByRole('button', { name: 'Update goal status' }).first().click();
    await plan.getByRole('heading', { name: /, Achieved\)$/ }).first().waitFor();
    const after = (await api(s('clinical-notes'), 'GET', `/v1/episodes/${episodeId}/treatment-plan`, t.clinician)).body;
    expect(after).toMatchObject({ status: 'signed', acknowledged: true, author: 'demo-clinician' });
    expect(after.problems[0].goals[0].status).toBe('achieved');
    expect(after.lastReviewedAt).not.toBeNull();
    expect(after.version).toBe(before.status === 'signed' ? before.version + 1 : before.version);
    // The goal kept its id through the revision.
    expect(after.problems[0].goals[0].goalId).toBe(before.problems[0].goals[0].goalId);
    await context.close();
  });

  it('drafts the first treatment plan of an episode, keeps what was typed through a conflict, and signs it', async () => {
    const { patientId, episodeId: planlessEpisode } = planless!;
    const context = await browser.newContext();
    const page = await stack.signIn(context, `/patients/${patientId}`, 'clinician@demo-clinic');
    const plan = page.getByRole('region', { name: 'Treatment plan' });
    await plan.getByText('No treatment plan drafted yet.').waitFor();
    await plan.getByText(/Initial treatment plan (was )?due by/).waitFor();
    await plan.getByRole('button', { name: 'Draft the treatment plan' }).click();
    const editor = plan.getByRole('form', { name: 'Draft the treatment plan' });
    // The goal's and the objective's dates start at the planned end, the intervention's staff is the author.
    expect(await editor.getByRole('textbox', { name: 'Problem 1, goal 1, intervention 1: staff responsible' }).inputValue()).toBe('demo-clinician');
    await editor.getByRole('textbox', { name: 'Problem 1: description', exact: true }).fill('Synthetic: drinks alone after work');
    await press(editor.getByRole('checkbox', { name: /^D5 / }));
    await editor.getByRole('textbox', { name: 'Problem 1, goal 1: description', exact: true }).fill('No drinking on weekdays');
    await editor.getByRole('textbox', { name: 'Problem 1, goal 1, objective 1: description' }).fill('Four alcohol-free weekdays a week');
    await editor.getByRole('textbox', { name: 'Problem 1, goal 1, objective 1: how it is measured' }).fill('self-report and EtG screen');
    await editor.getByRole('textbox', { name: 'Problem 1, goal 1, intervention 1: description' }).fill('Evening relapse-prevention group');
    await expectAccessible(page, 'Patient chart, new plan');
    await screenshot(page, 'console-chart-plan');
    await editor.getByRole('button', { name: 'Save the draft plan' }).focus();
    await page.keyboard.press('Enter');
    await plan.getByRole('heading', { name: 'Problem: Synthetic: drinks alone after work' }).waitFor();

    // Someone else revises the draft while this clinician edits it: the save is refused, the text stays, a reload is offered.
    await plan.getByRole('button', { name: 'Edit the draft' }).click();
    const draft = (await api(s('clinical-notes'), 'GET', `/v1/episodes/${planlessEpisode}/treatment-plan`, t.clinician)).body;
    const description = plan.getByRole('textbox', { name: 'Problem 1: description', exact: true });
    await description.fill('Synthetic: drinks alone after work and on weekends');
    type Goal = Record<string, unknown> & { status?: string };
    const problems = (draft.problems as { goals: Goal[] }[]).map((p) => ({ ...p, goals: p.goals.map(({ status: _status, ...goal }) => goal) }));
    const elsewhere = await api(s('clinical-notes'), 'PUT', `/v1/treatment-plans/${draft.planId}`, t.clinician, { problems });
    expectStatus(elsewhere, 200);
    await plan.getByRole('button', { name: 'Save the plan' }).focus();
    await page.keyboard.press('Enter');
    await plan.getByText('Someone else changed this since you opened it.').waitFor();
    expect(await description.inputValue()).toBe('Synthetic: drinks alone after work and on weekends');
    // The save waits for the reloaded version (its ETag): saved before it arrives, it would meet the conflict again.
    const reloaded = page.waitForResponse((r) => r.url().includes(`/episodes/${planlessEpisode}/treatment-plan`) && r.request().method() === 'GET');
    await plan.getByRole('button', { name: 'Reload the current version' }).click();
    await reloaded;
    await plan.getByText('Someone else changed this since you opened it.').waitFor({ state: 'hidden' });
    await plan.getByRole('button', { name: 'Save the plan' }).click();
    await plan.getByRole('heading', { name: 'Problem: Synthetic: drinks alone after work and on weekends' }).waitFor();
    await plan.getByRole('button', { name: 'Sign version 1' }).click();
    await plan.getByText(/not yet acknowledged by the patient/).waitFor();
    const signed = (await api(s('clinical-notes'), 'GET', `/v1/episodes/${planlessEpisode}/treatment-plan`, t.clinician)).body;
    expect(signed).toMatchObject({ status: 'signed', version: 1, problems: [{ description: 'Synthetic: drinks alone after work and on weekends', asamDimensions: ['d5'] }] });
    await context.close();
  });

  it('records a drug screen from the chart', async () => {
    const context = await browser.newContext();
    const page = await stack.signIn(context, `/patients/${patient.patientId}`, 'clinician@demo-clinic');
    const screens = page.getByRole('region', { name: 'Drug screens' });
    await screens.getByRole('button', { name: 'Record a drug screen' }).click();
    await submitFails(screens.getByRole('button', { name: 'Record the drug screen' }), screens.getByText('Give the result of at least one analyte.'));
    await choose(page, /Fentanyl result/, 'Negative');
    await choose(page, /Cannabis \(THC\) result/, 'Positive');
    await expectAccessible(page, 'Patient chart, drug screen form');
    await screens.getByRole('button', { name: 'Record the drug screen' }).click();
    await screens.getByText('Drug screen recorded.').waitFor();
    const row = screens.getByRole('row').filter({ hasText: 'fentanyl: negative' }).filter({ hasText: 'thc: positive' }).last();
    await row.waitFor();
    await context.close();
  });

  it('records a PHQ-9 from the chart, and the trend draws one more point', async () => {
    const context = await browser.newContext();
    const page = await stack.signIn(context, `/patients/${patient.patientId}`, 'clinician@demo-clinic');
    const measures = page.getByRole('region', { name: 'Measures' });
    const points = page.getByRole('img', { name: /^PHQ-9 trend/ }).locator('circle.trend-point');
    await points.first().waitFor();
    const before = await points.count();
    await measures.getByRole('button', { name: 'Record a PHQ-9' }).click();
    const answers = [1, 1, 0, 2, 1, 0, 1, 0, 0];
    for (const [i, answer] of answers.entries()) {
      const label = ['Not at all', 'Several days', 'More than half the days', 'Nearly every day'][answer];
      await press(measures.getByRole('radiogroup', { name: new RegExp(`^${i + 1}\\. `) }).getByRole('radio', { name: label }));
    }
    await expectAccessible(page, 'Patient chart, PHQ-9 form');
    await measures.getByRole('button', { name: 'Record the PHQ-9' }).click();
    await measures.getByText('PHQ-9 recorded: total 6, mild.').waitFor();
    await eventually(async () => ((await points.count()) === before + 1) || undefined, 30_000, 'the new point on the PHQ-9 trend');
    await context.close();
  });

  it('records a BAM from the chart through items 7A-7G, and its subscales draw one more point each', async () => {
    const context = await browser.newContext();
    const page = await stack.signIn(context, `/patients/${patient.patientId}`, 'clinician@demo-clinic');
    const measures = page.getByRole('region', { name: 'Measures' });
    await measures.getByRole('button', { name: 'Record a BAM' }).waitFor();
    const points = page.getByRole('img', { name: /^BAM trend/ }).locator('circle.trend-point');
    const before = await points.count();
    await measures.getByRole('button', { name: 'Record a BAM' }).focus();
    await page.keyboard.press('Enter');
    const form = measures.getByRole('form', { name: /^Enter the BAM/ });
    await form.waitFor();
    // The paper form's ratings, item 7 through its sub-items (cannabis on 1-3 days, nothing else).
    const answers: Record<string, number> = { 1: 2, 2: 1, 3: 1, 4: 1, 5: 0, 6: 1, '7A': 0, '7B': 1, '7C': 0, '7D': 0, '7E': 0, '7F': 0, '7G': 0, 8: 1, 9: 3, 10: 3, 11: 1, 12: 2, 13: 3, 14: 4, 15: 1, 16: 3, 17: 3 };
    for (const [item, value] of Object.entries(answers)) {
      await form.getByRole('textbox', { name: `Item ${item}`, exact: true }).focus();
      await page.keyboard.type(String(value));
    }
    await expect(form.getByRole('textbox', { name: 'Item 7', exact: true }).count()).resolves.toBe(0);
    await expectAccessible(page, 'Patient chart, BAM form');
    await form.getByRole('button', { name: 'Save the BAM' }).focus();
    await page.keyboard.press('Enter');
    // Use 4+5+6 = 2, risk 1+2+3+8+11+15 = 7, protective 9+10+12+13+14+16 = 18.
    await measures.getByText(/BAM saved: .*use 2.*risk 7.*protective 18/).waitFor();
    await eventually(async () => ((await points.count()) === before + 3) || undefined, 30_000, 'the new BAM on its three subscale trends');
    await screenshot(page, 'console-chart-bam');
    await measures.getByRole('button', { name: 'Done' }).click();
    await measures.getByRole('button', { name: 'Record a BAM' }).waitFor();
    const recorded = (await api(s('outcomes'), 'GET', `/v1/episodes/${episodeId}/measures?limit=200`, t.clinician)).body.items
      .filter((m: { instrument: string }) => m.instrument === 'BAM').at(-1);
    expect(recorded.scores).toMatchObject({ use: 2, risk: 7, protective: 18 });
    await context.close();
  });

  it('grants a Part 2 consent, sees a disclosure under it in the accounting, and revokes one category of it', async () => {
    // An integrator for a payer, whose consent the supervisor records in the chart.
    const recipient = `payer:e2e-${Date.now()}`;
    receiver = await startReceiver();
    const sub = await api(s('webhooks'), 'POST', '/v1/subscriptions', t.admin, {
      url: receiver.url, recipient, purpose: 'payment', description: 'chart e2e', eventTypes: ['iop.outcomes.*'],
    });
    expectStatus(sub, 201);
    receiver.secret = sub.body.secret;

    const context = await browser.newContext();
    const page = await stack.signIn(context, `/patients/${patient.patientId}`, 'supervisor@demo-clinic');
    const consents = page.getByRole('region', { name: 'Part 2 consents' });
    await consents.getByRole('button', { name: 'Record a consent' }).click();
    const form = consents.getByRole('region', { name: 'Record a consent the patient signed' });
    await form.getByRole('textbox', { name: 'Recipient' }).fill('Acme Health');
    await form.getByRole('textbox', { name: 'Purpose' }).fill('payment');
    // Not a code: said at the field, which takes the focus, the rest kept, and the button where it was.
    await submitFails(form.getByRole('button', { name: 'Record the consent' }), form.getByText('Only lower-case letters, digits, “.”, “:” and “-”.').first());
    await expect(form.getByRole('textbox', { name: 'Recipient' }).evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await form.getByRole('textbox', { name: 'Recipient' }).fill(recipient);
    for (const category of ['Attendance', 'Measures', 'Notes']) await press(form.getByRole('checkbox', { name: category }));
    await expectAccessible(page, 'Patient chart, consent form');
    await form.getByRole('button', { name: 'Record the consent' }).focus();
    await page.keyboard.press('Enter');
    const row = consents.getByRole('row', { name: new RegExp(recipient) });
    await row.getByText('Attendance, Notes, Measures').waitFor();
    await row.getByText('active').waitFor();

    // A measure under the consent goes to the payer, and the accounting of disclosures has it.
    const consentId = (await api(s('admissions'), 'GET', `/v1/patients/${patient.patientId}/consents`, t.supervisor)).body.items
      .find((c: { recipient: string }) => c.recipient === recipient).consentId;
    const ledger = stack.cluster.services.get('webhooks')!.db.url;
    await eventually(async () => (await countRows(ledger, `SELECT count(*) AS n FROM consents WHERE consent_id = '${consentId}'`)) === 1 || undefined, 60_000, 'the consent in webhooks\' ledger');
    expectStatus(await api(s('outcomes'), 'POST', '/v1/measures', t.clinician, { episodeId, instrument: 'GAD-7', answers: [1, 1, 1, 0, 0, 1, 0] }), 201);
    await eventually(async () => {
      const res = await api(s('admissions'), 'GET', `/v1/patients/${patient.patientId}/disclosures`, t.supervisor);
      return (res.body.items as { recipient: string }[]).some((d) => d.recipient === recipient) || undefined;
    }, 90_000, 'the disclosure in the accounting');

    // Revoking the notes only: the consent stays in force for the rest, and the accounting is read again.
    await row.getByRole('button', { name: `Revoke the consent for ${recipient}` }).click();
    const revoke = consents.getByRole('form', { name: `Revoke the consent for ${recipient}` });
    await press(revoke.getByRole('checkbox', { name: 'Notes' }));
    await revoke.getByRole('button', { name: 'Revoke these categories' }).click();
    await row.getByText('(revoked: Notes)').waitFor();
    await row.getByText('Attendance, Measures').waitFor();
    await row.getByText('(version 2)').waitFor();
    const accounting = page.getByRole('region', { name: 'Accounting of disclosures' });
    await accounting.getByRole('row', { name: new RegExp(recipient) }).first().waitFor();
    await expectAccessible(page, 'Patient chart, consents');
    await screenshot(page, 'console-chart-consents');
    const consent = (await api(s('admissions'), 'GET', `/v1/patients/${patient.patientId}/consents`, t.supervisor)).body.items.find((c: { consentId: string }) => c.consentId === consentId);
    expect(consent).toMatchObject({ status: 'active', information: ['attendance', 'measures'] });
    await context.close();
  });

  it('shows a nurse no plan, consent or co-signing actions, and a supervisor no measure form', async () => {
    const nurse = await browser.newContext();
    const page = await stack.signIn(nurse, `/patients/${patient.patientId}`, 'nurse@demo-clinic');
    await page.getByRole('region', { name: 'Treatment plan' }).getByRole('heading', { name: /^Problem:/ }).first().waitFor();
    await page.getByRole('region', { name: 'Notes' }).getByRole('button', { name: 'Write a note' }).waitFor();
    expect(await page.getByRole('button', { name: /^(Revise|Edit the draft|Sign version)/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Record a consent' }).count()).toBe(0);
    await page.getByRole('region', { name: 'Measures' }).getByRole('button', { name: 'Record a PHQ-9' }).waitFor();
    await nurse.close();
    const supervisor = await browser.newContext();
    const other = await stack.signIn(supervisor, `/patients/${patient.patientId}`, 'supervisor@demo-clinic');
    await other.getByRole('region', { name: 'Measures' }).getByRole('img', { name: /^PHQ-9 trend/ }).waitFor();
    expect(await other.getByRole('button', { name: 'Record a PHQ-9' }).count()).toBe(0);
    await supervisor.close();
  });

  it('lets a supervisor co-sign a signed note whose author\'s role requires it', async () => {
    // The clinic requires a co-signature on nurses' notes (restored afterwards).
    const settings = await api(s('clinical-notes'), 'GET', '/v1/documentation-settings', t.admin);
    expectStatus(settings, 200);
    expectStatus(await api(s('clinical-notes'), 'PUT', '/v1/documentation-settings', t.admin, { ...settings.body, cosignRequiredRoles: ['nurse'] }), 200);
    try {
      const draft = await api(s('clinical-notes'), 'POST', '/v1/notes', t.nurse, { episodeId, type: 'case-management', body: 'Synthetic nursing note: checked vitals before group.' });
      expectStatus(draft, 201);
      const signed = await api(s('clinical-notes'), 'POST', `/v1/notes/${draft.body.noteId}/sign`, t.nurse);
      expectStatus(signed, 200);
      expect(signed.body.cosignRequired).toBe(true);
      const context = await browser.newContext();
      // Linked to the note itself (as the documentation queue links to a note waiting for its co-signature).
      const page = await stack.signIn(context, `/patients/${patient.patientId}?note=${draft.body.noteId}`, 'supervisor@demo-clinic');
      const notes = page.getByRole('region', { name: 'Notes' });
      const opened = notes.getByRole('article', { name: /Case management note/ });
      await opened.getByText(/Awaiting co-signature/).waitFor();
      await opened.getByRole('button', { name: 'Co-sign this note' }).click();
      await opened.getByText(/Co-signed by demo-supervisor/).waitFor();
      await opened.getByText(/Hash chain verified/).waitFor();
      expect((await api(s('clinical-notes'), 'GET', `/v1/notes/${draft.body.noteId}`, t.supervisor)).body.status).toBe('cosigned');
      await context.close();
    } finally {
      await api(s('clinical-notes'), 'PUT', '/v1/documentation-settings', t.admin, settings.body);
    }
  });

  it('shows a continued-stay review\'s fired rules with their evidence, records a reassessment and a follow-up result', async () => {
    // A review run through the chart's button: the list is read again and the new review opens with what fired.
    const before = await api(s('admissions'), 'GET', `/v1/episodes/${episodeId}/reviews?limit=100`, t.clinician);
    expectStatus(before, 200);
    expect(before.body.nextCursor).toBeNull();
    const context = await browser.newContext();
    const page = await stack.signIn(context, `/patients/${patient.patientId}`, 'clinician@demo-clinic');
    const reviews = page.getByRole('region', { name: 'Continued-stay reviews' });
    await reviews.getByRole('button', { name: 'Review now' }).focus();
    await page.keyboard.press('Enter');
    await reviews.getByRole('status').getByText(/^Reviewed: /).waitFor();
    const latest = await api(s('admissions'), 'GET', `/v1/episodes/${episodeId}/reviews?limit=1`, t.clinician);
    expectStatus(latest, 200);
    const review = latest.body.items[0] as { reviewId: string; criteria: { id: string; fired: boolean; evidence: string }[] };
    expect(review.reviewId).not.toBe(before.body.items[0]?.reviewId);
    const fired = review.criteria.find((c) => c.fired);
    expect(fired).toBeDefined();
    // One more review listed than before, the new one first and open.
    await eventually(async () => (await reviews.locator('ol > li').count()) === before.body.items.length + 1 || undefined, 10_000, 'the new review in the list');
    const newest = reviews.getByRole('listitem').first();
    await newest.getByText(fired!.id, { exact: true }).first().waitFor();
    await newest.getByText(fired!.evidence, { exact: true }).first().waitFor();
    await expectAccessible(page, 'Patient chart, continued-stay reviews');
    await screenshot(page, 'console-chart-reviews');

    // A reassessment from the chart, from the keyboard: a rating left out stops the save at its field, then the six
    // ratings and one rationale are saved and listed first, the rationale shown to the clinician who may write one.
    const reassessments = page.getByRole('region', { name: 'Reassessments' });
    await reassessments.getByRole('button', { name: 'Record a reassessment' }).click();
    const rating = reassessments.getByRole('region', { name: 'Record a reassessment' });
    const rated = [1, 0, 2, 3, 2, 1];
    for (const [i, value] of rated.entries()) {
      if (i === 2) continue;
      await rating.getByRole('textbox', { name: new RegExp(`^D${i + 1} `) }).focus();
      await page.keyboard.type(String(value));
    }
    await rating.getByRole('button', { name: 'Record the reassessment' }).click();
    const d3 = rating.getByRole('textbox', { name: /^D3 / });
    await eventually(async () => (await d3.evaluate((el) => el === document.activeElement)) || undefined, 5_000, 'the focus on the rating left out');
    await page.keyboard.type('2');
    await rating.getByText('Rationale (optional, per dimension)').click();
    await rating.getByRole('textbox', { name: 'D4 rationale' }).fill('Synthetic rationale: still weighing the evening group.');
    await expectAccessible(page, 'Patient chart, reassessment form');
    await rating.getByRole('button', { name: 'Record the reassessment' }).focus();
    await page.keyboard.press('Enter');
    await reassessments.getByText('Reassessment recorded.').waitFor();
    const first = reassessments.getByRole('row').nth(1);
    expect((await first.getByRole('cell').allInnerTexts()).slice(0, 6)).toEqual(rated.map(String));
    await reassessments.getByText('Rationale', { exact: true }).click();
    await reassessments.getByText(/Synthetic rationale: still weighing the evening group\./).first().waitFor();
    await context.close();

    // A nurse reads the ratings and the reviews, without the rationale, and may neither review nor reassess.
    const nurse = await browser.newContext();
    const asNurse = await stack.signIn(nurse, `/patients/${patient.patientId}`, 'nurse@demo-clinic');
    const nurseReassessments = asNurse.getByRole('region', { name: 'Reassessments' });
    await nurseReassessments.getByRole('row').nth(1).waitFor();
    await asNurse.getByRole('region', { name: 'Continued-stay reviews' }).getByRole('listitem').first().waitFor();
    expect(await nurseReassessments.getByText('Rationale', { exact: true }).count()).toBe(0);
    expect(await asNurse.getByRole('button', { name: /^(Review now|Record a reassessment)$/ }).count()).toBe(0);
    await nurse.close();

    // A patient discharged today (the seed schedules their follow-ups ahead): the first one's result, from the chart.
    const finished = await api(s('admissions'), 'GET', '/v1/episodes?limit=200', t.clinician);
    expectStatus(finished, 200);
    let target: { patientId: string; episodeId: string; followUpId: string; offsetDays: number } | undefined;
    for (const e of (finished.body.items as { episodeId: string; patientId: string; status: string }[]).filter((x) => x.status === 'finished')) {
      const followUps = await api(s('outcomes'), 'GET', `/v1/episodes/${e.episodeId}/follow-ups`, t.clinician);
      const scheduled = followUps.status === 200 ? (followUps.body.items as { followUpId: string; status: string; offsetDays: number }[]).find((f) => f.status === 'scheduled') : undefined;
      if (scheduled) {
        target = { patientId: e.patientId, episodeId: e.episodeId, followUpId: scheduled.followUpId, offsetDays: scheduled.offsetDays };
        break;
      }
    }
    expect(target).toBeDefined();
    const other = await browser.newContext();
    const chart = await stack.signIn(other, `/patients/${target!.patientId}?episode=${target!.episodeId}`, 'clinician@demo-clinic');
    const followUps = chart.getByRole('region', { name: 'Follow-ups' });
    const row = followUps.getByRole('row', { name: new RegExp(`^${target!.offsetDays} days`) }).first();
    await row.getByText('scheduled').waitFor();
    await row.getByRole('button', { name: /^Record the result/ }).click();
    const form = followUps.getByRole('region', { name: `Record the result of the ${target!.offsetDays}-day follow-up` });
    // Nothing chosen: said at the field, and nothing sent.
    await form.getByRole('button', { name: 'Record the follow-up result' }).click();
    const abstinent = form.getByRole('radio', { name: 'Abstinent', exact: true });
    await eventually(async () => (await abstinent.evaluate((el) => el === document.activeElement)) || undefined, 5_000, 'the focus on the abstinence left out');
    await press(abstinent);
    await expectAccessible(chart, 'Patient chart, follow-up form');
    await form.getByRole('button', { name: 'Record the follow-up result' }).focus();
    await chart.keyboard.press('Enter');
    await followUps.getByText('Follow-up result recorded.').waitFor();
    await row.getByText('completed').waitFor();
    await row.getByText(/^Abstinent, /).waitFor();
    const stored = (await api(s('outcomes'), 'GET', `/v1/episodes/${target!.episodeId}/follow-ups`, t.clinician)).body.items
      .find((f: { followUpId: string }) => f.followUpId === target!.followUpId);
    expect(stored).toMatchObject({ status: 'completed', abstinent: true });
    await expectAccessible(chart, 'Patient chart, follow-ups');
    await other.close();
  });
});
