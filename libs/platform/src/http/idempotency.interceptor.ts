import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { RequestWithPrincipal } from '../auth/principal';
import { PG_POOL } from '../db/database';
import { ProblemError } from './problem';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** Longer than any request may take; after it, an unfinished first request is presumed dead. */
const IN_PROGRESS_LEASE_SECONDS = 15;

/**
 * `Idempotency-Key` on POSTs that create (docs/CONTRACTS.md, "HTTP conventions"): the first request with a key runs and its answer is
 * stored; the same key with the same body replays that answer (header `Idempotent-Replayed: true`); the same key
 * with another body is a 422; a key whose first request is still running is a 409. A failed request frees its key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<FastifyRequest & RequestWithPrincipal>();
    const key = req.headers['idempotency-key'];
    if (req.method !== 'POST' || key === undefined || !req.principal) return next.handle();
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new ProblemError(400, 'Idempotency-Key must be 1-255 visible ASCII characters.');
    }
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    return from(this.run(req.principal.tenantId, key, req, reply, next));
  }

  private async run(tenantId: string, key: string, req: FastifyRequest, reply: FastifyReply, next: CallHandler): Promise<unknown> {
    const path = req.url.split('?')[0];
    const hash = createHash('sha256').update(`${req.method} ${path}\n${JSON.stringify(req.body ?? null)}`).digest('hex');
    // A key whose first request never finished (its process died) is taken over once its lease has run out.
    const claimed = await this.pool.query(
      `INSERT INTO idempotency_keys (tenant_id, key, method, path, request_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, key) DO UPDATE SET created_at = now()
         WHERE idempotency_keys.status_code IS NULL AND idempotency_keys.request_hash = excluded.request_hash
           AND idempotency_keys.created_at < now() - make_interval(secs => $6)`,
      [tenantId, key, req.method, path, hash, IN_PROGRESS_LEASE_SECONDS],
    );
    if (claimed.rowCount === 0) return this.replay(tenantId, key, hash, reply);
    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await this.pool.query('UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE tenant_id = $1 AND key = $2', [
        tenantId,
        key,
        reply.statusCode,
        JSON.stringify(body ?? null),
      ]);
      return body;
    } catch (err) {
      await this.pool.query('DELETE FROM idempotency_keys WHERE tenant_id = $1 AND key = $2', [tenantId, key]).catch(() => undefined);
      throw err;
    }
  }

  private async replay(tenantId: string, key: string, hash: string, reply: FastifyReply): Promise<unknown> {
    const { rows } = await this.pool.query<{ request_hash: string; status_code: number | null; response: unknown }>(
      'SELECT request_hash, status_code, response FROM idempotency_keys WHERE tenant_id = $1 AND key = $2',
      [tenantId, key],
    );
    const row = rows[0];
    if (!row) throw new ProblemError(409, 'The first request with this Idempotency-Key failed meanwhile; retry.');
    if (row.request_hash !== hash) throw new ProblemError(422, 'This Idempotency-Key was used with a different request.', undefined, 'idempotency-key-reused');
    if (row.status_code === null) throw new ProblemError(409, 'A request with this Idempotency-Key is still being processed.', undefined, 'idempotency-key-in-use');
    void reply.status(row.status_code).header('idempotent-replayed', 'true');
    return row.response;
  }
}
