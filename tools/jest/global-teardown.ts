import './paths'; // first: the @iop aliases for what follows
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { down, STACK_DIR, type StackState } from '../../infra/local';
import { deleteRunTopics } from '../../libs/testing/src/kafka';

export default async function globalTeardown(): Promise<void> {
  // This run's topics go, whoever started the broker (IOP_KEEP_TEST_TOPICS=1 keeps them to look at).
  if (process.env.IOP_KEEP_TEST_TOPICS !== '1') {
    await deleteRunTopics(String(process.pid)).catch((err: Error) => process.stderr.write(`could not delete test topics: ${err.message}\n`));
  }
  const file = join(STACK_DIR, `test-run-${process.pid}.json`);
  if (!existsSync(file)) return;
  const state = JSON.parse(readFileSync(file, 'utf8')) as StackState;
  rmSync(file);
  if (process.env.IOP_KEEP_STACK === '1') return;
  await down(state);
}
