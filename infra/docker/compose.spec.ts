import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_ANALYTICS_KEYS, SERVICES, withSecretFiles, type ServiceDefinition, type ServiceName } from '@iop/platform';
import { admissionsService } from '../../apps/admissions/src/service';
import { clinicalNotesService } from '../../apps/clinical-notes/src/service';
import { outcomesService } from '../../apps/outcomes/src/service';
import { analyticsPseudonymizer } from '../../apps/outcomes/src/publishing/analytics-keys';
import { schedulingService } from '../../apps/scheduling/src/service';
import { loadWebhooksConfig } from '../../apps/webhooks/src/config/webhooks-config';
import { webhooksService } from '../../apps/webhooks/src/service';
import { fhirService } from '../../apps/fhir/src/service';
import { fhirPseudonymizer } from '../../apps/fhir/src/export/deidentify';
import { ensureDevKeys } from '../local/dev-identity';
import { type ComposeService, loadCompose, mountOf, ROOT, serviceOf } from './compose-file';
import { loadConsoleConfig } from '../../apps/console/server/src/config';
import { loadIdentityConfig } from '../../apps/identity/src/config';
import { DEV_SECRET_FILES, writeDevSecrets } from './dev-secrets';

/**
 * No Docker engine on the build machines, so `docker compose up` is checked here instead: each service's environment
 * in docker-compose.yml, with the variables its image sets, goes through the service's own configuration (the same
 * function its main.ts runs, `NAME_FILE` secrets read first as runService does) and must not stop it. Files the
 * environment names are looked up in the volumes the container mounts, filled as the one-shot `keys` container fills
 * them (the local keys, the generated development secrets).
 */
const compose = loadCompose();
const DEFINITIONS: Record<ServiceName, (env: Record<string, string | undefined>) => ServiceDefinition> = {
  admissions: admissionsService,
  scheduling: schedulingService,
  'clinical-notes': clinicalNotesService,
  outcomes: outcomesService,
  webhooks: webhooksService,
  fhir: fhirService,
};
/** Announced by the change that adds them; their configuration is not in this tree yet (docker-compose.yml says so). */
const PENDING_APPS = ['identity', 'console'];
const ONE_SHOTS = ['keys', 'seed'];

/** The runtime stage's ENV lines of the Dockerfile, for one SERVICE build argument. */
function imageEnv(service: string): Record<string, string> {
  const dockerfile = readFileSync(join(ROOT, 'infra', 'docker', 'Dockerfile'), 'utf8');
  const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
  const env: Record<string, string> = {};
  for (const line of runtime.split('\n').filter((l) => l.startsWith('ENV '))) {
    for (const pair of line.slice(4).trim().split(/\s+/)) {
      const [key, value] = pair.split('=');
      env[key] = value.replace('${SERVICE}', service);
    }
  }
  return env;
}

/** The named volumes as the `keys` one-shot leaves them, each a folder here. */
const volumesDir = mkdtempSync(join(tmpdir(), 'iop-compose-'));
beforeAll(async () => {
  const keys = compose.services.keys;
  const folderOf = (target: string) => {
    const mount = (keys.volumes ?? []).map(mountOf).find((m) => m.target === target);
    if (!mount) throw new Error(`keys mounts nothing at ${target}`);
    const dir = join(volumesDir, mount.source);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  // The same steps as its command: keys, then the development secrets, then the public key set copied.
  const command = (keys.command as string[]).join(' ');
  expect(command).toMatch(/init-remote && .*infra\/docker\/dev-secrets\.ts \/secrets && cp \/keys\/jwks\.json \/jwks\/jwks\.json/);
  await ensureDevKeys(folderOf(keys.environment!.AUTH_KEYS_DIR));
  writeDevSecrets(folderOf('/secrets'));
  copyFileSync(join(folderOf('/keys'), 'jwks.json'), join(folderOf('/jwks'), 'jwks.json'));
});

/** A path inside a container, where it is here: under the volume (or the bind-mounted folder) mounted there. */
function hostPath(service: ComposeService, path: string): string {
  const mount = (service.volumes ?? []).map(mountOf).find((m) => path === m.target || path.startsWith(`${m.target}/`));
  if (!mount) throw new Error(`${path} is in no volume the container mounts`);
  const base = mount.source.startsWith('.') ? join(ROOT, mount.source) : join(volumesDir, mount.source);
  return join(base, path.slice(mount.target.length));
}

/** The container's environment, its files mapped to here and its secrets read from them. */
function containerEnv(name: string, service: ComposeService): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...imageEnv(serviceOf(service)!), ...service.environment };
  for (const [key, value] of Object.entries(env)) {
    if (key.endsWith('_FILE') && value) env[key] = hostPath(service, value);
  }
  try {
    return withSecretFiles(env);
  } catch (err) {
    throw new Error(`${name}: ${(err as Error).message}`);
  }
}

