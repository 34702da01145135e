/**
 * A token bucket per endpoint: `rate` deliveries per second on average, bursts up to one second's worth. Kept in
 * memory: with several replicas each applies the limit on its own share, so an endpoint may see up to
 * replicas x rate; the README says so.
 */
interface Bucket {
  tokens: number;
  rate: number;
  updatedMs: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Takes a token; returns 0 when granted, else the milliseconds until one will be there. */
  take(key: string, rate: number): number {
    if (rate <= 0) return 0;
    const bucket = this.refill(key, rate);
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return Math.ceil(((1 - bucket.tokens) / rate) * 1000);
    bucket.tokens -= 1;
    return 0;
  }

  /** Endpoints with no whole token right now: the next claim leaves their messages alone. Full buckets are dropped. */
  exhausted(): string[] {
    const out: string[] = [];
    for (const [key, old] of this.buckets) {
      const bucket = this.refill(key, old.rate);
      if (bucket.tokens >= bucket.rate) this.buckets.delete(key);
      else if (bucket.tokens < 1) out.push(key);
    }
    return out;
  }

  private refill(key: string, rate: number): Bucket {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: rate, rate, updatedMs: now };
    bucket.tokens = Math.min(rate, bucket.tokens + ((now - bucket.updatedMs) / 1000) * rate);
    bucket.rate = rate;
    bucket.updatedMs = now;
    return bucket;
  }
}
