/**
 * The console's generated API types are what `npm run openapi` writes from the committed OpenAPI documents: a hand edit
 * to a generated file, or a document committed without regenerating its types, fails here (no server needed).
 * tools/openapi.int.spec.ts checks the documents against what the services serve.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { API_SERVICES, committedDocument, successesWithoutSchema } from './openapi-files';

const ROOT = join(__dirname, '..');

describe('the console API types', () => {
  it('are what npm run openapi generates from the committed documents', () => {
    // In a process of its own: openapi-typescript requires an ES module, which Node allows and Jest's runtime does not.
    const run = spawnSync(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'openapi-files.ts'), '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  }, 60_000);
});

describe('the committed OpenAPI documents', () => {
  // Clients, integrators and the console generate code from these documents (tools/openapi.int.spec.ts holds them to
  // what the services serve): every answer a client may get is described, the successes included.
  it.each(API_SERVICES)('%s: every operation describes the body of its success answer', (service) => {
    expect(successesWithoutSchema(committedDocument(service))).toEqual([]);
  });

  it('finds an operation without a success schema, or without a success answer', () => {
    const document = {
      paths: {
        '/v1/things': { get: { responses: { 200: { description: 'Done.' } } }, post: { responses: { 201: { content: { 'application/json': { schema: { type: 'object' } } } } } } },
        '/v1/things/{id}': { delete: { responses: { 204: { description: 'Done; no content.' } } }, put: { responses: { 400: { description: 'Bad.' } } } },
      },
    };
    expect(successesWithoutSchema(document)).toEqual(['GET /v1/things 200', 'PUT /v1/things/{id} (no success answer)']);
  });
});
