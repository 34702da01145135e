/**
 * The console's committed OpenAPI documents are what the services serve now: an API change that was not regenerated
 * into the console (`npm run openapi`) fails here, before the console calls an endpoint the way it used to be.
 */
import { readFileSync } from 'node:fs';
import { servedDocuments } from './openapi';
import { API_SERVICES, documentFile, documentText } from './openapi-files';

describe('the console API documents', () => {
  it.each(API_SERVICES)('%s is what the service serves now', async (service) => {
    const [served] = (await servedDocuments([service])).values();
    // Equal, or: run `npm run openapi` and commit what it writes.
    expect(readFileSync(documentFile(service), 'utf8')).toBe(documentText(served));
  }, 120_000);
});
