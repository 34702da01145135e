import type { Pool } from 'pg';
import { type KeyedRow, keyset, type Page, type PageParams, withTenant } from '@iop/platform';
import { coveringConsent } from '../dispatcher/delivery-claims';

export const MESSAGE_STATUSES = ['pending', 'delivered', 'withheld', 'exhausted', 'cancelled'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export interface MessageView {
  messageId: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  status: MessageStatus;
  statusReason: string | null;
  attempts: number;
  /** null when nothing is scheduled (done, or parked while the endpoint is paused). */
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastHttpStatus: number | null;
  deliveredAt: string | null;
  createdAt: string;
}

export interface AttemptView {
  attempt: number;
  attemptedAt: string;
  outcome: string;
  httpStatus: number | null;
  latencyMs: number | null;
  response: string | null;
  error: string | null;
}

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const MESSAGE_COLUMNS = `d.message_id AS "messageId", d.subscription_id AS "subscriptionId", d.event_id AS "eventId", d.event_type AS "eventType",
  d.status, d.status_reason AS "statusReason", d.attempts,
  CASE WHEN d.status = 'pending' AND d.next_attempt_at <> 'infinity' THEN ${iso('d.next_attempt_at')} END AS "nextAttemptAt",
  ${iso('d.last_attempt_at')} AS "lastAttemptAt", d.last_http_status AS "lastHttpStatus", ${iso('d.delivered_at')} AS "deliveredAt",
  ${iso('d.created_at')} AS "createdAt"`;

const MESSAGES = keyset('webhooks.messages', [{ sql: 'd.seq', type: 'bigint', desc: true }]);
const ATTEMPTS = keyset('webhooks.attempts', [{ sql: 'id', type: 'bigint' }]);

/** Newest first. */
export async function listMessages(
  pool: Pool, tenantId: string, subscriptionId: string, status: MessageStatus | undefined, q: PageParams,
): Promise<Page<MessageView>> {
  const page = MESSAGES.request(q);
  const after = MESSAGES.where(page, 4);
  return withTenant(pool, tenantId, async (client) => {
    const { rows } = await client.query<MessageView & KeyedRow>(
      `SELECT ${MESSAGE_COLUMNS}, ${MESSAGES.keySelect} FROM deliveries d
       WHERE d.subscription_id = $1 AND ($2::text IS NULL OR d.status = $2) AND ${after.sql}
       ORDER BY ${MESSAGES.orderBy} LIMIT $3`,
      [subscriptionId, status ?? null, page.limit + 1, ...after.params],
    );
    return MESSAGES.page(rows, page);
  });
}

/**
 * One message with the exact body it is signed and sent with (the thin payload), when that body may be read: an
 * event about no patient always; a patient's only once it was disclosed to the subscription's recipient and while a
 * consent still covers it (what an integrator reads is exactly what was disclosed). Otherwise `payload` is null.
 */
export async function findMessage(pool: Pool, tenantId: string, messageId: string): Promise<(MessageView & { payload: unknown; patientId: string | null; disclosure?: MessageDisclosure }) | undefined> {
  return withTenant(pool, tenantId, async (client) => {
    const { rows } = await client.query<MessageView & { body: string; patientId: string | null; disclosed: boolean; consentId: string | null; recipient: string | null; purpose: string | null }>(
      `SELECT ${MESSAGE_COLUMNS}, e.body, e.patient_id AS "patientId", d.disclosed, k.consent_id AS "consentId", s.recipient, s.purpose
       FROM deliveries d JOIN inbound_events e ON e.event_id = d.event_id JOIN subscriptions s ON s.subscription_id = d.subscription_id
       LEFT JOIN LATERAL (${coveringConsent('d.tenant_id')}) k ON true
       WHERE d.message_id = $1`,
      [messageId],
    );
    if (!rows[0]) return undefined;
    const { body, patientId, disclosed, consentId, recipient, purpose, ...message } = rows[0];
    if (!patientId) return { ...message, patientId, payload: JSON.parse(body) };
    if (!disclosed || !consentId) return { ...message, patientId, payload: null };
    return { ...message, patientId, payload: JSON.parse(body), disclosure: { patientId, consentId, recipient: recipient!, purpose: purpose! } };
  });
}

/** Whom a readable patient message was disclosed to, under which consent: what a read by the recipient records. */
export interface MessageDisclosure {
  patientId: string;
  consentId: string;
  recipient: string;
  purpose: string;
}

/** In the order they were made. */
export async function listAttempts(pool: Pool, tenantId: string, messageId: string, q: PageParams): Promise<Page<AttemptView>> {
  const page = ATTEMPTS.request(q);
  const after = ATTEMPTS.where(page, 3);
  return withTenant(pool, tenantId, async (client) => {
    const { rows } = await client.query<AttemptView & KeyedRow>(
      `SELECT attempt, ${iso('attempted_at')} AS "attemptedAt", outcome, http_status AS "httpStatus", latency_ms AS "latencyMs", response, error,
         ${ATTEMPTS.keySelect}
       FROM delivery_attempts WHERE message_id = $1 AND ${after.sql} ORDER BY ${ATTEMPTS.orderBy} LIMIT $2`,
      [messageId, page.limit + 1, ...after.params],
    );
    return ATTEMPTS.page(rows, page);
  });
}
