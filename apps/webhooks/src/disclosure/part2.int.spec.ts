/**
 * 42 CFR Part 2: a patient event reaches a subscription only under an active, unexpired consent of that patient for
 * the subscription's recipient and purpose that still covers the event's category (named by its contract; none:
 * never); otherwise it is withheld without an HTTP call, and its payload is never shown. Every delivery that went
 * out, and every read of it by the recipient's integrator, is in the disclosure log and published as
 * DisclosureRecorded; every disclosed payload carries the redisclosure notice of 42 CFR 2.32.
 */
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import {
  attendanceRecordedV1, consentGrantedV1, consentRevokedV1, continuedStayReviewedV1, crisisDocumentedV1, disclosureRecordedV1, followUpScheduledV1,
  levelOfCareChangedV1, measureRecordedV1, noteSignedV1, patientAdmittedV1, patientDischargedV1, REDISCLOSURE_NOTICE, TOPICS,
} from '@iop/domain-events';
import { collectTopic, EventFeed, waitFor } from '../testing/events';
import { Receiver } from '../testing/receiver';
import { FAST_ENV, startWebhooks, type WebhooksHarness } from '../testing/webhooks-app';

const TENANT = 'wh-part2';
const RECIPIENT = 'payer:acme-health';
const hour = 3_600_000;

