/**
 * The console's generated API types are what `npm run openapi` writes from the committed OpenAPI documents: a hand edit
 * to a generated file, or a document committed without regenerating its types, fails here (no server needed).
 * tools/openapi.int.spec.ts checks the documents against what the services serve.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

describe('the console API types', () => {
  it('are what npm run openapi generates from the committed documents', () => {
    // In a process of its own: openapi-typescript requires an ES module, which Node allows and Jest's runtime does not.
    const run = spawnSync(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'openapi-files.ts'), '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  }, 60_000);
});
