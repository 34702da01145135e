/**
 * The staff console in real Chromium against the real stack (issue 20): the five services, the local OpenID Connect
 * provider and the console's backend-for-frontend as processes, nothing mocked. A clinician signs in through the
 * provider, records a whole roster's attendance in one save and sees the hours in each patient's week, writes one
 * group note that lands in both attendees' charts (each with its own participation only), and signs them; an intake
 * coordinator moves a referral through the ASAM assessment to admission, and scheduling enrolls the episode.
 * Every screen is checked with axe-core (no serious or critical violation) and used from the keyboard where it
 * matters; the README's screenshots (docs/screenshots/) are taken here on request.
 */
import type { Browser } from 'playwright-core';
import { mondayOf } from '../libs/calendar/src';
import { tokenFor } from '../libs/testing/src';
import { api, eventually, expectStatus } from './api';
import { launchChromium } from './browser';
import { CONSOLE_TENANT, ConsoleStack } from './console-stack';
import { choose, expectAccessible, screenshot } from './console-page';

jest.setTimeout(300_000);

const today = new Date().toISOString().slice(0, 10);

describe('the staff console in Chromium', () => {
  const stack = new ConsoleStack('console');
  let browser: Browser;
  const t: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const s = (name: Parameters<ConsoleStack['cluster']['url']>[0]) => stack.cluster.url(name);

  beforeAll(async () => {
    await stack.start();
    browser = await launchChromium();
    for (const role of ['admin', 'intake', 'clinician'] as const) t[role] = await tokenFor(CONSOLE_TENANT, [role], `demo-${role}`);

    // A location in UTC (so that "today" is the same date for the test and the screen) whose evening track meets every
    // day (so that there is a group today, whatever the weekday), and two patients admitted to it today.
    const loc = await api(s('scheduling'), 'POST', '/v1/locations', t.admin, {
      name: 'Harbor Street', timezone: 'UTC', blocks: [{ track: 'evening', days: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'], start: '18:00', end: '21:00' }],
    });
    expectStatus(loc, 201);
    ids.location = loc.body.locationId;
    for (const [key, first, last, dob] of [['a', 'Jordan', 'Avery', '1988-02-03'], ['b', 'Sam', 'Okafor', '1979-11-21']] as const) {
      const ref = await api(s('admissions'), 'POST', '/v1/referrals', t.intake, {
        patient: { firstName: first, lastName: last, dateOfBirth: dob }, source: 'self', referredAt: new Date(Date.now() - 3_600_000).toISOString(),
      });
      expectStatus(ref, 201);
      expectStatus(await api(s('admissions'), 'POST', `/v1/referrals/${ref.body.referralId}/assessments`, t.clinician, { criteriaEdition: 3, ratings: { d1: 1, d2: 0, d3: 2, d4: 2, d5: 3, d6: 2 } }), 201);
      const admitted = await eventually(async () => {
        const res = await api(s('admissions'), 'POST', `/v1/referrals/${ref.body.referralId}/admission`, t.intake, { locationId: ids.location, track: 'evening', startDate: today, levelOfCare: '2.1' });
        return res.status === 201 ? res : undefined;
      }, 60_000, 'admissions to know the location');
      ids[`episode-${key}`] = admitted.body.episodeId;
      ids[`name-${key}`] = `${first} ${last}`;
      // Scheduling knows a patient by first name and initial, which the roster shows.
      ids[`display-${key}`] = `${first} ${last[0]}.`;
    }
    // Both are booked into the track's sessions from today: today's evening group is the one the clinician runs.
    for (const key of ['a', 'b']) {
      const episodeId = ids[`episode-${key}`];
      await eventually(async () => ((await api(s('scheduling'), 'GET', `/v1/enrollments/${episodeId}`, t.clinician)).status === 200 ? true : undefined), 60_000, 'the enrollment');
    }
    const sessions = await api(s('scheduling'), 'GET', `/v1/sessions?date=${today}&locationId=${ids.location}`, t.clinician);
    expectStatus(sessions, 200);
    const group = (sessions.body.items as { sessionId: string; type: string; rosterCount: number }[]).find((x) => x.type === 'group-therapy');
    expect(group?.rosterCount).toBe(2);
    ids.session = group!.sessionId;
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await stack.stop();
  });

  it('sends an unauthenticated visit to the provider\'s sign-in and back to Today, which shows who is signed in and today\'s session', async () => {
    const context = await browser.newContext();
    const page = await stack.signIn(context, '/today', 'clinician@demo-clinic');
    const banner = page.getByRole('banner');
    await banner.getByText('Demo Clinician').waitFor();
    await page.getByRole('link', { name: /Group therapy/i }).first().waitFor();
    const text = await page.locator('main').innerText();
    expect(text).toContain('Harbor Street');
        expect(await banner.innerText()).toContain(CONSOLE_TENANT);
    // No token is readable by the page's scripts: the only cookie is httpOnly, and nothing is in storage.
    expect(await page.evaluate(() => document.cookie)).toBe('');
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).toBe('{}{}');
    await expectAccessible(page, 'Today');
    await screenshot(page, 'today');
    await context.close();
  });

  it('records the whole roster in one save (from the keyboard), the hours count toward each patient\'s week, and one group note lands in both charts', async () => {
    const context = await browser.newContext();
    const page = await stack.signIn(context, `/sessions/${ids.session}`, 'clinician@demo-clinic');
    const row = (key: string) => page.getByRole('row', { name: new RegExp(ids[`display-${key}`].replace('.', '\\.')) });
    await row('a').waitFor();
    await expectAccessible(page, 'Roster');

    // Jordan present for the whole 90-minute session, Sam late and there for 60: chosen and typed with the keyboard.
    for (const [key, status, minutes] of [['a', 'Present', '90'], ['b', 'Late', '60']] as const) {
      await row(key).getByRole('button', { name: new RegExp(`Status of ${ids[`display-${key}`]}`) }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('option', { name: status, exact: true }).focus();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Control+A');
      await page.keyboard.type(minutes);
    }
    await page.getByRole('button', { name: /save attendance/i }).click();
    await row('a').getByText(/recorded/i).waitFor();
    await row('b').getByText(/recorded/i).waitFor();
    await screenshot(page, 'roster');

    for (const [key, minutes] of [['a', 90], ['b', 60]] as const) {
      const weeks = await api(s('scheduling'), 'GET', `/v1/enrollments/${ids[`episode-${key}`]}/weeks`, t.clinician);
      expectStatus(weeks, 200);
      const week = (weeks.body.items as { weekStart: string; hoursAttended: number }[]).find((w) => w.weekStart === mondayOf(today));
      expect(week?.hoursAttended).toBe(minutes / 60);
    }

    // The group note: one summary, a participation note each; then each note signed.
    const summary = 'Group explored coping with cravings after work; practised urge surfing.';
    await eventually(async () => (await page.getByLabel('Group summary').count()) > 0 || undefined, 30_000, 'the group note form');
    await page.getByLabel('Group summary').fill(summary);
    await page.getByLabel(`Participation: ${ids['display-a']}`).fill('Shared a relapse-prevention plan; engaged throughout.');
    await page.getByLabel(`Participation: ${ids['display-b']}`).fill('Arrived late; listened, spoke once about sleep.');
    // Clinical notes learns the attendance over Kafka; a save before that is refused and tried again.
    await eventually(async () => {
      await page.getByRole('button', { name: /save group note/i }).click();
      return (await page.getByRole('button', { name: new RegExp(`sign (the )?note for ${ids['display-a'].replace('.', '\\.')}`, 'i') }).waitFor({ timeout: 5_000 }).then(() => true, () => undefined));
    }, 60_000, 'the group note to be saved');
    await expectAccessible(page, 'Group note');
    await screenshot(page, 'group-note');
    for (const key of ['a', 'b']) {
      await page.getByRole('button', { name: new RegExp(`sign (the )?note for ${ids[`display-${key}`].replace('.', '\\.')}`, 'i') }).click();
    }

    for (const [key, other] of [['a', 'b'], ['b', 'a']] as const) {
      const notes = await eventually(async () => {
        const res = await api(s('clinical-notes'), 'GET', `/v1/episodes/${ids[`episode-${key}`]}/notes`, t.clinician);
        const group = ((res.body?.items ?? []) as { noteId: string; type: string }[]).filter((n) => n.type === 'group-session');
        const full = await Promise.all(group.map(async (n) => (await api(s('clinical-notes'), 'GET', `/v1/notes/${n.noteId}`, t.clinician)).body as { groupSummary?: string; status: string }));
        return full.length === 1 && full[0].groupSummary === summary && full[0].status !== 'draft' ? full : undefined;
      }, 60_000, `the signed group note in ${key}'s chart`);
      const chart = JSON.stringify(notes);
      expect(chart).not.toContain(ids[`name-${other}`].split(' ')[1]);
      expect(chart).not.toContain(ids[`display-${other}`]);
      expect(chart).not.toContain(key === 'a' ? 'Arrived late' : 'relapse-prevention');
    }
    await context.close();
  });

  it('moves a referral through the ASAM assessment (a clinician) to admission (intake) on the intake board, and scheduling enrolls the episode', async () => {
    const intakeContext = await browser.newContext();
    const page = await stack.signIn(intakeContext, '/intake', 'intake@demo-clinic');
    await expectAccessible(page, 'Intake board');
    await page.getByRole('button', { name: 'New referral' }).click();
    await page.getByLabel('First name').fill('Riley');
    await page.getByLabel('Last name').fill('Chen');
    await page.getByLabel('Date of birth').fill('1992-07-14');
    await choose(page, /Source/, 'Self-referral');
    await page.getByRole('button', { name: /save referral/i }).click();
    await page.getByRole('region', { name: /referred/i }).getByText('Riley Chen').waitFor();
    await screenshot(page, 'intake');

    // The assessment is a clinician's (intake may not rate the dimensions): on the same board, in another browser.
    const clinicianContext = await browser.newContext();
    const clinician = await stack.signIn(clinicianContext, '/intake', 'clinician@demo-clinic');
    await clinician.getByRole('region', { name: /referred/i }).getByText('Riley Chen').click();
    for (const [dimension, rating] of [['D1', 1], ['D2', 0], ['D3', 2], ['D4', 2], ['D5', 3], ['D6', 2]] as const) {
      // From the keyboard: the radio itself takes the focus, Space chooses it.
      await clinician.getByRole('radiogroup', { name: `Rating for ${dimension}` }).getByRole('radio', { name: new RegExp(`^${rating}\\b`) }).focus();
      await clinician.keyboard.press('Space');
    }
    await clinician.getByRole('button', { name: /record assessment/i }).click();
    await clinician.getByText(/2\.1/).first().waitFor();
    await expectAccessible(clinician, 'Assessment');
    await screenshot(clinician, 'assessment');
    await clinicianContext.close();

    await page.reload();
    await page.getByRole('region', { name: /assessed/i }).getByText('Riley Chen').click();
    await choose(page, /Location/, /Harbor Street/);
    await choose(page, /Track/, /evening/i);
    await page.getByLabel('Start date').fill(today);
    await choose(page, /Level of care/, /2\.1/);
    await page.getByRole('button', { name: /^admit$/i }).click();
    await page.getByRole('region', { name: /admitted/i }).getByText('Riley Chen').waitFor();

    const referrals = await api(s('admissions'), 'GET', '/v1/referrals?status=admitted&limit=50', t.intake);
    const riley = (referrals.body.items as { patient?: { firstName: string }; episodeId?: string }[]).find((r) => r.patient?.firstName === 'Riley');
    expect(riley?.episodeId).toEqual(expect.any(String));
    const enrollment = await eventually(async () => {
      const res = await api(s('scheduling'), 'GET', `/v1/enrollments/${riley!.episodeId}`, t.intake);
      return res.status === 200 ? res.body : undefined;
    }, 60_000, 'the enrollment');
    expect(enrollment.bookings.length).toBeGreaterThan(0);
    await intakeContext.close();
  });
});
