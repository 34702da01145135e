import type { Pool } from 'pg';
import { type KeyedRow, keyset, type Page, type PageParams, withTenant } from '@iop/platform';

/** A subscription as the API shows it: never its secret. */
export interface SubscriptionView {
  subscriptionId: string;
  url: string;
  eventTypes: string[];
  description: string | null;
  recipient: string | null;
  purpose: string | null;
  rateLimit: number | null;
  status: 'active' | 'paused' | 'disabled';
  disabledReason: string | null;
  failingSince: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const COLUMNS = `s.subscription_id AS "subscriptionId", s.url, s.event_types AS "eventTypes", s.description, s.recipient, s.purpose,
  s.rate_limit AS "rateLimit", s.status, s.disabled_reason AS "disabledReason", ${iso('h.failing_since')} AS "failingSince",
  s.version, ${iso('s.created_at')} AS "createdAt", ${iso('s.updated_at')} AS "updatedAt"`;

const FROM = `subscriptions s LEFT JOIN endpoint_health h ON h.subscription_id = s.subscription_id`;

/** Row-level security scopes every read to the caller's tenant; deleted subscriptions are gone from the API. */
export async function findSubscription(pool: Pool, tenantId: string, subscriptionId: string): Promise<SubscriptionView | undefined> {
  return withTenant(pool, tenantId, async (client) => {
    const { rows } = await client.query<SubscriptionView>(`SELECT ${COLUMNS} FROM ${FROM} WHERE s.subscription_id = $1 AND s.status <> 'deleted'`, [subscriptionId]);
    return rows[0];
  });
}

const SUBSCRIPTIONS = keyset('webhooks.subscriptions', [{ sql: 's.seq', type: 'bigint' }]);

/** Oldest first. */
export async function listSubscriptions(pool: Pool, tenantId: string, q: PageParams): Promise<Page<SubscriptionView>> {
  const page = SUBSCRIPTIONS.request(q);
  const after = SUBSCRIPTIONS.where(page, 2);
  return withTenant(pool, tenantId, async (client) => {
    const { rows } = await client.query<SubscriptionView & KeyedRow>(
      `SELECT ${COLUMNS}, ${SUBSCRIPTIONS.keySelect} FROM ${FROM} WHERE s.status <> 'deleted' AND ${after.sql} ORDER BY ${SUBSCRIPTIONS.orderBy} LIMIT $1`,
      [page.limit + 1, ...after.params],
    );
    return SUBSCRIPTIONS.page(rows, page);
  });
}
