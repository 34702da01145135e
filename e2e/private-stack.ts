/**
 * A PostgreSQL cluster and a Kafka broker of a test's own (the local-stack scripts with another data folder and
 * other ports), so a fault test can stop and start them without disturbing the other test files.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../infra/local';
import { freePort } from '../libs/testing/src';

const run = promisify(execFile);

export interface PrivateStack {
  pg: { host: string; port: number };
  kafkaBrokers: string[];
  stack(command: 'up' | 'down' | 'kafka-stop' | 'kafka-start' | 'pg-stop' | 'pg-start'): Promise<void>;
  destroy(): Promise<void>;
}

export async function startPrivateStack(): Promise<PrivateStack> {
  const dir = mkdtempSync(join(tmpdir(), 'iop-stack-'));
  chmodSync(dir, 0o755); // the postgres user runs the cluster inside it
  const [pgPort, kafkaPort, controllerPort] = [await freePort(), await freePort(), await freePort()];
  const env = {
    ...process.env, IOP_STACK_DIR: dir, PGPORT: String(pgPort), KAFKA_BROKERS: `127.0.0.1:${kafkaPort}`, KAFKA_CONTROLLER_PORT: String(controllerPort),
  };
  const stack = async (command: string) => {
    await run(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'infra', 'local', 'cli.ts'), command], { cwd: ROOT, env, timeout: 180_000 });
  };
  const destroy = async () => {
    await stack('down').catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  // A start that fails half way (PostgreSQL up, Kafka not) stops what it started: the caller gets no handle to do it.
  await stack('up').catch(async (err: unknown) => {
    await destroy();
    throw err;
  });
  return {
    pg: { host: '127.0.0.1', port: pgPort },
    kafkaBrokers: [`127.0.0.1:${kafkaPort}`],
    stack,
    destroy,
  };
}
