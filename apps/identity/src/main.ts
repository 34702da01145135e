import { loadIdentityConfig, type IdentityConfig } from './config';
import { startIdentity } from './server';

/** A configuration error prints one line and exits 78, as the services do; a start-up failure exits 1. */
let config: IdentityConfig;
try {
  config = loadIdentityConfig();
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(78);
}

startIdentity(config)
  .then((identity) => {
    const stop = () => void identity.close().then(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  })
  .catch((err: unknown) => {
    process.stderr.write(`identity failed to start: ${(err as Error).message}\n`);
    process.exit(1);
  });
