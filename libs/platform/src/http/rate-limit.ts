import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Principal } from '../auth/principal';

/**
 * Requests per caller per window (HTTP_RATE_LIMIT, HTTP_RATE_LIMIT_WINDOW_MS): a runaway script or a leaked token
 * cannot take the service from everyone else. The caller is the token's tenant and subject (one clinic's many users
 * behind one address are not one caller); routes without a token (health, metrics, the OpenAPI document) are not
 * limited, since they are the platform's own probes. Over the limit: 429 problem+json with Retry-After. Counts are
 * kept per replica, so behind N replicas a caller gets up to N times the limit (the service's real capacity grows with
 * them too).
 */
@Injectable()
export class CallerRateLimit extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const who = req.principal as Principal | undefined;
    return who ? `${who.tenantId}\u0000${who.subject}` : String(req.ip);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return !context.switchToHttp().getRequest<{ principal?: Principal }>().principal;
  }
}
