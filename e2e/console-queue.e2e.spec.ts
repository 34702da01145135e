/**
 * The documentation queue in real Chromium against the real stack (issue 21, screen 2): a clinician's patient attended
 * today's group (set up through the services' APIs: a location, a referral, its assessment and admission, the
 * attendance, the clinician named the episode's primary clinician and put on its care team), the queue shows the
 * missing note, the clinician writes and signs it from the queue, from the keyboard, and sees it leave the queue;
 * clinical-notes agrees. A draft is signed, a due PHQ-9 entered and a missed session's outreach task closed from the
 * queue too (the clinician's own: another care team's patient shows in neither section), and a supervisor co-signs a
 * clinician's note from theirs. Axe-core on the queue, with its forms open.
 */
import type { Browser } from 'playwright-core';
import { tokenFor } from '../libs/testing/src';
import { api, eventually, expectStatus } from './api';
import { launchChromium } from './browser';
import { CONSOLE_TENANT, ConsoleStack } from './console-stack';
import { expectAccessible, screenshot } from './console-page';

jest.setTimeout(300_000);

const today = new Date().toISOString().slice(0, 10);
/** The provider's demo clinician (`clinician@demo-clinic`) signs in with this subject. */
const CLINICIAN = 'demo-clinician';

type Missing = { episodeId: string; sessionId: string | null };

