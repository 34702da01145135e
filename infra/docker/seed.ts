/**
 * docker-compose.yml's one-shot `seed`: waits until the five services are ready, seeds the synthetic demo clinic
 * once (tools/seed/seed-demo.ts, through the services' own APIs; a seeded tenant is left alone) and prints a token
 * per role, as `npm start` does. Tokens are signed with the local key, so this runs only where that key is mounted.
 */
import { mintToken } from '../local/dev-identity';
import { SERVICES, type ServiceName } from '../../libs/platform/src/config/service-config';
import { seedDemoClinic } from '../../tools/seed/seed-demo';

/** `<SERVICE>_URL` (compose gives `http://admissions:3101` and so on), else the local port. */
export const serviceUrl = (name: ServiceName, env: Record<string, string | undefined> = process.env): string =>
  env[`${name.toUpperCase().replace(/-/g, '_')}_URL`] ?? `http://127.0.0.1:${SERVICES[name].port}`;

async function waitReady(name: ServiceName, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(`${serviceUrl(name)}/health/ready`, { signal: AbortSignal.timeout(2_000) })).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${name} was not ready at ${serviceUrl(name)} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

async function main(): Promise<void> {
  const tenant = process.env.DEMO_TENANT ?? 'demo-clinic';
  const names = Object.keys(SERVICES) as ServiceName[];
  await Promise.all(names.map((n) => waitReady(n, 300_000)));
  process.stdout.write(`${await seedDemoClinic((n) => serviceUrl(n), tenant)}\n`);
  process.stdout.write(`\nDev tokens for tenant ${tenant} (8 h; more: docker compose run --rm keys node -r @swc-node/register tools/token.ts --tenant ${tenant} --roles admin):\n`);
  for (const role of ['admin', 'intake', 'clinician', 'analyst'] as const) {
    process.stdout.write(`  ${role.padEnd(9)} ${await mintToken({ tenant, roles: [role], subject: `demo-${role}` })}\n`);
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`seed: ${(err as Error).message}\n`);
    process.exitCode = 1;
  });
}
