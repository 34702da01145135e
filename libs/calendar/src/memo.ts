/*
 * Enrollment converts the same few hundred dates and session times over and over: answers are remembered, bounded,
 * so a hot path turns into map lookups. Deterministic: a remembered answer is the one computing it again would give.
 */
const MEMO_LIMIT = 50_000;

export function memo<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= MEMO_LIMIT) cache.clear();
    cache.set(key, (value = compute()));
  }
  return value;
}
