/**
 * When to try again (Svix's schedule by default: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h). Jitter
 * spreads the retries of messages that failed together, so a recovering endpoint is not hit by all of them at once.
 */
export interface RetryPolicy {
  /** Delay before each attempt of a round; the first is normally 0. Its length is the number of attempts. */
  scheduleMs: readonly number[];
  jitter: number;
  maxRetryAfterMs: number;
}

/**
 * The delay before the next attempt after `attemptsMade` failed attempts in this round, or undefined when the
 * schedule is exhausted. A Retry-After (429, 503) wins when it asks for longer than the schedule.
 */
export function nextDelayMs(policy: RetryPolicy, attemptsMade: number, retryAfterMs?: number, random: () => number = Math.random): number | undefined {
  if (attemptsMade >= policy.scheduleMs.length) return undefined;
  const base = policy.scheduleMs[attemptsMade];
  const jittered = Math.round(base * (1 + policy.jitter * (2 * random() - 1)));
  const asked = retryAfterMs === undefined ? 0 : Math.min(retryAfterMs, policy.maxRetryAfterMs);
  return Math.max(jittered, asked);
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | undefined, nowMs: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** Only these statuses carry a Retry-After the sender should honour. */
export const honoursRetryAfter = (status: number): boolean => status === 429 || status === 503;