describe('Part 2 consent and the disclosure log', () => {
  let h: WebhooksHarness;
  let feed: EventFeed;
  let receiver: Receiver;
  let admin: string;
  let secret: string;
  let subscriptionId: string;
  let disclosures: Awaited<ReturnType<typeof collectTopic>>;

  beforeAll(async () => {
    h = await startWebhooks(TENANT, { ...FAST_ENV, WEBHOOKS_ALLOWED_CIDRS: '127.0.0.0/8', WEBHOOKS_ALLOW_HTTP: 'true' });
    [feed, receiver, admin] = await Promise.all([EventFeed.connect(h.prefix), Receiver.start(), h.token(['admin'])]);
    disclosures = await collectTopic(h.prefix, TOPICS.webhooks);
    const body = { url: receiver.url('/billing'), eventTypes: ['iop.admissions.*', 'iop.scheduling.*', 'iop.outcomes.*', 'iop.clinical-notes.*'], recipient: RECIPIENT, purpose: 'payment' };
    ({ subscriptionId, secret } = (await h.t.request('POST', '/v1/subscriptions', { token: admin, body })).body);
    receiver.verifyWith('/billing', secret);
  });
  afterAll(async () => {
    expect(receiver.at('/billing').every((r) => r.verified)).toBe(true);
    await disclosures?.stop();
    await feed?.close();
    await receiver?.close();
    await h?.close();
  });

  const delivered = (eventId: string) => receiver.received.filter((r) => JSON.parse(r.body).data && messageOf(r) === eventId);
  const messageOf = (r: { headers: Record<string, unknown> }) => eventIdByMessage.get(String(r.headers['webhook-id']));
  const eventIdByMessage = new Map<string, string>();
  async function statusOf(eventId: string): Promise<{ status: string; statusReason: string | null }> {
    return waitFor(async () => {
      const rows = await h.sql<{ message_id: string; status: string; status_reason: string | null }>(
        `SELECT message_id, status, status_reason FROM deliveries WHERE event_id = $1 AND status <> 'pending'`, [eventId]);
      if (rows[0]) eventIdByMessage.set(rows[0].message_id, eventId);
      return rows[0] && { status: rows[0].status, statusReason: rows[0].status_reason };
    }, `the message of ${eventId} to settle`);
  }
  async function grant(patientId: string, information: string[], expiresAt = new Date(Date.now() + hour).toISOString(), purpose = 'payment'): Promise<string> {
    const consentId = randomUUID();
    await feed.publish(consentGrantedV1, TENANT, { consentId, patientId, recipient: RECIPIENT, purpose, information, expiresAt, grantedAt: new Date().toISOString() });
    await waitFor(async () => (await h.sql('SELECT 1 FROM consents WHERE consent_id = $1', [consentId])).length, 'the consent in the ledger');
    return consentId;
  }
  const admitted = (patientId: string) => ({ ...patientAdmittedV1.example, episodeId: randomUUID(), patientId, displayName: 'Alex R.', ageBand: '30-34' });
  const attendance = (patientId: string) => ({ ...attendanceRecordedV1.example, episodeId: randomUUID(), sessionId: randomUUID(), patientId });

  it('withholds a patient event without consent: no HTTP call', async () => {
    const eventId = await feed.publish(patientAdmittedV1, TENANT, admitted(randomUUID()));
    expect(await statusOf(eventId)).toEqual({ status: 'withheld', statusReason: expect.stringContaining('consent') });
    expect(delivered(eventId)).toEqual([]);
  });

  it('delivers under consent, thin, with the redisclosure notice, and records and publishes the disclosure', async () => {
    const patientId = randomUUID();
    const consentId = await grant(patientId, ['admission']);
    const eventId = await feed.publish(patientAdmittedV1, TENANT, admitted(patientId));
    expect((await statusOf(eventId)).status).toBe('delivered');
    const [got] = delivered(eventId);
    const payload = new Webhook(secret).verify(got.body, got.headers as Record<string, string>) as { data: Record<string, unknown>; redisclosureNotice: string };
    expect(payload.data).toMatchObject({ patientId, levelOfCare: '2.1' });
    expect(payload.redisclosureNotice).toBe(REDISCLOSURE_NOTICE);
    expect(payload.redisclosureNotice).toMatch(/42 CFR part 2/);
    expect(got.body).not.toMatch(/displayName|Alex|ageBand|30-34/);
    const published = await waitFor(() => disclosures.events.find((e) => (e.data as { eventId: string }).eventId === eventId), 'DisclosureRecorded');
    expect(published.type).toBe(disclosureRecordedV1.type);
    expect(published.data).toEqual({ disclosureId: expect.any(String), patientId, recipient: RECIPIENT, purpose: 'payment', eventType: patientAdmittedV1.type, eventId, disclosedAt: expect.any(String), consentId });
    const log = await h.t.request('GET', `/v1/disclosures?patientId=${patientId}`, { token: admin });
    // The ConsentGranted event itself is never disclosed (its contract names no category): only the admission went out.
    expect(log.body.items.map((d: { eventType: string }) => d.eventType)).toEqual([patientAdmittedV1.type]);
    expect(log.body.items).toContainEqual(expect.objectContaining({ eventId, recipient: RECIPIENT, consentId, subscriptionId }));
    expect(await h.sql('SELECT action, resource FROM audit_log WHERE patient_id = $1', [patientId])).toEqual([{ action: 'read', resource: 'disclosures' }]);
    // One disclosure: a page of one is the whole list (paging across pages is the paging helper's and other lists' tests).
    const newest = await h.t.request('GET', `/v1/disclosures?patientId=${patientId}&limit=1`, { token: admin });
    expect(newest.body).toEqual({ items: log.body.items, nextCursor: null });
    expect((await h.t.request('GET', `/v1/disclosures?patientId=${patientId}&cursor=MQ`, { token: admin })).status).toBe(400);
  });

  it('follows the consent\'s categories, partial and full revocations and expiry', async () => {
    const patientId = randomUUID();
    const consentId = await grant(patientId, ['attendance', 'discharge']);
    const covered = await feed.publish(attendanceRecordedV1, TENANT, attendance(patientId));
    const notCovered = await feed.publish(measureRecordedV1, TENANT, { ...measureRecordedV1.example, measureId: randomUUID(), patientId });
    expect((await statusOf(covered)).status).toBe('delivered');
    expect((await statusOf(notCovered)).status).toBe('withheld');

    await feed.publish(consentRevokedV1, TENANT, { consentId, patientId, scope: 'partial', revokedInformation: ['attendance'], revokedAt: new Date().toISOString() });
    await waitFor(async () => (await h.sql<{ information: string[] }>('SELECT information FROM consents WHERE consent_id = $1', [consentId]))[0].information.length === 1, 'the revocation');
    expect((await statusOf(await feed.publish(attendanceRecordedV1, TENANT, attendance(patientId)))).status).toBe('withheld');
    const discharged = () => ({ ...patientDischargedV1.example, episodeId: randomUUID(), patientId });
    expect((await statusOf(await feed.publish(patientDischargedV1, TENANT, discharged()))).status).toBe('delivered');

    await feed.publish(consentRevokedV1, TENANT, { consentId, patientId, scope: 'full', revokedAt: new Date().toISOString() });
    await waitFor(async () => (await h.sql('SELECT 1 FROM consents WHERE consent_id = $1 AND revoked_at IS NOT NULL', [consentId])).length, 'the full revocation');
    expect((await statusOf(await feed.publish(patientDischargedV1, TENANT, discharged()))).status).toBe('withheld');

    const expiredFor = randomUUID();
    await grant(expiredFor, ['admission'], new Date(Date.now() - hour).toISOString());
    expect((await statusOf(await feed.publish(patientAdmittedV1, TENANT, admitted(expiredFor)))).status).toBe('withheld');
  });

  it('sends a withheld message once consent is granted and it is resent', async () => {
    const patientId = randomUUID();
    const eventId = await feed.publish(patientAdmittedV1, TENANT, admitted(patientId));
    expect((await statusOf(eventId)).status).toBe('withheld');
    await grant(patientId, ['admission']);
    const [message] = await h.sql<{ message_id: string }>('SELECT message_id FROM deliveries WHERE event_id = $1', [eventId]);
    expect((await h.t.request('POST', `/v1/messages/${message.message_id}/resend`, { token: admin })).status).toBe(202);
    await waitFor(() => delivered(eventId).length === 1, 'the resent delivery');
  });

  it('denies by default: a consent to share attendance sends no admission, level of care, review, note, crisis, measure, discharge or follow-up', async () => {
    const patientId = randomUUID();
    await grant(patientId, ['attendance']);
    const episodeId = randomUUID();
    const others = [
      await feed.publish(patientAdmittedV1, TENANT, { ...admitted(patientId), episodeId }),
      await feed.publish(levelOfCareChangedV1, TENANT, { ...levelOfCareChangedV1.example, episodeId, patientId }),
      await feed.publish(continuedStayReviewedV1, TENANT, { ...continuedStayReviewedV1.example, reviewId: randomUUID(), episodeId, patientId }),
      await feed.publish(noteSignedV1, TENANT, { ...noteSignedV1.example, noteId: randomUUID(), episodeId, patientId }),
      await feed.publish(crisisDocumentedV1, TENANT, { ...crisisDocumentedV1.example, noteId: randomUUID(), episodeId, patientId }),
      await feed.publish(measureRecordedV1, TENANT, { ...measureRecordedV1.example, measureId: randomUUID(), episodeId, patientId }),
      await feed.publish(patientDischargedV1, TENANT, { ...patientDischargedV1.example, episodeId, patientId }),
      await feed.publish(followUpScheduledV1, TENANT, { ...followUpScheduledV1.example, followUpId: randomUUID(), episodeId, patientId }),
    ];
    const covered = await feed.publish(attendanceRecordedV1, TENANT, { ...attendance(patientId), episodeId });
    expect((await statusOf(covered)).status).toBe('delivered');
    for (const eventId of others) expect([eventId, (await statusOf(eventId)).status]).toEqual([eventId, 'withheld']);
    for (const eventId of others) expect(delivered(eventId)).toEqual([]);
  });

  it('requires the consent\'s purpose to be the subscription\'s', async () => {
    const patientId = randomUUID();
    await grant(patientId, ['admission'], undefined, 'treatment');
    const eventId = await feed.publish(patientAdmittedV1, TENANT, admitted(patientId));
    expect(await statusOf(eventId)).toEqual({ status: 'withheld', statusReason: expect.stringContaining('purpose') });
    const refused = await h.t.request('POST', '/v1/subscriptions', { token: admin, body: { url: receiver.url('/x'), eventTypes: ['iop.admissions.*'], recipient: RECIPIENT } });
    expect([refused.status, refused.body.errors]).toEqual([400, [expect.objectContaining({ path: 'purpose' })]]);
  });

  it('shows an integrator exactly what was disclosed: a withheld payload never, a disclosed one as a disclosure of its own', async () => {
    const integrator = await h.token(['integrator']);
    const withheldId = await feed.publish(patientAdmittedV1, TENANT, admitted(randomUUID()));
    expect((await statusOf(withheldId)).status).toBe('withheld');
    const [w] = await h.sql<{ message_id: string }>('SELECT message_id FROM deliveries WHERE event_id = $1', [withheldId]);
    const hidden = await h.t.request('GET', `/v1/messages/${w.message_id}`, { token: integrator });
    expect([hidden.status, hidden.body.status, hidden.body.payload]).toEqual([200, 'withheld', null]);
    const list = await h.t.request('GET', `/v1/subscriptions/${subscriptionId}/messages?status=withheld`, { token: integrator });
    expect(JSON.stringify(list.body)).not.toMatch(/levelOfCare|startDate|payload/);

    const patientId = randomUUID();
    await grant(patientId, ['admission']);
    const eventId = await feed.publish(patientAdmittedV1, TENANT, admitted(patientId));
    expect((await statusOf(eventId)).status).toBe('delivered');
    const [d] = await h.sql<{ message_id: string }>('SELECT message_id FROM deliveries WHERE event_id = $1', [eventId]);
    await waitFor(async () => (await h.sql('SELECT 1 FROM disclosures WHERE event_id = $1', [eventId])).length === 1, 'the delivery\'s disclosure');
    const shown = await h.t.request('GET', `/v1/messages/${d.message_id}`, { token: integrator });
    expect(shown.body.payload).toMatchObject({ data: { patientId }, redisclosureNotice: REDISCLOSURE_NOTICE });
    expect(await h.sql('SELECT 1 FROM disclosures WHERE event_id = $1', [eventId])).toHaveLength(2);
    // The clinic's own admin reading its outbox discloses nothing.
    await h.t.request('GET', `/v1/messages/${d.message_id}`, { token: admin });
    expect(await h.sql('SELECT 1 FROM disclosures WHERE event_id = $1', [eventId])).toHaveLength(2);
  });

  it('never sends patient events to a subscription without a recipient, but sends the rest', async () => {
    const body = { url: receiver.url('/crm'), eventTypes: ['iop.admissions.*', 'iop.scheduling.LocationConfigured.v1'] };
    await h.t.request('POST', '/v1/subscriptions', { token: admin, body });
    const patientId = randomUUID();
    await grant(patientId, ['attendance']);
    const eventId = await feed.publish(patientAdmittedV1, TENANT, admitted(patientId));
    await waitFor(async () => (await h.sql(`SELECT 1 FROM deliveries WHERE event_id = $1 AND status = 'withheld' AND status_reason LIKE '%no consent recipient%'`, [eventId])).length, 'withheld for /crm');
    expect(receiver.at('/crm')).toEqual([]);
  });
});
