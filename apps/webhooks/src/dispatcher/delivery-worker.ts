import { Inject, Injectable } from '@nestjs/common';
import { signatureHeader } from '../delivery/signature';
import { HttpSender, type SendOutcome } from '../delivery/http-sender';
import type { RetryPolicy } from '../delivery/retry-policy';
import { SecretBox, signingKey } from '../secrets/secret-box';
import { TargetGuard, TargetRefused, type Target } from '../ssrf/target-guard';
import { WEBHOOKS_CONFIG } from '../webhooks.tokens';
import type { WebhooksConfig } from '../config/webhooks-config';
import type { ClaimedDelivery } from './delivery-claims';
import { attempted, deferred, type DeliveryResult, parked, withheld } from './delivery-result';
import { RateLimiter } from './rate-limiter';

/**
 * Sends one claimed delivery: the endpoint must be active, a patient event needs a covering Part 2 consent (else it
 * is withheld, never sent), the endpoint's rate limit must allow it, and the URL must pass the address check after
 * DNS resolution. Then it is signed per Standard Webhooks and posted.
 */
@Injectable()
export class DeliveryWorker {
  readonly limiter = new RateLimiter();
  private readonly keys = new Map<string, Buffer>();
  private readonly policy: RetryPolicy;

  constructor(
    @Inject(WEBHOOKS_CONFIG) private readonly config: WebhooksConfig,
    @Inject(TargetGuard) private readonly guard: TargetGuard,
    @Inject(SecretBox) private readonly box: SecretBox,
    @Inject(HttpSender) private readonly sender: HttpSender,
  ) {
    this.policy = { scheduleMs: config.retryScheduleMs, jitter: config.jitter, maxRetryAfterMs: config.maxRetryAfterMs };
  }

  async deliver(row: ClaimedDelivery): Promise<DeliveryResult> {
    const nowMs = Date.now();
    if (row.subscriptionStatus !== 'active') return parked(row);
    if (row.patientId && !row.consentId) return withheld(row, new Date(nowMs));
    const wait = this.limiter.take(row.subscriptionId, row.rateLimit ?? this.config.defaultRateLimit);
    if (wait > 0) return deferred(row, wait, nowMs);
    const attemptedAt = new Date();
    const target = await this.target(row.url);
    if ('kind' in target) return attempted(row, target, this.policy, attemptedAt);
    const timestamp = Math.floor(attemptedAt.getTime() / 1000);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'iop-webhooks/1',
      'webhook-id': row.messageId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader(this.signingKeys(row, nowMs), row.messageId, timestamp, row.body),
    };
    return attempted(row, await this.sender.send(target, headers, row.body, this.config.timeoutMs), this.policy, attemptedAt);
  }

  private async target(url: string): Promise<Target | SendOutcome | { kind: 'refused'; error: string }> {
    try {
      return await this.guard.resolve(this.guard.parse(url));
    } catch (err) {
      if (err instanceof TargetRefused) return { kind: 'refused', error: `not sent: the URL ${err.reason}` };
      return { kind: 'network', latencyMs: 0, error: (err as Error).message, transmitted: false };
    }
  }

  /** The current secret, and during a rotation the previous one too (a receiver may still hold it). */
  private signingKeys(row: ClaimedDelivery, nowMs: number): Buffer[] {
    const keys = [this.key(row.subscriptionId, row.sealedSecret)];
    if (row.previousSealedSecret && row.previousValidUntil && row.previousValidUntil.getTime() > nowMs) {
      keys.push(this.key(row.subscriptionId, row.previousSealedSecret));
    }
    return keys;
  }

  private key(subscriptionId: string, sealed: string): Buffer {
    const cacheKey = `${subscriptionId}:${sealed}`;
    let key = this.keys.get(cacheKey);
    if (!key) {
      if (this.keys.size > 10_000) this.keys.clear();
      key = signingKey(this.box.open(sealed, subscriptionId));
      this.keys.set(cacheKey, key);
    }
    return key;
  }
}
