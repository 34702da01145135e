import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

/**
 * Anyone who holds the local signing key can mint an admin token for any tenant. It must never reach an image or a
 * volume that a service mounts: the image's build context leaves it out, and in compose only the one-shot `keys`
 * container, which writes it, mounts the volume that holds it.
 */
const ROOT = join(__dirname, '..', '..');

interface ComposeService { volumes?: string[]; environment?: Record<string, string>; command?: string[] | string }

/** YAML merge keys (`<<: *service`), as compose applies them: the merged mapping first, the node's own keys over it. */
function merged(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(merged);
  if (node === null || typeof node !== 'object') return node;
  const { '<<': base, ...own } = node as Record<string, unknown>;
  const bases = (Array.isArray(base) ? base : base ? [base] : []).map((b) => merged(b) as object);
  return Object.assign({}, ...bases, Object.fromEntries(Object.entries(own).map(([k, v]) => [k, merged(v)])));
}

const compose = merged(load(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'))) as { services: Record<string, ComposeService> };
const volumeOf = (mount: string) => mount.split(':')[0];

describe('the local signing key stays out of images and service volumes', () => {
  const keysDir = compose.services.keys.environment?.AUTH_KEYS_DIR;
  const signing = (compose.services.keys.volumes ?? []).find((m) => m.split(':')[1] === keysDir);

  it('compose keeps the signing key in a volume that only the key writer mounts', () => {
    expect(signing).toBeDefined();
    const services = Object.entries(compose.services).filter(([name]) => name !== 'keys');
    const apps = services.filter(([, s]) => JSON.stringify(s.command ?? '').includes('dist/apps/'));
    expect(apps.map(([name]) => name).sort()).toEqual(['admissions', 'clinical-notes', 'outcomes', 'scheduling', 'webhooks']);
    for (const [name, service] of services) {
      expect({ name, volumes: (service.volumes ?? []).map(volumeOf) }).not.toEqual({ name, volumes: expect.arrayContaining([volumeOf(signing!)]) });
    }
    for (const [, service] of apps) {
      // The services read the public key set, and say they are a development stack (production refuses file keys).
      expect(service.environment).toMatchObject({ IOP_ENV: 'development', AUTH_JWKS_FILE: expect.stringMatching(/jwks\.json$/) });
      expect((service.volumes ?? []).every((m) => m.endsWith(':ro'))).toBe(true);
    }
  });

  it('the image build context leaves out the local stack and every private key file', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['.stack', '**/*.jwk.json', 'node_modules', 'dist', '.git']));
    // The Dockerfile copies the context (what .dockerignore leaves), and never the keys by another route.
    const dockerfile = readFileSync(join(ROOT, 'infra', 'docker', 'Dockerfile'), 'utf8');
    expect(dockerfile).not.toMatch(/\.stack|jwk/);
  });
});
