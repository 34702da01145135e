import type { PoolClient } from 'pg';
import type { PublicEvent } from '@iop/domain-events';
import { webhookBody } from '../delivery/thin-payload';
import { consentCategoryOf } from '../disclosure/consent-categories';

/** What the fan-out needs of an event: a consumed public event, or one this service raises itself. */
export type FanOutEvent = Pick<PublicEvent, 'id' | 'type' | 'time' | 'tenantId' | 'data'>;

/*
 * One statement per event: keep the thin body (replays and resends sign it again) and create one pending delivery
 * per active subscription of the tenant whose filter matches.
 */
const FAN_OUT_SQL = `
  WITH event AS (
    INSERT INTO inbound_events (event_id, tenant_id, event_type, patient_id, category, occurred_at, body)
    VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id) DO NOTHING RETURNING event_id
  )
  INSERT INTO deliveries (message_id, tenant_id, subscription_id, event_id, event_type)
  SELECT gen_random_uuid(), s.tenant_id, s.subscription_id, event.event_id, $3
  FROM subscriptions s, event
  WHERE s.tenant_id = $2 AND s.status = 'active' AND webhooks_type_matches(s.event_types, $3)
  ON CONFLICT (subscription_id, event_id) DO NOTHING`;

/** Returns how many messages the event became (0 when no subscription wants it). */
export async function fanOut(event: FanOutEvent, client: PoolClient): Promise<number> {
  const data = event.data as Record<string, unknown>;
  const patientId = typeof data.patientId === 'string' ? data.patientId : null;
  const res = await client.query({
    name: 'webhooks_fan_out',
    text: FAN_OUT_SQL,
    values: [event.id, event.tenantId, event.type, patientId, consentCategoryOf(event.type), event.time, webhookBody(event.type, event.time, data)],
  });
  return res.rowCount ?? 0;
}
