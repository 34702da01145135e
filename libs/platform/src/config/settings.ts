import { ConfigError } from './config-error';

export type Env = Record<string, string | undefined>;

/** A whole-number setting within bounds; unset or empty: the fallback; anything else: a ConfigError naming it. */
export function intSetting(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got "${raw}")`);
  return value;
}