describe('the documentation queue in Chromium', () => {
  const stack = new ConsoleStack('console-queue');
  let browser: Browser;
  const t: Record<string, string> = {};
  const s = (name: Parameters<ConsoleStack['cluster']['url']>[0]) => stack.cluster.url(name);
  const ids: Record<string, string> = {};
  const missingNotes = async () =>
    (await api(s('clinical-notes'), 'GET', `/v1/notes/missing?clinician=${CLINICIAN}`, t.clinician)).body.items as Missing[];

  beforeAll(async () => {
    await stack.start();
    browser = await launchChromium();
    for (const role of ['admin', 'intake', 'clinician'] as const) t[role] = await tokenFor(CONSOLE_TENANT, [role], `demo-${role}`);

    // A location in UTC whose evening track meets every day, so that there is a group today whatever the weekday.
    const loc = await api(s('scheduling'), 'POST', '/v1/locations', t.admin, {
      name: 'Quay Road', timezone: 'UTC', blocks: [{ track: 'evening', days: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'], start: '18:00', end: '21:00' }],
    });
    expectStatus(loc, 201);
    ids.location = loc.body.locationId;
    const ref = await api(s('admissions'), 'POST', '/v1/referrals', t.intake, {
      patient: { firstName: 'Robin', lastName: 'Lindqvist', dateOfBirth: '1991-07-19' }, source: 'self', referredAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    expectStatus(ref, 201);
    expectStatus(await api(s('admissions'), 'POST', `/v1/referrals/${ref.body.referralId}/assessments`, t.clinician, { criteriaEdition: 3, ratings: { d1: 1, d2: 0, d3: 2, d4: 2, d5: 3, d6: 2 } }), 201);
    const admitted = await eventually(async () => {
      const res = await api(s('admissions'), 'POST', `/v1/referrals/${ref.body.referralId}/admission`, t.intake, { locationId: loc.body.locationId, track: 'evening', startDate: today, levelOfCare: '2.1' });
      return res.status === 201 ? res : undefined;
    }, 60_000, 'admissions to know the location');
    ids.episode = admitted.body.episodeId;
    // The clinician is on the episode's care team (admissions keeps it; outcomes and scheduling copy it for the measures
    // and outreach they list by care-team member).
    expectStatus(await api(s('admissions'), 'POST', `/v1/episodes/${ids.episode}/care-team`, t.intake, { staffId: CLINICIAN, role: 'primary-counselor' }), 201);
    await eventually(async () => ((await api(s('scheduling'), 'GET', `/v1/enrollments/${ids.episode}`, t.clinician)).status === 200 ? true : undefined), 60_000, 'the enrollment');
    const sessions = await api(s('scheduling'), 'GET', `/v1/sessions?date=${today}&locationId=${loc.body.locationId}`, t.clinician);
    expectStatus(sessions, 200);
    const group = (sessions.body.items as { sessionId: string; type: string }[]).find((x) => x.type === 'group-therapy');
    expect(group).toBeDefined();
    ids.session = group!.sessionId;
    // The clinician held the group: the patient attended it, and the clinician answers for the episode's notes.
    expectStatus(await api(s('scheduling'), 'POST', `/v1/sessions/${ids.session}/attendance`, t.clinician, { episodeId: ids.episode, status: 'present', minutesAttended: 90 }), 201);
    await eventually(async () => {
      const res = await api(s('clinical-notes'), 'PUT', `/v1/episodes/${ids.episode}/primary-clinician`, t.clinician, { clinician: CLINICIAN });
      return res.status === 200 ? true : undefined;
    }, 60_000, 'clinical notes to know the episode');
    await eventually(async () => ((await missingNotes()).some((m) => m.sessionId === ids.session) ? true : undefined), 60_000, 'the missing note');
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await stack.stop();
  });

  it('shows the missing note; the clinician writes and signs it from the queue, from the keyboard, and it leaves the queue', async () => {
    const context = await browser.newContext();
    const page = await stack.signIn(context, '/documentation', 'clinician@demo-clinic');
    await page.getByRole('heading', { level: 1, name: 'Documentation' }).waitFor();
    const section = page.getByRole('region', { name: /^Missing notes/ });
    const item = section.getByRole('listitem').filter({ hasText: 'Robin Lindqvist' }).filter({ hasText: /Group therapy session/ });
    await item.waitFor();
    expect(await section.getByRole('heading', { level: 2 }).innerText()).toMatch(/Missing notes\s+1$/);
    // Every section says what it covers, and an empty one says there is nothing to do.
    await page.getByRole('region', { name: /^Unsigned drafts/ }).getByText('No unsigned drafts.').waitFor();
    await expectAccessible(page, 'Documentation queue');
    await screenshot(page, 'documentation-queue');

    // Keyboard only: the item's button opens the form in place, Enter submits it.
    await item.getByRole('button', { name: 'Write and sign the note' }).focus();
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: /^Write the note/ });
    await form.waitFor();
    // Submitting an empty note is stopped at the fields, and nothing is sent.
    await form.getByRole('button', { name: 'Sign the note' }).focus();
    await page.keyboard.press('Enter');
    await form.getByText('A group note needs the group summary').waitFor();
    await form.getByText('Write the note before signing it').waitFor();
    await expectAccessible(page, 'Documentation queue, writing a note');
    await form.getByLabel('Group summary').focus();
    await page.keyboard.type('Synthetic group: relapse-prevention skills, urge surfing.');
    await form.getByLabel("This patient's participation").focus();
    await page.keyboard.type('Synthetic note: shared a plan for the weekend, practised urge surfing.');
    await form.getByRole('button', { name: 'Sign the note' }).focus();
    await page.keyboard.press('Enter');

    await page.getByRole('status').filter({ hasText: 'the note is signed and has left the queue' }).waitFor();
    await item.waitFor({ state: 'detached' });
    await section.getByText('No notes are missing').waitFor();
    expect((await missingNotes()).some((m) => m.sessionId === ids.session)).toBe(false);
    const notes = await api(s('clinical-notes'), 'GET', `/v1/episodes/${ids.episode}/notes`, t.clinician);
    expect(notes.body.items).toEqual([expect.objectContaining({ sessionId: ids.session, type: 'group-session', status: 'signed', author: CLINICIAN })]);
    await context.close();
  });

  it('signs an unsigned draft from the queue', async () => {
    const draft = await api(s('clinical-notes'), 'POST', '/v1/notes', t.clinician, { episodeId: ids.episode, type: 'case-management', body: 'Synthetic note: arranged a ride.' });
    expectStatus(draft, 201);
    const context = await browser.newContext();
    const page = await stack.signIn(context, '/documentation', 'clinician@demo-clinic');
    const section = page.getByRole('region', { name: /^Unsigned drafts/ });
    const item = section.getByRole('listitem').filter({ hasText: /Case management note/ });
    await item.getByRole('button', { name: 'Review and sign' }).click();
    await item.getByText('Synthetic note: arranged a ride.').waitFor();
    await item.getByRole('button', { name: 'Sign this note' }).click();
    await section.getByText('No unsigned drafts.').waitFor();
    expect((await api(s('clinical-notes'), 'GET', `/v1/notes/${draft.body.noteId}`, t.clinician)).body.status).toBe('signed');
    await context.close();
  });

  it("enters a due PHQ-9 and closes the outreach task of a missed session from the queue, showing neither of another clinician's patient", async () => {
    // The patient missed another of their sessions without an excuse: scheduling opens an outreach task.
    const enrollment = await api(s('scheduling'), 'GET', `/v1/enrollments/${ids.episode}`, t.clinician);
    const missed = (enrollment.body.bookings as { sessionId: string }[]).find((b) => b.sessionId !== ids.session)!;
    expectStatus(await api(s('scheduling'), 'POST', `/v1/sessions/${missed.sessionId}/attendance`, t.clinician, { episodeId: ids.episode, status: 'absent-unexcused' }), 201);

    // Another patient admitted today on another clinician's care team missed today's group: measures are due and an
    // outreach task is open for them too, clinic-wide, but not on this clinician's queue.
    const ref = await api(s('admissions'), 'POST', '/v1/referrals', t.intake, {
      patient: { firstName: 'Casimir', lastName: 'Elsewhere', dateOfBirth: '1979-05-30' }, source: 'self', referredAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    expectStatus(ref, 201);
    expectStatus(await api(s('admissions'), 'POST', `/v1/referrals/${ref.body.referralId}/assessments`, t.clinician, { criteriaEdition: 3, ratings: { d1: 1, d2: 0, d3: 2, d4: 2, d5: 3, d6: 2 } }), 201);
    const other = await api(s('admissions'), 'POST', `/v1/referrals/${ref.body.referralId}/admission`, t.intake, { locationId: ids.location, track: 'evening', startDate: today, levelOfCare: '2.1' });
    expectStatus(other, 201);
    const otherEpisode = other.body.episodeId as string;
    expectStatus(await api(s('admissions'), 'POST', `/v1/episodes/${otherEpisode}/care-team`, t.intake, { staffId: 'demo-supervisor', role: 'primary-counselor' }), 201);
    await eventually(async () => ((await api(s('scheduling'), 'GET', `/v1/enrollments/${otherEpisode}`, t.clinician)).status === 200 ? true : undefined), 60_000, 'the other enrollment');
    expectStatus(await api(s('scheduling'), 'POST', `/v1/sessions/${ids.session}/attendance`, t.clinician, { episodeId: otherEpisode, status: 'absent-unexcused' }), 201);

    // Outcomes and scheduling have the care teams from Kafka: the clinician's lists hold their patient's work, not the other's.
    type Listed = { episodeId: string };
    const episodesOf = (items: Listed[]) => new Set(items.map((i) => i.episodeId));
    const mineOnly = (items: Listed[]) => episodesOf(items).has(ids.episode) && !episodesOf(items).has(otherEpisode);
    const myMeasures = await eventually(async () => {
      const [all, due, overdue] = await Promise.all([
        api(s('outcomes'), 'GET', '/v1/measures/due?limit=100', t.clinician),
        api(s('outcomes'), 'GET', `/v1/measures/due?careTeamMember=${CLINICIAN}&limit=100`, t.clinician),
        api(s('outcomes'), 'GET', `/v1/measures/overdue?careTeamMember=${CLINICIAN}&limit=100`, t.clinician),
      ]);
      return episodesOf(all.body.items).has(otherEpisode) && mineOnly([...due.body.items, ...overdue.body.items])
        ? due.body.items.length + overdue.body.items.length : undefined;
    }, 60_000, "outcomes to list the clinician's measures by care team");
    await eventually(async () => {
      const [all, mine] = await Promise.all([
        api(s('scheduling'), 'GET', '/v1/outreach-tasks?status=open&limit=100', t.clinician),
        api(s('scheduling'), 'GET', `/v1/outreach-tasks?status=open&careTeamMember=${CLINICIAN}&limit=100`, t.clinician),
      ]);
      return episodesOf(all.body.items).has(otherEpisode) && mineOnly(mine.body.items) && mine.body.items.length === 1 ? true : undefined;
    }, 60_000, "scheduling to list the clinician's outreach tasks by care team");

    const context = await browser.newContext();
    const page = await stack.signIn(context, '/documentation', 'clinician@demo-clinic');
    const measures = page.getByRole('region', { name: /^Measures due/ });
    const phq9 = measures.getByRole('listitem').filter({ hasText: /PHQ-9/ });
    await phq9.filter({ hasText: 'Robin Lindqvist' }).waitFor();
    expect(await measures.getByRole('listitem').count()).toBe(myMeasures);
    const otherPatient = new RegExp(`Casimir|Patient ${String(ref.body.patientId).slice(0, 8)}`);
    expect(await measures.getByRole('listitem').filter({ hasText: otherPatient }).count()).toBe(0);
    const outreachSection = page.getByRole('region', { name: /^Outreach for missed sessions/ });
    await outreachSection.getByRole('listitem').filter({ hasText: 'Robin' }).waitFor();
    expect(await outreachSection.getByRole('listitem').filter({ hasText: 'Casimir' }).count()).toBe(0);
    await phq9.getByRole('button', { name: 'Enter the PHQ-9' }).click();
    const form = page.getByRole('form', { name: /^Enter the PHQ-9/ });
    for (let item = 1; item <= 9; item++) {
      await form.getByLabel(`Item ${item}`, { exact: true }).fill(item === 9 ? '0' : '1');
      await page.keyboard.press('Tab');
    }
    await expectAccessible(page, 'Documentation queue, entering a PHQ-9');
    await form.getByRole('button', { name: 'Save the PHQ-9' }).click();
    await measures.getByText('PHQ-9 saved: total 8 (mild).').waitFor();
    await measures.getByRole('button', { name: 'Done' }).click();
    await phq9.waitFor({ state: 'detached' });
    const recorded = await api(s('outcomes'), 'GET', `/v1/episodes/${ids.episode}/measures`, t.clinician);
    expect(recorded.body.items).toEqual([expect.objectContaining({ instrument: 'PHQ-9', scores: { total: 8 } })]);

    const outreach = page.getByRole('region', { name: /^Outreach for missed sessions/ });
    const task = outreach.getByRole('listitem').filter({ hasText: /Missed / });
    await task.getByRole('button', { name: 'Close with its outcome' }).click();
    const close = page.getByRole('form', { name: /^Close the follow-up/ });
    // From the keyboard: the radio takes the focus, Space chooses it, Enter on the button closes the task.
    await close.getByRole('radio', { name: /Reached the patient/ }).focus();
    await page.keyboard.press('Space');
    await close.getByRole('button', { name: 'Close the follow-up' }).focus();
    await page.keyboard.press('Enter');
    await outreach.getByText('No open outreach tasks.').waitFor();
    const tasks = await api(s('scheduling'), 'GET', `/v1/outreach-tasks?status=closed&episodeId=${ids.episode}`, t.clinician);
    expect(tasks.body.items).toEqual([expect.objectContaining({ status: 'closed', outcome: 'reached' })]);
    await context.close();
  });

  it('lists the continued-stay reviews due of the clinician\'s own patients, not the whole clinic\'s', async () => {
    const DAY = 86_400_000;
    // Two episodes ten days into treatment and never reviewed: one on this clinician's care team, one on another's.
    const admit = async (firstName: string, staffId: string) => {
      const ref = await api(s('admissions'), 'POST', '/v1/referrals', t.intake, {
        patient: { firstName, lastName: 'Queue', dateOfBirth: '1988-02-11' }, source: 'self', referredAt: new Date(Date.now() - 20 * DAY).toISOString(),
      });
      expectStatus(ref, 201);
      expectStatus(await api(s('admissions'), 'POST', `/v1/referrals/${ref.body.referralId}/assessments`, t.clinician, { criteriaEdition: 3, ratings: { d1: 1, d2: 0, d3: 2, d4: 2, d5: 3, d6: 2 } }), 201);
      const startDate = new Date(Date.now() - 10 * DAY).toISOString().slice(0, 10);
      const admitted = await api(s('admissions'), 'POST', `/v1/referrals/${ref.body.referralId}/admission`, t.intake, { locationId: ids.location, track: 'evening', startDate, levelOfCare: '2.1' });
      expectStatus(admitted, 201);
      expectStatus(await api(s('admissions'), 'POST', `/v1/episodes/${admitted.body.episodeId}/care-team`, t.intake, { staffId, role: 'primary-counselor' }), 201);
      return admitted.body.episodeId as string;
    };
    const mine = await admit('Alva', CLINICIAN);
    const theirs = await admit('Bodil', 'demo-supervisor');
    const due = await api(s('admissions'), 'GET', `/v1/episodes/due-for-review?careTeamMember=${CLINICIAN}&limit=200`, t.clinician);
    expectStatus(due, 200);
    const dueIds = (due.body.items as { episodeId: string }[]).map((e) => e.episodeId);
    expect(dueIds).toContain(mine);
    expect(dueIds).not.toContain(theirs);

    const context = await browser.newContext();
    const page = await stack.signIn(context, '/documentation', 'clinician@demo-clinic');
    const reviews = page.getByRole('region', { name: /^Continued-stay reviews due/ });
    await reviews.getByRole('listitem').filter({ hasText: 'Alva Queue' }).waitFor();
    expect(await reviews.getByRole('listitem').filter({ hasText: 'Bodil Queue' }).count()).toBe(0);
    expect(await reviews.getByRole('listitem').count()).toBe(dueIds.length);
    await context.close();
  });

  it("shows a supervisor a clinician's note to co-sign, which they co-sign from the queue", async () => {
    // Last: from here on, the clinic's clinicians need a co-signature.
    expectStatus(await api(s('clinical-notes'), 'PUT', '/v1/documentation-settings', t.admin, {
      planDueDays: 7, planReviewDays: 30, lateAfterHours: 72, cosignRequiredRoles: ['clinician'], cosignRequiredCredentials: [],
    }), 200);
    const note = await api(s('clinical-notes'), 'POST', '/v1/notes', t.clinician, { episodeId: ids.episode, type: 'case-management', body: 'Synthetic note: called the employer about hours.' });
    expectStatus(note, 201);
    expect((await api(s('clinical-notes'), 'POST', `/v1/notes/${note.body.noteId}/sign`, t.clinician)).body).toMatchObject({ cosignRequired: true });

    const context = await browser.newContext();
    const page = await stack.signIn(context, '/documentation', 'supervisor@demo-clinic');
    const section = page.getByRole('region', { name: /^Co-signatures/ });
    const item = section.getByRole('listitem').filter({ hasText: `by ${CLINICIAN}` });
    await item.getByRole('button', { name: 'Review and co-sign' }).click();
    await item.getByText('Synthetic note: called the employer about hours.').waitFor();
    await expectAccessible(page, 'Documentation queue, co-signing');
    await item.getByRole('button', { name: 'Co-sign this note' }).click();
    await section.getByText('No notes are waiting for a co-signature.').waitFor();
    expect((await api(s('clinical-notes'), 'GET', `/v1/notes/${note.body.noteId}`, t.clinician)).body.cosignature).toMatchObject({ required: true, cosignedBy: 'demo-supervisor' });
    await context.close();
  });
  it('says a screen whose code could not be fetched could not be loaded, keeps the header, and a reload mends it', async () => {
    const context = await browser.newContext();
    const page = await stack.signIn(context, '/documentation', 'supervisor@demo-clinic');
    await page.getByRole('heading', { name: 'Documentation', level: 1 }).waitFor();
    // The dashboard's chunk is refused, as when the connection drops or the console was updated since the page loaded.
    await page.route(/\/assets\/Dashboard-[^/]+\.js$/, (route) => route.abort());
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    const alert = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'This screen could not be loaded' }) });
    await alert.waitFor();
    await expectAccessible(page, 'A screen that could not be loaded');
    await page.unroute(/\/assets\/Dashboard-[^/]+\.js$/);
    await alert.getByRole('button', { name: 'Reload the page' }).click();
    await page.getByRole('heading', { name: 'Program dashboard', level: 1 }).waitFor();
    await context.close();
  });
});
