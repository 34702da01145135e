/** `250ms`, `5s`, `5m`, `2h`, `5d` or a bare number of milliseconds. */
const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!match) throw new Error(`"${text}" is not a duration like 250ms, 5s, 5m, 2h or 5d`);
  return Math.round(Number(match[1]) * UNITS[match[2] ?? 'ms']);
}

export const parseDurationList = (text: string): number[] => text.split(',').map(parseDuration);
