import { AsyncLocalStorage } from 'node:async_hooks';

/** The tenant a unit of work runs for: set by the auth guard per request and by consumers per message. */
export interface TenantScope {
  tenantId: string;
  correlationId?: string;
}

const storage = new AsyncLocalStorage<TenantScope>();

export const runAsTenant = <T>(scope: TenantScope, fn: () => T): T => storage.run(scope, fn);
export const currentTenant = (): TenantScope | undefined => storage.getStore();
