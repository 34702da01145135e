import { parseDurationList } from '../config/durations';
import { honoursRetryAfter, nextDelayMs, retryAfterMs } from './retry-policy';

const svix = { scheduleMs: parseDurationList('0,5s,5m,30m,2h,5h,10h,10h'), jitter: 0, maxRetryAfterMs: 86_400_000 };

describe('the retry schedule', () => {
  it('follows immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then gives up', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((n) => nextDelayMs(svix, n));
    expect(delays).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(nextDelayMs(svix, 8)).toBeUndefined();
  });

  it('spreads delays by the jitter, both ways', () => {
    const jittered = { ...svix, jitter: 0.2 };
    expect(nextDelayMs(jittered, 1, undefined, () => 0)).toBe(4_000);
    expect(nextDelayMs(jittered, 1, undefined, () => 1)).toBe(6_000);
  });

  it('waits as long as Retry-After asks when that is longer, capped', () => {
    expect(nextDelayMs(svix, 1, 60_000)).toBe(60_000);
    expect(nextDelayMs(svix, 2, 60_000)).toBe(300_000);
    expect(nextDelayMs({ ...svix, maxRetryAfterMs: 10_000 }, 1, 3_600_000)).toBe(10_000);
  });

  it('reads Retry-After as seconds or an HTTP date, on 429 and 503 only', () => {
    const now = Date.parse('2025-03-07T12:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Fri, 07 Mar 2025 12:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect([429, 503, 500, 410].map(honoursRetryAfter)).toEqual([true, true, false, false]);
  });
});
