import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_SECRET_FILES, writeDevSecrets } from './dev-secrets';

/**
 * What the runtime image must be without a Docker engine to build it here (docs/OPERATIONS.md, Images): built by the
 * repository's own build, production dependencies only, the compiled code alone, a non-root user, a health check and
 * a command; and the development secrets compose generates, made once and kept.
 */
const ROOT = join(__dirname, '..', '..');
const dockerfile = readFileSync(join(ROOT, 'infra', 'docker', 'Dockerfile'), 'utf8');
/** The instructions of each stage, by stage name, without comments. */
const stages = new Map<string, string[]>();
let current = '';
for (const line of dockerfile.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))) {
  const from = /^FROM \S+ AS (\S+)$/.exec(line);
  if (from) current = from[1];
  stages.set(current, [...(stages.get(current) ?? []), line]);
}

describe('infra/docker/Dockerfile', () => {
  it('builds with the repository\'s own build in a stage of its own', () => {
    expect([...stages.keys()]).toEqual(['', 'build', 'deps', 'runtime']);
    expect(stages.get('build')).toEqual(expect.arrayContaining(['RUN npm ci --no-audit --no-fund', expect.stringMatching(/^RUN npm run build\b/)]));
    expect(stages.get('deps')).toEqual(expect.arrayContaining([expect.stringMatching(/^RUN npm ci --omit=dev\b/)]));
  });

  it('ships production dependencies and compiled code only, as a non-root user, with a health check and a command', () => {
    const runtime = stages.get('runtime')!;
    const copies = runtime.filter((l) => l.startsWith('COPY'));
    expect(copies).toEqual([
      'COPY --from=deps /app/node_modules ./node_modules',
      'COPY package.json ./',
      'COPY --from=build /app/dist/libs ./dist/libs',
      'COPY --from=build /app/dist/apps/${SERVICE} ./dist/apps/${SERVICE}',
      'COPY infra/docker/healthcheck.cjs ./healthcheck.cjs',
    ]);
    const user = runtime.findIndex((l) => l === 'USER node');
    expect(user).toBeGreaterThan(runtime.findIndex((l) => l.startsWith('RUN')));
    expect(runtime.slice(user + 1).some((l) => /^(RUN|COPY|USER)/.test(l))).toBe(false);
    expect(runtime).toEqual(expect.arrayContaining([expect.stringMatching(/^HEALTHCHECK .*CMD \["node", "healthcheck\.cjs"\]$/), expect.stringMatching(/^CMD \["node", .*"dist\/service\.js"\]$/)]));
    expect(readFileSync(join(ROOT, 'infra', 'docker', 'healthcheck.cjs'), 'utf8')).toContain('/health/live');
  });
});

describe('the development secrets of compose', () => {
  it('are made once: a file already there is kept, so sealed webhook secrets stay readable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iop-devsecrets-'));
    writeFileSync(join(dir, 'webhooks-secret-key'), 'kept\n');
    expect(writeDevSecrets(dir).sort()).toEqual(Object.keys(DEV_SECRET_FILES).filter((n) => n !== 'webhooks-secret-key').sort());
    expect(readFileSync(join(dir, 'webhooks-secret-key'), 'utf8')).toBe('kept\n');
    expect(writeDevSecrets(dir)).toEqual([]);
    // Readable by their owner only (the services' user, when the one-shot runs as root).
    expect(statSync(join(dir, 'console-session-secret')).mode & 0o777).toBe(0o400);
    // Random per stack.
    const other = mkdtempSync(join(tmpdir(), 'iop-devsecrets-'));
    writeDevSecrets(other);
    expect(readFileSync(join(other, 'analytics-pseudonym-keys'), 'utf8')).not.toBe(readFileSync(join(dir, 'analytics-pseudonym-keys'), 'utf8'));
  });
});
