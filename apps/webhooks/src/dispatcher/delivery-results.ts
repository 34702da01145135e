import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { EventStore, NewEvent } from '@iop/event-store';
import type { DisclosureRecorded } from '../disclosure/disclosure.events';
import type { DeliveryResult } from './delivery-result';

/*
 * A batch of results in a few statements (unnest arrays, no statement per message). A row whose claim moved on (its
 * lease ran out and another process took it) is not overwritten: its attempt is still logged, as it happened.
 */
const UPDATE_SQL = `
  UPDATE deliveries d SET
    status = u.status, status_reason = u.reason, next_attempt_at = coalesce(u.next_at, 'infinity'), schedule_step = u.step,
    attempts = d.attempts + CASE WHEN u.attempted THEN 1 ELSE 0 END,
    last_attempt_at = CASE WHEN u.attempted THEN u.at ELSE d.last_attempt_at END,
    last_http_status = CASE WHEN u.attempted THEN u.http_status ELSE d.last_http_status END,
    delivered_at = CASE WHEN u.status = 'delivered' THEN u.at ELSE d.delivered_at END,
    disclosed = d.disclosed OR u.disclosed, claim_id = NULL, leased_until = NULL, updated_at = now()
  FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::int[], $7::bool[], $8::timestamptz[], $9::int[], $10::bool[])
    AS u(message_id, claim_id, status, reason, next_at, step, attempted, at, http_status, disclosed)
  WHERE d.message_id = u.message_id AND d.claim_id = u.claim_id
  RETURNING d.message_id`;

const ATTEMPTS_SQL = `
  INSERT INTO delivery_attempts (tenant_id, message_id, subscription_id, attempt, attempted_at, outcome, http_status, latency_ms, response, error)
  SELECT * FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::int[], $5::timestamptz[], $6::text[], $7::int[], $8::int[], $9::text[], $10::text[])`;

/** An endpoint is failing since its first failure after its last success; any success clears it. */
const HEALTH_SQL = `
  INSERT INTO endpoint_health AS h (subscription_id, tenant_id, failing_since, last_success_at, last_failure_at)
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[])
  ON CONFLICT (subscription_id) DO UPDATE SET
    failing_since = CASE WHEN excluded.last_success_at IS NOT NULL THEN NULL ELSE coalesce(h.failing_since, excluded.failing_since) END,
    last_success_at = coalesce(excluded.last_success_at, h.last_success_at),
    last_failure_at = coalesce(excluded.last_failure_at, h.last_failure_at)
  RETURNING subscription_id AS "subscriptionId", failing_since AS "failingSince"`;

export interface Health {
  subscriptionId: string;
  failingSince: Date | null;
}

export interface WriteOutcome {
  health: Health[];
  /** Subscriptions whose endpoint answered 410 in this batch. */
  gone: string[];
}

const col = <T>(results: DeliveryResult[], pick: (r: DeliveryResult) => T) => results.map(pick);

export class DeliveryResultsWriter {
  constructor(private readonly pool: Pool, private readonly store: EventStore) {}

  async write(results: DeliveryResult[]): Promise<WriteOutcome> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const stored = await this.updateDeliveries(client, results);
      await this.insertAttempts(client, results);
      const disclosures = await this.recordDisclosures(client, results.filter((r) => r.disclosedAt && stored.has(r.row.messageId)));
      const health = await this.updateHealth(client, results);
      await client.query('COMMIT');
      if (disclosures) this.store.notifier?.appended();
      return { health, gone: [...new Set(results.filter((r) => r.gone).map((r) => r.row.subscriptionId))] };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  private async updateDeliveries(client: PoolClient, results: DeliveryResult[]): Promise<Set<string>> {
    const { rows } = await client.query<{ message_id: string }>({
      name: 'webhooks_results', text: UPDATE_SQL,
      values: [
        col(results, (r) => r.row.messageId), col(results, (r) => r.row.claimId), col(results, (r) => r.status), col(results, (r) => r.statusReason),
        col(results, (r) => r.nextAttemptAt), col(results, (r) => r.scheduleStep), col(results, (r) => r.attempt !== undefined),
        col(results, (r) => r.attempt?.attemptedAt ?? null), col(results, (r) => r.attempt?.httpStatus ?? null), col(results, (r) => r.disclosedAt !== undefined),
      ],
    });
    return new Set(rows.map((r) => r.message_id));
  }

