/**
 * The development secrets of docker-compose.yml, generated once into a volume by its one-shot `keys` container and
 * read by the services through `NAME_FILE` variables (libs/platform/src/config/secret-files.ts), as a hosted
 * deployment reads its mounted Secrets. Random per developer stack, so no value in the repository is ever a real key.
 * A file already there is kept: webhook endpoint secrets sealed under the key stay readable across restarts.
 */
import { chownSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/** File name: how its value is made (in the format the service that reads it expects). */
export const DEV_SECRET_FILES: Record<string, () => string> = {
  // 32 bytes as 64 hex digits (WEBHOOKS_SECRET_KEY).
  'webhooks-secret-key': () => randomBytes(32).toString('hex'),
  // v<N>:<secret of 16+ characters> (ANALYTICS_PSEUDONYM_KEYS).
  'analytics-pseudonym-keys': () => `v1:${randomBytes(32).toString('base64url')}`,
  // The staff console's cookie key and its client secret at the development identity provider.
  'console-session-secret': () => randomBytes(32).toString('base64url'),
  'console-oidc-client-secret': () => randomBytes(32).toString('base64url'),
};

/** The uid and gid of `node` in the official Node.js images, which the services run as. */
const SERVICE_USER = 1000;

/** Writes the files that are missing; returns their names. Readable by their owner only, the services' user. */
export function writeDevSecrets(dir: string): string[] {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const written: string[] = [];
  for (const [name, make] of Object.entries(DEV_SECRET_FILES)) {
    const path = join(dir, name);
    if (existsSync(path)) continue;
    writeFileSync(path, `${make()}\n`, { mode: 0o400 });
    if (process.getuid?.() === 0) chownSync(path, SERVICE_USER, SERVICE_USER);
    written.push(name);
  }
  return written;
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: node -r @swc-node/register infra/docker/dev-secrets.ts <directory>\n');
    process.exit(2);
  }
  const written = writeDevSecrets(dir);
  process.stdout.write(`development secrets in ${dir}: ${written.length ? `wrote ${written.join(', ')}` : 'all present, kept'}\n`);
}
