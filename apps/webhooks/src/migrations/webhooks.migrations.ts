import type { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = ['subscriptions', 'inbound_events', 'deliveries', 'delivery_attempts', 'consents', 'endpoint_health', 'disclosures'];

/**
 * The platform's tenant isolation (tenantIsolationSql: the same settings, the same meaning), with each
 * current_setting in a scalar subquery. The planner cannot estimate `current_setting(...) = ...` and guesses that
 * 0.5 % of rows pass; on the delivery queue that made it sort every due row on each claim instead of walking the
 * due index, many times slower on a large queue (docs/PERFORMANCE.md, "Measurements behind the code"). As subqueries they become parameters evaluated once per statement,
 * which it estimates sensibly.
 */
export function tenantIsolation(table: string): string[] {
  return [
    `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY tenant_isolation ON ${table} USING (
       (SELECT current_setting('app.role', true) = 'projector') OR tenant_id = (SELECT current_setting('app.tenant_id', true)))`,
  ];
}

const TABLES = [
  `CREATE TABLE subscriptions (
     subscription_id uuid PRIMARY KEY,
     tenant_id text NOT NULL,
     seq bigint GENERATED ALWAYS AS IDENTITY,
     url text NOT NULL,
     event_types text[] NOT NULL,
     description text,
     recipient text,
     rate_limit integer,
     status text NOT NULL CHECK (status IN ('active', 'paused', 'disabled', 'deleted')),
     disabled_reason text,
     sealed_secret text NOT NULL,
     previous_sealed_secret text,
     previous_valid_until timestamptz,
     version integer NOT NULL,
     created_at timestamptz NOT NULL,
     updated_at timestamptz NOT NULL)`,
  'CREATE INDEX subscriptions_fan_out ON subscriptions (tenant_id, status)',
  'CREATE INDEX subscriptions_list ON subscriptions (tenant_id, seq)',
  // The filter rule of event-filter.ts, for the fan-out statement: exact types and trailing `.*` wildcards.
  `CREATE FUNCTION webhooks_type_matches(patterns text[], event_type text) RETURNS boolean
     LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
       SELECT EXISTS (SELECT 1 FROM unnest(patterns) p
                      WHERE p = event_type OR (right(p, 2) = '.*' AND starts_with(event_type, left(p, -1))))
     $$`,
  `CREATE TABLE inbound_events (
     event_id uuid PRIMARY KEY,
     tenant_id text NOT NULL,
     event_type text NOT NULL,
     patient_id uuid,
     category text,
     occurred_at timestamptz NOT NULL,
     received_at timestamptz NOT NULL DEFAULT now(),
     body text NOT NULL)`,
  'CREATE INDEX inbound_events_replay ON inbound_events (tenant_id, received_at)',
  `CREATE TABLE deliveries (
     message_id uuid PRIMARY KEY,
     seq bigint GENERATED ALWAYS AS IDENTITY,
     tenant_id text NOT NULL,
     subscription_id uuid NOT NULL,
     event_id uuid NOT NULL REFERENCES inbound_events (event_id),
     event_type text NOT NULL,
     status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'withheld', 'exhausted', 'cancelled')),
     status_reason text,
     attempts integer NOT NULL DEFAULT 0,
     schedule_step integer NOT NULL DEFAULT 0,
     round integer NOT NULL DEFAULT 1,
     disclosed boolean NOT NULL DEFAULT false,
     next_attempt_at timestamptz NOT NULL DEFAULT now(),
     claim_id uuid,
     leased_until timestamptz,
     last_attempt_at timestamptz,
     last_http_status integer,
     delivered_at timestamptz,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     UNIQUE (subscription_id, event_id))
   WITH (fillfactor = 80)`,
  // The dispatcher's claim: due pending rows in time order. Parked rows (endpoint paused) wait at 'infinity'. A claim
  // sets only unindexed columns (claim_id, leased_until), so PostgreSQL can update the row in place (HOT, hence the
  // fillfactor): one index write per delivery less at a thousand deliveries a second.
  `CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending'`,
  'CREATE INDEX deliveries_log ON deliveries (subscription_id, seq)',
  `CREATE INDEX deliveries_exhausted ON deliveries (subscription_id, seq) WHERE status = 'exhausted'`,
  `CREATE TABLE delivery_attempts (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     tenant_id text NOT NULL,
     message_id uuid NOT NULL REFERENCES deliveries (message_id),
     subscription_id uuid NOT NULL,
     attempt integer NOT NULL,
     attempted_at timestamptz NOT NULL,
     outcome text NOT NULL CHECK (outcome IN ('succeeded', 'failed', 'timeout', 'network', 'refused')),
     http_status integer,
     latency_ms integer,
     response text,
     error text)`,
  'CREATE INDEX delivery_attempts_message ON delivery_attempts (message_id, id)',
  `CREATE TABLE consents (
     consent_id uuid PRIMARY KEY,
     tenant_id text NOT NULL,
     patient_id uuid NOT NULL,
     recipient text NOT NULL,
     purpose text NOT NULL,
     information text[] NOT NULL,
     revoked_information text[] NOT NULL DEFAULT '{}',
     expires_at timestamptz,
     granted_at timestamptz NOT NULL,
     revoked_at timestamptz)`,
  'CREATE INDEX consents_lookup ON consents (tenant_id, patient_id, recipient)',
  `CREATE TABLE endpoint_health (
     subscription_id uuid PRIMARY KEY,
     tenant_id text NOT NULL,
     failing_since timestamptz,
     last_success_at timestamptz,
     last_failure_at timestamptz)`,
  `CREATE TABLE disclosures (
     disclosure_id uuid PRIMARY KEY,
     tenant_id text NOT NULL,
     patient_id uuid NOT NULL,
     recipient text NOT NULL,
     purpose text NOT NULL,
     event_type text NOT NULL,
     event_id uuid NOT NULL,
     consent_id uuid,
     subscription_id uuid,
     message_id uuid,
     disclosed_at timestamptz NOT NULL)`,
  'CREATE INDEX disclosures_patient ON disclosures (tenant_id, patient_id, disclosed_at)',
];

/**
 * Subscriptions (a read model of the subscription streams), the consent ledger, the events received, one delivery
 * row per message and subscription (its state lives here, not in memory, so deliveries survive restarts), every
 * attempt, endpoint health and the disclosure log. Every table carries tenant_id under row-level security.
 */
export class WebhooksTables1764230400300 implements MigrationInterface {
  name = 'WebhooksTables1764230400300';
  async up(q: QueryRunner): Promise<void> {
    for (const sql of TABLES) await q.query(sql);
    for (const table of TENANT_TABLES) for (const sql of tenantIsolation(table)) await q.query(sql);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE delivery_attempts, deliveries, inbound_events, subscriptions, consents, endpoint_health, disclosures');
    await q.query('DROP FUNCTION webhooks_type_matches(text[], text)');
  }
}

/** A subscription's Part 2 purpose: a consent must name the same one (subscriptions made before have none: withheld). */
export class SubscriptionPurpose1764230400400 implements MigrationInterface {
  name = 'SubscriptionPurpose1764230400400';
  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE subscriptions ADD COLUMN purpose text');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE subscriptions DROP COLUMN purpose');
  }
}

export const WEBHOOKS_MIGRATIONS = [WebhooksTables1764230400300, SubscriptionPurpose1764230400400];
