/** Nest injection tokens of the webhooks service. */
export const WEBHOOKS_CONFIG = Symbol('WEBHOOKS_CONFIG');
/** A small pool whose sessions act as the projector role: the dispatcher works across tenants. */
export const WORKER_POOL = Symbol('WEBHOOKS_WORKER_POOL');
