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

/*
 * The same for many events in one statement (a consumed batch): deliveries are created in the events' order, so
 * each subscription's sequence follows the order the events arrived in.
 */
const FAN_OUT_MANY_SQL = `
  WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::timestamptz[], $7::text[]) WITH ORDINALITY
      AS i(event_id, tenant_id, event_type, patient_id, category, occurred_at, body, ord)
  ), event AS (
    INSERT INTO inbound_events (event_id, tenant_id, event_type, patient_id, category, occurred_at, body)
    SELECT event_id, tenant_id, event_type, patient_id, category, occurred_at, body FROM input ORDER BY ord
    ON CONFLICT (event_id) DO NOTHING RETURNING event_id
  )
  INSERT INTO deliveries (message_id, tenant_id, subscription_id, event_id, event_type)
  SELECT gen_random_uuid(), s.tenant_id, s.subscription_id, i.event_id, i.event_type
  FROM event JOIN input i ON i.event_id = event.event_id
  JOIN subscriptions s ON s.tenant_id = i.tenant_id AND s.status = 'active' AND webhooks_type_matches(s.event_types, i.event_type)
  ORDER BY i.ord, s.subscription_id
  ON CONFLICT (subscription_id, event_id) DO NOTHING`;

/** `fanOut` for many events, in order, in one statement; returns how many messages they became. */
export async function fanOutMany(events: readonly FanOutEvent[], client: PoolClient): Promise<number> {
  if (events.length === 0) return 0;
  const patientIds = events.map((e) => {
    const patientId = (e.data as Record<string, unknown>).patientId;
    return typeof patientId === 'string' ? patientId : null;
  });
  const res = await client.query({
    name: 'webhooks_fan_out_many',
    text: FAN_OUT_MANY_SQL,
    values: [
      events.map((e) => e.id), events.map((e) => e.tenantId), events.map((e) => e.type), patientIds,
      events.map((e) => consentCategoryOf(e.type) ?? null), events.map((e) => e.time),
      events.map((e) => webhookBody(e.type, e.time, e.data as Record<string, unknown>)),
    ],
  });
  return res.rowCount ?? 0;
}
