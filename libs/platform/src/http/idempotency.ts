import { AsyncLocalStorage } from 'node:async_hooks';
import type { PoolClient } from 'pg';

/**
 * An `Idempotency-Key` request on its way through a command (docs/CONTRACTS.md, "HTTP conventions"). The key is
 * one caller's (tenant and token subject), kept for `ttlHours`. The command pipeline claims it in the command's own
 * transaction, so the key and the change commit together or not at all: a retry while the first request still runs
 * waits for it and replays its answer, a first request that failed leaves no key, and one that committed keeps it
 * whatever happens afterwards (its answer is stored as soon as the route has answered).
 */
export interface IdempotentRequest {
  tenantId: string;
  caller: string;
  key: string;
  method: string;
  path: string;
  hash: string;
  /** The status the route answers with on success (its @HttpCode, else 201). */
  status: number;
  ttlHours: number;
  /** Set once a command's transaction has claimed the key. */
  claimed: boolean;
}

export const idempotentRequest = new AsyncLocalStorage<IdempotentRequest>();

/** The key was used already (by a request that committed): its stored answer is replayed instead. */
export class IdempotentReplay extends Error {
  constructor() {
    super('Idempotency-Key used already');
    this.name = 'IdempotentReplay';
  }
}

/**
 * In the command's transaction: claim the key, or learn it was used. A concurrent first request holding the key
 * makes this INSERT wait until it commits (then: used) or rolls back (then: ours). An expired key is taken over.
 */
export async function claimKey(client: PoolClient, req: IdempotentRequest): Promise<void> {
  const { rowCount } = await client.query(
    `INSERT INTO idempotency_keys (tenant_id, caller, key, method, path, request_hash) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (tenant_id, caller, key) DO UPDATE
       SET method = excluded.method, path = excluded.path, request_hash = excluded.request_hash, status_code = NULL, response = NULL,
           headers = NULL, created_at = now()
       WHERE idempotency_keys.created_at < now() - make_interval(hours => $7)`,
    [req.tenantId, req.caller, req.key, req.method, req.path, req.hash, req.ttlHours],
  );
  if (!rowCount) throw new IdempotentReplay();
  req.claimed = true;
}
