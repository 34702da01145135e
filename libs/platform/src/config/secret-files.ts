import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error';

/**
 * Secrets from files: every secret variable `NAME` may instead be given as `NAME_FILE`, the path of a file that holds
 * the value (a Kubernetes Secret mounted as a volume, a Docker secret under /run/secrets). A value in a file stays out
 * of `kubectl describe`, of the process's environment block and of crash dumps of it, and can be rotated by the
 * platform that mounts it.
 *
 * Only the variables below are read this way. Other names that end in `_FILE` are paths the service reads itself
 * (`AUTH_JWKS_FILE` is a public key set, not a secret).
 */
export const SECRET_VARIABLES: readonly RegExp[] = [
  // Database URLs carry the role's password: each service's own, and the owner's for migrations.
  /^[A-Z][A-Z0-9_]*_DATABASE_URL$/,
  /^WEBHOOKS_SECRET_KEY$/,
  /^WEBHOOKS_PREVIOUS_SECRET_KEYS$/,
  /^ANALYTICS_PSEUDONYM_KEYS$/,
  // Managed Kafka (SASL SCRAM or OAUTHBEARER), for every service or one alone (`<SERVICE>_KAFKA_SASL_PASSWORD`).
  /^([A-Z][A-Z0-9_]*_)?KAFKA_SASL_(USERNAME|PASSWORD|OAUTHBEARER_CLIENT_ID|OAUTHBEARER_CLIENT_SECRET)$/,
  // The staff console's backend-for-frontend.
  /^CONSOLE_(OIDC_CLIENT_SECRET|SESSION_SECRET)$/,
];

type Env = Record<string, string | undefined>;

export const isSecretVariable = (name: string): boolean => SECRET_VARIABLES.some((pattern) => pattern.test(name));

/**
 * The environment with every `NAME_FILE` of a secret variable replaced by `NAME` holding the file's content (one
 * trailing line break removed, as editors and `echo` add one). Both at once is refused: which one wins would be a
 * guess. A file that is missing, unreadable or empty stops the service with the variable's name, like any setting.
 * The input is not changed; other variables are copied as they are.
 */
export function withSecretFiles(env: Env, read: (path: string) => string = (path) => readFileSync(path, 'utf8')): Env {
  const resolved: Env = { ...env };
  for (const [variable, path] of Object.entries(env)) {
    if (!variable.endsWith('_FILE') || path === undefined) continue;
    const name = variable.slice(0, -'_FILE'.length);
    if (!isSecretVariable(name)) continue;
    if (env[name] !== undefined && env[name] !== '') throw new ConfigError(variable, `and ${name} are both set: give the secret one way only`);
    if (path === '') throw new ConfigError(variable, 'is empty: the path of a file that holds the secret');
    let value: string;
    try {
      value = read(path);
    } catch (err) {
      throw new ConfigError(variable, `names a file that cannot be read (${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    value = value.replace(/\r?\n$/, '');
    if (value === '') throw new ConfigError(variable, `names an empty file (${path})`);
    resolved[name] = value;
    delete resolved[variable];
  }
  return resolved;
}

/**
 * For a process's own environment at start (runService): the secrets read from their files into `process.env`, so
 * every configuration reader of the service (the platform's, the service's own) sees them as plain variables.
 */
export function applySecretFiles(env: NodeJS.ProcessEnv = process.env): void {
  const resolved = withSecretFiles(env);
  for (const name of Object.keys(env)) if (!(name in resolved)) delete env[name];
  Object.assign(env, resolved);
}
