import { ConfigError } from './config-error';

/**
 * Whether a process serves a developer's own machine or real clinics. Only `development` relaxes anything (the local
 * signing keys and issuer, built-in development secrets), so it has to be said: `IOP_ENV=development`, or, with no
 * `IOP_ENV`, `NODE_ENV=development` (npm start) or `NODE_ENV=test` (jest). Everything else, an unset NODE_ENV
 * included, is production: a service started by hand on a server without those variables refuses the development
 * shortcuts instead of quietly trusting keys anyone can read.
 */
export type Deployment = 'development' | 'production';

type Env = Record<string, string | undefined>;

export function deploymentOf(env: Env): Deployment {
  const explicit = env.IOP_ENV;
  if (explicit !== undefined && explicit !== '') {
    if (explicit !== 'development' && explicit !== 'production') throw new ConfigError('IOP_ENV', `must be development or production (got "${explicit}")`);
    return explicit;
  }
  return env.NODE_ENV === 'development' || env.NODE_ENV === 'test' ? 'development' : 'production';
}