const services = Object.entries(compose.services).filter(([, s]) => serviceOf(s) && serviceOf(s)! in SERVICES);

describe('docker-compose.yml', () => {
  it('runs the five services, the development identity provider and the console, each from its runtime image', () => {
    expect(services.map(([, s]) => serviceOf(s)).sort()).toEqual(Object.keys(SERVICES).sort());
    for (const [name, s] of services) expect([name, existsSync(join(ROOT, 'apps', serviceOf(s)!, 'src', 'main.ts'))]).toEqual([name, true]);
    for (const pending of PENDING_APPS) expect(serviceOf(compose.services[pending])).toBe(pending);
  });

  it.each(Object.keys(DEFINITIONS) as ServiceName[])('gives %s an environment its own configuration accepts', (serviceName) => {
    const [name, service] = services.find(([, s]) => serviceOf(s) === serviceName)!;
    const env = containerEnv(name, service);
    const def = DEFINITIONS[serviceName](env);
    // Listening on every interface of the container, on the port compose publishes, against the compose database.
    expect(def.config).toMatchObject({ service: serviceName, host: '0.0.0.0', kafkaBrokers: ['kafka:9092'], deployment: 'development' });
    expect(service.ports).toEqual([`127.0.0.1:${def.config.port}:${def.config.port}`]);
    expect(new URL(def.config.databaseUrl)).toMatchObject({ hostname: 'postgres', pathname: `/${SERVICES[serviceName].database}` });
    expect(def.config.auth.jwksFile).toBe(hostPath(service, service.environment!.AUTH_JWKS_FILE));
  });

  it('gives outcomes, fhir and webhooks secrets generated for the stack, not the public development defaults', () => {
    const env = (service: ServiceName) => containerEnv(service, services.find(([, s]) => serviceOf(s) === service)![1]);
    expect(loadWebhooksConfig(env('webhooks')).secretKeyIsDevDefault).toBe(false);
    expect(env('outcomes').ANALYTICS_PSEUDONYM_KEYS).toMatch(/^v1:.{16,}$/);
    expect(env('outcomes').ANALYTICS_PSEUDONYM_KEYS).not.toBe(DEV_ANALYTICS_KEYS);
    // fhir's analysts' exports carry the stream's pseudonyms: the same keys, so the same pseudonyms.
    expect(env('fhir').ANALYTICS_PSEUDONYM_KEYS).toBe(env('outcomes').ANALYTICS_PSEUDONYM_KEYS);
    const patient = '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
    expect(fhirPseudonymizer({ ...env('fhir'), IOP_ENV: 'production' })!.of('t1', patient)).toBe(analyticsPseudonymizer(env('outcomes')).subjectKey('t1', patient));
    // Even if the image's NODE_ENV=production were all they had, they would start with these (and with the compose
    // broker's plaintext said to be meant: production refuses it otherwise).
    expect(() => webhooksService({ ...env('webhooks'), IOP_ENV: 'production', AUTH_JWKS_FILE: undefined, AUTH_JWKS_URL: 'https://id.example.org/jwks', AUTH_ISSUER: 'https://id.example.org', AUTH_AUDIENCE: 'iop', KAFKA_ALLOW_PLAINTEXT: 'true' })).not.toThrow();
    expect(() => outcomesService({ ...env('outcomes'), IOP_ENV: 'production', AUTH_JWKS_FILE: undefined, AUTH_JWKS_URL: 'https://id.example.org/jwks', AUTH_ISSUER: 'https://id.example.org', AUTH_AUDIENCE: 'iop', KAFKA_ALLOW_PLAINTEXT: 'true' })).not.toThrow();
  });

  it('gives the console and the identity provider secret files that the keys one-shot writes', () => {
    for (const name of PENDING_APPS) {
      const service = compose.services[name];
      for (const [key, path] of Object.entries(service.environment ?? {}).filter(([k]) => k.endsWith('_FILE'))) {
        expect([name, key, existsSync(hostPath(service, path))]).toEqual([name, key, true]);
        expect(Object.keys(DEV_SECRET_FILES)).toContain(path.split('/').pop());
      }
    }
    expect(compose.services.console.environment).toMatchObject({
      CONSOLE_PORT: '3100', CONSOLE_OIDC_ISSUER: expect.any(String), CONSOLE_OIDC_CLIENT_ID: expect.any(String), CONSOLE_PUBLIC_URL: expect.any(String),
      CONSOLE_OIDC_CLIENT_SECRET_FILE: expect.any(String), CONSOLE_SESSION_SECRET_FILE: expect.any(String),
    });
    for (const name of Object.keys(SERVICES)) {
      const url = compose.services.console.environment![`CONSOLE_${name.toUpperCase().replace(/-/g, '_')}_URL`];
      expect(url).toBe(`http://${name}:${SERVICES[name as ServiceName].port}`);
    }
  });

  it('gives the identity provider and the console an environment their own configuration accepts, on one issuer', () => {
    const identity = loadIdentityConfig(containerEnv('identity', compose.services.identity));
    const consoleConfig = loadConsoleConfig(containerEnv('console', compose.services.console));
    expect(identity.issuer).toBe(consoleConfig.oidc.issuer);
    expect(identity.consoleUrl).toBe(consoleConfig.publicUrl);
    // The provider's tokens are the services' (and the seed's tokens name the same issuer).
    for (const [, service] of services) expect(containerEnv('x', service).AUTH_ISSUER).toBe(identity.issuer);
    expect(compose.services.seed.environment?.AUTH_ISSUER).toBe(identity.issuer);
  });

  it('restarts what runs, runs the one-shots once, and starts each after what it needs', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      expect([name, service.restart]).toEqual([name, ONE_SHOTS.includes(name) ? 'no' : 'unless-stopped']);
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect([name, dependency, dependency in compose.services]).toEqual([name, dependency, true]);
        expect(condition).toEqual(ONE_SHOTS.includes(dependency) ? 'service_completed_successfully' : expect.stringMatching(/^service_(healthy|started)$/));
      }
      for (const mount of (service.volumes ?? []).map(mountOf).filter((m) => !m.source.startsWith('.'))) expect(compose.volumes).toHaveProperty(mount.source);
    }
    for (const [name, service] of services) expect([name, service.depends_on]).toEqual([name, expect.objectContaining({ postgres: expect.anything(), kafka: expect.anything(), keys: { condition: 'service_completed_successfully' } })]);
    // The demo clinic is seeded once every service is up.
    expect(Object.keys(compose.services.seed.depends_on ?? {}).sort()).toEqual(Object.keys(SERVICES).sort());
    expect(compose.services.seed.command).toEqual(['node', '-r', '@swc-node/register', 'infra/docker/seed.ts']);
  });

  it('creates the database and login role each service connects with', () => {
    const init = readFileSync(join(ROOT, 'infra', 'docker', 'postgres-init.sql'), 'utf8');
    for (const [name, service] of services) {
      const url = new URL(containerEnv(name, service)[`${serviceOf(service)!.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`]!);
      expect(init).toContain(`CREATE ROLE ${url.username} LOGIN PASSWORD '${url.password}';`);
      expect(init).toContain(`CREATE DATABASE ${url.pathname.slice(1)} OWNER ${url.username};`);
    }
  });
});
