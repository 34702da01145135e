import './paths'; // first: the @iop aliases for what follows
/**
 * Jest global setup for the integration tier: reuse PostgreSQL and Kafka when they already run (a developer's
 * `npm start`), start them otherwise. What this run started is written down so the teardown stops only that.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDevKeys, STACK_DIR, up } from '../../infra/local';
import { build } from '../build';

export default async function globalSetup(): Promise<void> {
  // The end-to-end tests run the services as processes from their compiled code: compile what is there now.
  build();
  // The test workers start after this and inherit it: the topics they create are listed under this run's id.
  process.env.IOP_TEST_RUN = String(process.pid);
  const state = await up();
  await ensureDevKeys();
  mkdirSync(STACK_DIR, { recursive: true });
  writeFileSync(join(STACK_DIR, `test-run-${process.pid}.json`), JSON.stringify(state));
}
