import type { PoolClient } from 'pg';
import type { FhirResource, ResourceType } from '../resources/fhir-resources';
import { loadResource } from '../resources/resource-store';

/**
 * The resource an event updates. Missing, the event came before the one that makes it (another key or topic):
 * throwing lets the inbox retry it with backoff, then park it for replay.
 */
export async function requireResource(client: PoolClient, type: ResourceType, id: string): Promise<FhirResource> {
  const found = await loadResource(client, type, id);
  if (!found) throw new Error(`${type}/${id} is not there yet`);
  return found;
}
