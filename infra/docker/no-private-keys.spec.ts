import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCompose, mountOf, ROOT, serviceOf } from './compose-file';

/**
 * Anyone who holds the local signing key can mint an admin token for any tenant. It must never reach an image or a
 * volume that a service mounts: the image's build context leaves it out, and in compose only the development
 * one-shots mount the volume that holds it (`keys`, which writes it, and `seed`, which signs the demo tokens) and the
 * development identity provider, whose job is signing (read-only; it refuses to start outside development).
 */
const compose = loadCompose();
const ONE_SHOTS_WITH_THE_KEY = ['keys', 'seed'];
const SIGNERS = [...ONE_SHOTS_WITH_THE_KEY, 'identity'];

describe('the local signing key stays out of images and service volumes', () => {
  const keysDir = compose.services.keys.environment?.AUTH_KEYS_DIR;
  const signing = (compose.services.keys.volumes ?? []).map(mountOf).find((m) => m.target === keysDir);

  it('compose keeps the signing key in a volume that only the development one-shots mount', () => {
    expect(signing).toBeDefined();
    const others = Object.entries(compose.services).filter(([name]) => !SIGNERS.includes(name));
    expect(compose.services.identity.environment).toMatchObject({ IOP_ENV: 'development' });
    expect((compose.services.identity.volumes ?? []).map(mountOf)).toContainEqual({ source: signing!.source, target: keysDir, readOnly: true });
    for (const [name, service] of others) {
      expect({ name, volumes: (service.volumes ?? []).map((m) => mountOf(m).source) }).not.toEqual({ name, volumes: expect.arrayContaining([signing!.source]) });
    }
    // The one-shots run from the build stage, never from an image a service runs.
    for (const name of ONE_SHOTS_WITH_THE_KEY) expect([name, compose.services[name].build?.target]).toEqual([name, 'build']);
    expect((compose.services.seed.volumes ?? []).map(mountOf)).toEqual([{ source: signing!.source, target: keysDir, readOnly: true }]);
    const apps = others.filter(([, s]) => ['admissions', 'clinical-notes', 'fhir', 'outcomes', 'scheduling', 'webhooks'].includes(serviceOf(s) ?? ''));
    expect(apps.map(([name]) => name).sort()).toEqual(['admissions', 'clinical-notes', 'fhir', 'outcomes', 'scheduling', 'webhooks']);
    for (const [, service] of apps) {
      // The services read the public key set, and say they are a development stack (production refuses file keys).
      expect(service.environment).toMatchObject({ IOP_ENV: 'development', AUTH_JWKS_FILE: expect.stringMatching(/jwks\.json$/) });
      expect((service.volumes ?? []).every((m) => mountOf(m).readOnly)).toBe(true);
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
