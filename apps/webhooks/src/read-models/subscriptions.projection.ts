import type { PoolClient } from 'pg';
import type { Projection, StoredEvent } from '@iop/event-store';
import { assertNever } from '@iop/decider';
import { SUBSCRIPTION_EVENT_TYPES, type SettingsChanges, type SubscriptionEvent } from '../domain/subscription/subscription.events';

/** Columns a SubscriptionUpdated may set, by the name of the change. */
const COLUMN_OF: Record<keyof SettingsChanges, string> = {
  url: 'url', eventTypes: 'event_types', description: 'description', recipient: 'recipient', purpose: 'purpose', rateLimit: 'rate_limit',
};

type Row = { tenantId: string; version: number; at: string };

async function created(client: PoolClient, table: string, e: Extract<SubscriptionEvent, { type: 'SubscriptionCreated' }>, row: Row) {
  const d = e.data;
  await client.query(
    `INSERT INTO ${table} (subscription_id, tenant_id, url, event_types, description, recipient, purpose, rate_limit, status, sealed_secret, version, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9, $10, $11, $11) ON CONFLICT (subscription_id) DO NOTHING`,
    [d.subscriptionId, row.tenantId, d.url, d.eventTypes, d.description ?? null, d.recipient ?? null, d.purpose ?? null, d.rateLimit ?? null, d.sealedSecret, row.version, d.createdAt],
  );
}

async function updated(client: PoolClient, table: string, e: Extract<SubscriptionEvent, { type: 'SubscriptionUpdated' }>, row: Row) {
  const entries = Object.entries(e.data.changes).filter(([key]) => key in COLUMN_OF) as [keyof SettingsChanges, unknown][];
  const sets = entries.map(([key], i) => `${COLUMN_OF[key]} = $${i + 4}`);
  await client.query(
    `UPDATE ${table} SET ${[...sets, 'version = $2', 'updated_at = $3'].join(', ')} WHERE subscription_id = $1`,
    [e.data.subscriptionId, row.version, row.at, ...entries.map(([, v]) => v ?? null)],
  );
}

/** Status and secret changes: one UPDATE each, keyed by the stream's subscription. */
function simpleUpdate(e: SubscriptionEvent): { set: string; values: unknown[] } {
  switch (e.type) {
    case 'SubscriptionPaused':
      return { set: `status = 'paused'`, values: [] };
    case 'SubscriptionResumed':
      return { set: `status = 'active', disabled_reason = NULL`, values: [] };
    case 'EndpointDisabled':
      return { set: `status = 'disabled', disabled_reason = $4`, values: [e.data.reason] };
    case 'SubscriptionDeleted':
      return { set: `status = 'deleted'`, values: [] };
    case 'SecretRotated':
      return { set: 'previous_sealed_secret = sealed_secret, sealed_secret = $4, previous_valid_until = $5', values: [e.data.sealedSecret, e.data.previousValidUntil] };
    case 'SubscriptionCreated':
    case 'SubscriptionUpdated':
      throw new Error(`${e.type} is not a simple update`);
    default:
      return assertNever(e);
  }
}

const occurredAt = (e: StoredEvent): string =>
  typeof e.metadata.occurredAt === 'string' ? e.metadata.occurredAt : new Date(e.recordedAt).toISOString();

async function applyOne(client: PoolClient, table: string, stored: StoredEvent): Promise<void> {
  const event = { type: stored.type, data: stored.data } as SubscriptionEvent;
  const row: Row = { tenantId: stored.metadata.tenantId, version: stored.streamVersion, at: occurredAt(stored) };
  if (event.type === 'SubscriptionCreated') return created(client, table, event, row);
  if (event.type === 'SubscriptionUpdated') return updated(client, table, event, row);
  const { set, values } = simpleUpdate(event);
  await client.query(`UPDATE ${table} SET ${set}, version = $2, updated_at = $3 WHERE subscription_id = $1`, [event.data.subscriptionId, row.version, row.at, ...values]);
}

/** Inline: the API reads its own writes, and the fan-out sees a new or paused subscription at once. */
export const subscriptionsProjection: Projection = {
  name: 'subscriptions',
  tables: ['subscriptions'],
  handles: SUBSCRIPTION_EVENT_TYPES,
  async apply(client, events, schema) {
    for (const e of events) await applyOne(client, `"${schema}".subscriptions`, e);
  },
};
