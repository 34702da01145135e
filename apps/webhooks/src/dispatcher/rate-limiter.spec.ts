import { RateLimiter } from './rate-limiter';

describe('the per-endpoint token bucket', () => {
  it('allows a second\'s burst, then the rate, and says how long to wait', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    const granted = Array.from({ length: 6 }, () => limiter.take('sub', 5));
    expect(granted).toEqual([0, 0, 0, 0, 0, 200]);
    expect(limiter.exhausted()).toEqual(['sub']);
    now = 200;
    expect(limiter.take('sub', 5)).toBe(0);
    expect(limiter.take('sub', 5)).toBe(200);
  });

  it('keeps endpoints apart and ignores an unlimited one', () => {
    const limiter = new RateLimiter(() => 0);
    limiter.take('a', 1);
    expect(limiter.take('a', 1)).toBeGreaterThan(0);
    expect(limiter.take('b', 1)).toBe(0);
    expect(Array.from({ length: 100 }, () => limiter.take('c', 0)).every((w) => w === 0)).toBe(true);
  });

  it('forgets endpoints whose bucket is full again', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    limiter.take('a', 2);
    now = 5_000;
    expect(limiter.exhausted()).toEqual([]);
    expect(limiter.take('a', 2)).toBe(0);
  });
});
