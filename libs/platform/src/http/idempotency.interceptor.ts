import {
  type CallHandler, type ExecutionContext, HttpStatus, Inject, Injectable, Logger, type NestInterceptor, type OnApplicationBootstrap, type OnApplicationShutdown,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { RequestWithPrincipal } from '../auth/principal';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { PG_POOL } from '../db/database';
import { IdempotentReplay, type IdempotentRequest, idempotentRequest } from './idempotency';
import { ProblemError } from './problem';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** Headers a replay gives back with the first answer's body and status. */
const REPLAYED_HEADERS = ['etag', 'location', 'content-location'];
/** How long a retry waits for the first request's answer once its change has committed. */
const ANSWER_WAIT_MS = 5_000;
/** Longer than any request takes: a change committed this long ago without an answer lost its answer with its process. */
const ANSWER_LOST_AFTER_S = 15;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Stored = { request_hash: string; status_code: number | null; response: unknown; headers: Record<string, string> | null; age_s: number };

/**
 * `Idempotency-Key` on POSTs (docs/CONTRACTS.md, "HTTP conventions"). The key belongs to one caller (tenant and token
 * subject) for IDEMPOTENCY_KEY_TTL_HOURS (24 by default). A POST that runs a command has its key claimed in the
 * command's own transaction (idempotency.ts) and its answer (status, body, ETag and Location) stored once the route
 * answered: a retry while the first still runs waits for it and replays that answer; a first request that failed
 * leaves the key free. While the first request is answering, a retry waits a little, then gets 409
 * `idempotency-key-in-use` (retry shortly); a first request whose change committed but whose answer was never stored
 * (its process died in between) keeps the key: retries get 409 `idempotency-answer-lost` (read the resource), never a
 * second change. The same
 * key with another body is a 422. A POST that runs no command stores its answer once it succeeded.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('idempotency');

  constructor(@Inject(PG_POOL) private readonly pool: Pool, @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<FastifyRequest & RequestWithPrincipal>();
    const key = req.headers['idempotency-key'];
    if (req.method !== 'POST' || key === undefined || !req.principal) return next.handle();
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new ProblemError(400, 'Idempotency-Key must be 1-255 visible ASCII characters.');
    }
    const path = req.url.split('?')[0];
    const request: IdempotentRequest = {
      tenantId: req.principal.tenantId, caller: req.principal.subject, key, method: req.method, path,
      hash: createHash('sha256').update(`${req.method} ${path}\n${JSON.stringify(req.body ?? null)}`).digest('hex'),
      status: (Reflect.getMetadata(HTTP_CODE_METADATA, ctx.getHandler()) as number | undefined) ?? HttpStatus.CREATED,
      ttlHours: this.config.idempotencyKeyTtlHours,
      claimed: false,
    };
    return from(this.run(request, ctx.switchToHttp().getResponse<FastifyReply>(), next));
  }

  private async run(req: IdempotentRequest, reply: FastifyReply, next: CallHandler): Promise<unknown> {
    const first = await this.stored(req);
    if (first) return this.replay(await this.answered(req, first), req, reply);
    let body: unknown;
    try {
      body = await idempotentRequest.run(req, () => lastValueFrom(next.handle(), { defaultValue: undefined }));
    } catch (err) {
      if (!(err instanceof IdempotentReplay)) throw err;
      const used = await this.stored(req);
      if (!used) throw new ProblemError(409, 'A request with this Idempotency-Key finished meanwhile; retry.', undefined, 'idempotency-key-in-use');
      return this.replay(await this.answered(req, used), req, reply);
    }
    const headers = Object.fromEntries(REPLAYED_HEADERS.flatMap((h) => { const v = reply.getHeader(h); return v === undefined ? [] : [[h, String(v)]]; }));
    const answer = [reply.statusCode, JSON.stringify(body ?? null), JSON.stringify(headers)];
    // Claimed by the command: the route's answer completes the key's record. Not claimed (no command ran): the answer
    // is recorded now. Either way a failure here loses no change, only the replay (which then says so, 409).
    await (req.claimed
      ? this.pool.query(
        'UPDATE idempotency_keys SET status_code = $5, response = $6, headers = $7 WHERE tenant_id = $1 AND caller = $2 AND key = $3 AND request_hash = $4',
        [req.tenantId, req.caller, req.key, req.hash, ...answer],
      )
      : this.pool.query(
        `INSERT INTO idempotency_keys (tenant_id, caller, key, method, path, request_hash, status_code, response, headers)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (tenant_id, caller, key) DO NOTHING`,
        [req.tenantId, req.caller, req.key, req.method, req.path, req.hash, ...answer],
      )
    ).catch((err: unknown) => this.logger.warn(`Idempotency-Key answer not stored: ${(err as Error).message}`));
    return body;
  }

  private async stored(req: IdempotentRequest): Promise<Stored | undefined> {
    const { rows } = await this.pool.query<Stored>(
      `SELECT request_hash, status_code, response, headers, extract(epoch FROM now() - created_at)::float8 AS age_s FROM idempotency_keys
       WHERE tenant_id = $1 AND caller = $2 AND key = $3 AND created_at >= now() - make_interval(hours => $4)`,
      [req.tenantId, req.caller, req.key, req.ttlHours],
    );
    return rows[0];
  }

  /** The first request's answer: its change committed, its route is answering (or its process died meanwhile). */
  private async answered(req: IdempotentRequest, row: Stored): Promise<Stored> {
    if (row.request_hash !== req.hash) return row;
    const deadline = Date.now() + ANSWER_WAIT_MS;
    for (let current: Stored | undefined = row; ; current = await this.stored(req)) {
      if (current && current.status_code !== null) return current;
      if (current && current.age_s > ANSWER_LOST_AFTER_S) {
        // Its process ended between the commit and the answer: the change is made, only the answer is gone.
        throw new ProblemError(409, 'The first request with this Idempotency-Key made its change, but its answer was lost: read the resource instead of retrying.', undefined, 'idempotency-answer-lost');
      }
      if (Date.now() > deadline) {
        throw new ProblemError(409, 'A request with this Idempotency-Key is still being processed: retry shortly.', undefined, 'idempotency-key-in-use');
      }
      await sleep(50);
    }
  }

  private replay(row: Stored, req: IdempotentRequest, reply: FastifyReply): unknown {
    if (row.request_hash !== req.hash) throw new ProblemError(422, 'This Idempotency-Key was used with a different request.', undefined, 'idempotency-key-reused');
    void reply.status(row.status_code ?? req.status).header('idempotent-replayed', 'true');
    for (const [name, value] of Object.entries(row.headers ?? {})) void reply.header(name, value);
    return row.response;
  }
}

/** Keys past their time are deleted hourly (every replica may: the statement is idempotent), so the table stays small. */
@Injectable()
export class IdempotencyKeyPruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(@Inject(PG_POOL) private readonly pool: Pool, @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.prune().catch(() => undefined), 3_600_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async prune(): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)', [this.config.idempotencyKeyTtlHours]);
    return rowCount ?? 0;
  }
}
