/**
 * Jest's global setup runs outside Jest's module mapper, so the `@iop/*` aliases of tsconfig.base.json are
 * resolved here (the same table, read from the file, so the two cannot drift).
 */
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const paths = (JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } }).compilerOptions.paths;
const loader = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const original = loader._resolveFilename;
loader._resolveFilename = function resolve(request: string, ...rest: unknown[]) {
  const target = paths[request];
  return original.call(this, target ? join(root, target[0]) : request, ...rest);
};
