import type { Pool } from 'pg';

/** A due delivery with everything needed to send it: one statement claims a batch, no query per message. */
export interface ClaimedDelivery {
  messageId: string;
  claimId: string;
  tenantId: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  attempts: number;
  scheduleStep: number;
  round: number;
  disclosed: boolean;
  subscriptionStatus: string;
  url: string;
  sealedSecret: string;
  previousSealedSecret: string | null;
  previousValidUntil: Date | null;
  recipient: string | null;
  rateLimit: number | null;
  body: string;
  patientId: string | null;
  /** The consent category the event's contract names (null: never disclosed, when it concerns a patient). */
  category: string | null;
  /** The consent that covers this patient event for the subscription's recipient and purpose now, if any. */
  consentId: string | null;
  purpose: string | null;
}

/**
 * The consent that covers event `e` for subscription `s` now: the patient's, for the recipient and the purpose, not
 * revoked or expired, listing the event's category (a null category matches nothing). Shared by the claim and by
 * the message reads, so an integrator reads exactly what may be disclosed.
 */
export const coveringConsent = (tenant: string): string => `
    SELECT consent_id, purpose FROM consents k
    WHERE e.patient_id IS NOT NULL AND k.tenant_id = ${tenant} AND k.patient_id = e.patient_id AND k.recipient = s.recipient
      AND k.purpose = s.purpose AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())
      AND e.category IS NOT NULL AND e.category = ANY (k.information)
    ORDER BY k.granted_at DESC
    LIMIT 1`;

/*
 * Claims up to $1 due rows (SKIP LOCKED: replicas never take the same row) of endpoints not out of tokens ($2),
 * leasing them until now + $3 s: a process that dies mid-send leaves them to be retried when the lease ends. Rows
 * leased by a live process stay at the head of the due index and are stepped over (at most the in-flight count).
 * The Part 2 check rides along: the newest unrevoked, unexpired consent of the patient for the recipient and the
 * subscription's purpose that still covers the event's category. No category (a contract that names none): no
 * consent matches, deny by default.
 */
const CLAIM_SQL = `
  WITH due AS (
    SELECT message_id FROM deliveries
    WHERE status = 'pending' AND next_attempt_at <= now() AND (leased_until IS NULL OR leased_until < now())
      AND NOT (subscription_id = ANY($2::uuid[]))
    ORDER BY next_attempt_at
    LIMIT $1
    FOR UPDATE SKIP LOCKED
  ), claimed AS (
    UPDATE deliveries d SET leased_until = now() + make_interval(secs => $3), claim_id = $4
    FROM due WHERE d.message_id = due.message_id
    RETURNING d.message_id, d.claim_id, d.tenant_id, d.subscription_id, d.event_id, d.event_type, d.attempts, d.schedule_step, d.round, d.disclosed
  )
  SELECT c.message_id AS "messageId", c.claim_id AS "claimId", c.tenant_id AS "tenantId", c.subscription_id AS "subscriptionId",
         c.event_id AS "eventId", c.event_type AS "eventType", c.attempts, c.schedule_step AS "scheduleStep", c.round, c.disclosed,
         s.status AS "subscriptionStatus", s.url, s.sealed_secret AS "sealedSecret", s.previous_sealed_secret AS "previousSealedSecret",
         s.previous_valid_until AS "previousValidUntil", s.recipient, s.rate_limit AS "rateLimit",
         e.body, e.patient_id AS "patientId", e.category, k.consent_id AS "consentId", k.purpose
  FROM claimed c
  JOIN subscriptions s ON s.subscription_id = c.subscription_id
  JOIN inbound_events e ON e.event_id = c.event_id
  LEFT JOIN LATERAL (${coveringConsent('c.tenant_id')}) k ON true`;

export async function claimDue(pool: Pool, limit: number, skipSubscriptions: string[], leaseSeconds: number, claimId: string): Promise<ClaimedDelivery[]> {
  const { rows } = await pool.query<ClaimedDelivery>({ name: 'webhooks_claim', text: CLAIM_SQL, values: [limit, skipSubscriptions, leaseSeconds, claimId] });
  return rows;
}

/** On shutdown: hand back what this process claimed but did not send, so another replica takes it at once. */
export async function releaseClaim(pool: Pool, claimId: string, messageIds: string[]): Promise<void> {
  if (messageIds.length === 0) return;
  await pool.query(`UPDATE deliveries SET leased_until = NULL, claim_id = NULL WHERE claim_id = $1 AND message_id = ANY($2::uuid[]) AND status = 'pending'`, [claimId, messageIds]);
}
