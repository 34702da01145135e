import './paths'; // first: the @iop aliases for what follows
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { down, STACK_DIR, type StackState } from '../../infra/local';

export default async function globalTeardown(): Promise<void> {
  const file = join(STACK_DIR, `test-run-${process.pid}.json`);
  if (!existsSync(file)) return;
  const state = JSON.parse(readFileSync(file, 'utf8')) as StackState;
  rmSync(file);
  if (process.env.IOP_KEEP_STACK === '1') return;
  await down(state);
}
