/**
 * What happened to one claimed delivery and what the database must remember of it. Pure: the dispatcher produces
 * these, the results writer stores a batch of them in one transaction.
 */
import type { SendOutcome } from '../delivery/http-sender';
import { honoursRetryAfter, nextDelayMs, retryAfterMs, type RetryPolicy } from '../delivery/retry-policy';
import type { ClaimedDelivery } from './delivery-claims';

export type AttemptOutcome = 'succeeded' | 'failed' | 'timeout' | 'network' | 'refused';

export interface AttemptRecord {
  attempt: number;
  attemptedAt: Date;
  outcome: AttemptOutcome;
  httpStatus: number | null;
  latencyMs: number | null;
  response: string | null;
  error: string | null;
}

export interface DeliveryResult {
  row: ClaimedDelivery;
  status: 'pending' | 'delivered' | 'withheld' | 'exhausted' | 'cancelled';
  statusReason: string | null;
  /** null parks the row until its endpoint is resumed. */
  nextAttemptAt: Date | null;
  scheduleStep: number;
  attempt?: AttemptRecord;
  /** The body left this service for a patient event: a disclosure for the accounting. */
  disclosedAt?: Date;
  /** 410 Gone: the endpoint is disabled at once. */
  gone?: boolean;
}

const keep = (row: ClaimedDelivery, status: DeliveryResult['status'], statusReason: string | null, nextAttemptAt: Date | null): DeliveryResult => ({
  row, status, statusReason, nextAttemptAt, scheduleStep: row.scheduleStep,
});

/** Not sent: the endpoint is paused or disabled; the row waits until it is resumed (or, deleted meanwhile, never). */
export const parked = (row: ClaimedDelivery): DeliveryResult =>
  row.subscriptionStatus === 'deleted' ? keep(row, 'cancelled', 'subscription deleted', null) : keep(row, 'pending', `endpoint ${row.subscriptionStatus}`, null);
/** Not sent: no Part 2 consent covers this patient event for the subscription's recipient. */
function withheldBecause(row: ClaimedDelivery): string {
  if (!row.recipient) return 'the subscription names no consent recipient';
  if (!row.category) return 'this event type is never disclosed outside the program (its contract names no consent category)';
  return 'no active consent for the recipient and purpose covers this event\'s category';
}

export const withheld = (row: ClaimedDelivery, now: Date): DeliveryResult => keep(row, 'withheld', withheldBecause(row), now);
/** Not sent yet: the endpoint's rate limit; tried again when a token is due. */
export const deferred = (row: ClaimedDelivery, waitMs: number, nowMs: number): DeliveryResult => keep(row, 'pending', null, new Date(nowMs + waitMs));

function classify(outcome: SendOutcome | { kind: 'refused'; error: string }): Pick<AttemptRecord, 'outcome' | 'httpStatus' | 'latencyMs' | 'response' | 'error'> {
  if (outcome.kind === 'response') {
    const ok = outcome.status >= 200 && outcome.status < 300;
    return { outcome: ok ? 'succeeded' : 'failed', httpStatus: outcome.status, latencyMs: outcome.latencyMs, response: outcome.response, error: null };
  }
  if (outcome.kind === 'refused') return { outcome: 'refused', httpStatus: null, latencyMs: null, response: null, error: outcome.error };
  return { outcome: outcome.kind, httpStatus: null, latencyMs: outcome.latencyMs, response: null, error: outcome.error };
}

/** After an attempt: delivered, retried on the schedule (or Retry-After), or exhausted. */
export function attempted(
  row: ClaimedDelivery, outcome: SendOutcome | { kind: 'refused'; error: string }, policy: RetryPolicy, attemptedAt: Date, random?: () => number,
): DeliveryResult {
  const record: AttemptRecord = { attempt: row.attempts + 1, attemptedAt, ...classify(outcome) };
  const step = row.scheduleStep + 1;
  const transmitted = outcome.kind !== 'refused' && outcome.transmitted;
  const disclosure = transmitted && row.patientId && !row.disclosed ? { disclosedAt: attemptedAt } : {};
  if (record.outcome === 'succeeded') {
    return { row, status: 'delivered', statusReason: null, nextAttemptAt: attemptedAt, scheduleStep: step, attempt: record, ...disclosure };
  }
  const status = record.httpStatus ?? 0;
  const asked = outcome.kind === 'response' && honoursRetryAfter(status) ? retryAfterMs(outcome.retryAfter, attemptedAt.getTime()) : undefined;
  const delay = nextDelayMs(policy, step, asked, random);
  const reason = record.error ?? `HTTP ${status}`;
  // The endpoint is disabled after this batch is written, in another transaction: a retry scheduled meanwhile could
  // go out before that, so the message is parked now, and sent again when the endpoint is resumed.
  if (status === 410) return { row, status: 'pending', statusReason: `last attempt: ${reason}; the endpoint is gone (disabled until resumed)`, nextAttemptAt: null, scheduleStep: step, attempt: record, ...disclosure, gone: true };
  if (delay === undefined) {
    return { row, status: 'exhausted', statusReason: `${step} attempts failed; last: ${reason}`, nextAttemptAt: attemptedAt, scheduleStep: step, attempt: record, ...disclosure };
  }
  const next = new Date(attemptedAt.getTime() + delay);
  return { row, status: 'pending', statusReason: `last attempt: ${reason}`, nextAttemptAt: next, scheduleStep: step, attempt: record, ...disclosure };
}