  private async insertAttempts(client: PoolClient, results: DeliveryResult[]): Promise<void> {
    const tried = results.filter((r) => r.attempt);
    if (tried.length === 0) return;
    const a = (pick: (r: DeliveryResult) => unknown) => tried.map(pick);
    await client.query({
      name: 'webhooks_attempts', text: ATTEMPTS_SQL,
      values: [
        a((r) => r.row.tenantId), a((r) => r.row.messageId), a((r) => r.row.subscriptionId), a((r) => r.attempt!.attempt), a((r) => r.attempt!.attemptedAt),
        a((r) => r.attempt!.outcome), a((r) => r.attempt!.httpStatus), a((r) => r.attempt!.latencyMs), a((r) => r.attempt!.response), a((r) => r.attempt!.error),
      ],
    });
  }

  /** DisclosureRecorded events, one append per tenant per batch (a stream per batch: nothing to contend on). */
  private async recordDisclosures(client: PoolClient, disclosed: DeliveryResult[]): Promise<boolean> {
    const byTenant = new Map<string, NewEvent[]>();
    for (const r of disclosed) {
      const events = byTenant.get(r.row.tenantId) ?? [];
      events.push(disclosureEvent(r));
      byTenant.set(r.row.tenantId, events);
    }
    for (const events of byTenant.values()) {
      await this.store.append(`disclosures-${randomUUID()}`, 'disclosure-batch', events, { expectedVersion: 'no-stream', client });
    }
    return byTenant.size > 0;
  }

  private async updateHealth(client: PoolClient, results: DeliveryResult[]): Promise<Health[]> {
    const bySubscription = new Map<string, { tenantId: string; firstFailure: Date | null; lastSuccess: Date | null; lastFailure: Date | null }>();
    for (const r of results.filter((x) => x.attempt)) {
      const at = r.attempt!.attemptedAt;
      const h = bySubscription.get(r.row.subscriptionId) ?? { tenantId: r.row.tenantId, firstFailure: null, lastSuccess: null, lastFailure: null };
      if (r.attempt!.outcome === 'succeeded') h.lastSuccess = at;
      else {
        h.firstFailure ??= at;
        h.lastFailure = at;
      }
      bySubscription.set(r.row.subscriptionId, h);
    }
    if (bySubscription.size === 0) return [];
    // Sorted, so two writers touching the same endpoints lock them in the same order (no deadlock).
    const entries = [...bySubscription].sort(([a], [b]) => a.localeCompare(b));
    const { rows } = await client.query<Health>(HEALTH_SQL, [
      entries.map(([id]) => id), entries.map(([, h]) => h.tenantId), entries.map(([, h]) => (h.lastSuccess ? null : h.firstFailure)),
      entries.map(([, h]) => h.lastSuccess), entries.map(([, h]) => h.lastFailure),
    ]);
    return rows;
  }
}

function disclosureEvent(r: DeliveryResult): NewEvent {
  const data: DisclosureRecorded['data'] = {
    disclosureId: randomUUID(), patientId: r.row.patientId!, recipient: r.row.recipient!, purpose: r.row.purpose!, eventType: r.row.eventType,
    eventId: r.row.eventId, disclosedAt: r.disclosedAt!.toISOString(), ...(r.row.consentId ? { consentId: r.row.consentId } : {}),
    subscriptionId: r.row.subscriptionId, messageId: r.row.messageId,
  };
  return {
    id: randomUUID(), type: 'DisclosureRecorded', data,
    metadata: { tenantId: r.row.tenantId, actor: { subject: 'service:webhooks', roles: [] }, correlationId: r.row.messageId, causationId: r.row.eventId, occurredAt: data.disclosedAt },
  };
}
