import type { KafkaMessage } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import { fromKafkaMessage, type PublicEvent } from '@iop/domain-events';
import { commit } from '@iop/platform';

export interface ParkedMessage {
  id: number;
  consumer: string;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  eventId: string | null;
  eventType: string | null;
  tenantId: string | null;
  /** invalid: not JSON or not its schema; failed: the handler kept failing; behind: an earlier event of its key is parked. */
  reason: 'invalid' | 'failed' | 'behind';
  error: string;
  attempts: number;
  status: 'parked' | 'replayed' | 'discarded';
  parkedBehind: number | null;
  parkedAt: string;
}

interface ParkRequest {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  message: KafkaMessage;
  reason: ParkedMessage['reason'];
  error: string;
  attempts: number;
  behind?: number;
  event?: PublicEvent;
}

export type ApplyInTransaction = (event: PublicEvent, client: PoolClient) => Promise<boolean>;

const COLUMNS = `id::int, consumer, topic, partition, "offset", message_key AS key, event_id AS "eventId", event_type AS "eventType",
  tenant_id AS "tenantId", reason, error, attempts, status, parked_behind::int AS "parkedBehind",
  to_char(parked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "parkedAt"`;

const headersToJson = (headers: KafkaMessage['headers']): Record<string, string> =>
  Object.fromEntries(Object.entries(headers ?? {}).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(Array.isArray(v) ? v[0] : v)]));

/** The dead-letter table of one consumer: park, list, replay (in key order) and discard. */
export class DeadLetters {
  constructor(
    private readonly pool: Pool,
    private readonly consumer: string,
    private readonly apply: ApplyInTransaction,
  ) {}

  async park(req: ParkRequest): Promise<ParkedMessage> {
    const { rows } = await this.pool.query<ParkedMessage>(
      `INSERT INTO dead_letters (consumer, topic, partition, "offset", message_key, event_id, event_type, tenant_id, headers, value, reason, error, attempts, parked_behind)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING ${COLUMNS}`,
      [this.consumer, req.topic, req.partition, req.offset, req.key, req.event?.id ?? null, req.event?.type ?? null, req.event?.tenantId ?? null,
        JSON.stringify(headersToJson(req.message.headers)), req.message.value?.toString('utf8') ?? null, req.reason, req.error, req.attempts, req.behind ?? null],
    );
    return rows[0];
  }

  /** The oldest parked event of this key, if any: later events of the key must wait behind it. */
  async parkedHeadFor(key: string): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ id: number }>(
      `SELECT id::int FROM dead_letters WHERE consumer = $1 AND message_key = $2 AND status = 'parked' ORDER BY id LIMIT 1`,
      [this.consumer, key],
    );
    return rows[0]?.id;
  }

  async list(filter: { status?: ParkedMessage['status']; tenantId?: string; limit?: number; afterId?: number } = {}): Promise<ParkedMessage[]> {
    const { rows } = await this.pool.query<ParkedMessage>(
      `SELECT ${COLUMNS} FROM dead_letters WHERE consumer = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR tenant_id = $3)
         AND id > $4 ORDER BY id LIMIT $5`,
      [this.consumer, filter.status ?? null, filter.tenantId ?? null, filter.afterId ?? 0, filter.limit ?? 100],
    );
    return rows;
  }

  async get(id: number): Promise<ParkedMessage | undefined> {
    const { rows } = await this.pool.query<ParkedMessage>(`SELECT ${COLUMNS} FROM dead_letters WHERE consumer = $1 AND id = $2`, [this.consumer, id]);
    return rows[0];
  }

  /**
   * Replays a parked event and then every event parked behind the same key, oldest first, each through the inbox in
   * its own transaction. Stops at the first that fails again (it stays parked, with the new error).
   */
  async replay(id: number): Promise<{ replayed: number[]; failed?: { id: number; error: string } }> {
    const head = await this.get(id);
    if (!head || head.status !== 'parked') return { replayed: [] };
    const queue = head.key
      ? (await this.pool.query<{ id: number }>(`SELECT id::int FROM dead_letters WHERE consumer = $1 AND message_key = $2 AND status = 'parked' AND id >= $3 ORDER BY id`, [this.consumer, head.key, id])).rows.map((r) => r.id)
      : [id];
    const replayed: number[] = [];
    for (const next of queue) {
      const error = await this.replayOne(next);
      if (error) return { replayed, failed: { id: next, error } };
      replayed.push(next);
    }
    return { replayed };
  }

  private async replayOne(id: number): Promise<string | undefined> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ headers: Record<string, string>; value: string | null; message_key: string | null }>(
        `SELECT headers, value, message_key FROM dead_letters WHERE id = $1 AND status = 'parked' FOR UPDATE`, [id]);
      if (!rows[0]) {
        await client.query('ROLLBACK');
        return undefined;
      }
      const parsed = fromKafkaMessage({ key: rows[0].message_key, value: rows[0].value, headers: rows[0].headers });
      if (!parsed.ok) throw new Error(parsed.reason);
      await this.apply(parsed.event, client);
      await client.query(`UPDATE dead_letters SET status = 'replayed', resolved_at = now() WHERE id = $1`, [id]);
      await commit(client);
      return undefined;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      const message = (err as Error).message;
      await this.pool.query('UPDATE dead_letters SET attempts = attempts + 1, error = $2 WHERE id = $1', [id, message]);
      return message;
    } finally {
      client.release();
    }
  }

  async discard(id: number): Promise<boolean> {
    const res = await this.pool.query(`UPDATE dead_letters SET status = 'discarded', resolved_at = now() WHERE consumer = $1 AND id = $2 AND status = 'parked'`, [this.consumer, id]);
    return res.rowCount === 1;
  }
}
