import type { PoolClient } from 'pg';
import type { Projection, StoredEvent } from '@iop/event-store';

/** Writes one kind of event into schema-qualified tables (a rebuild writes to a shadow schema). */
export type EventWriter = (client: PoolClient, table: (name: string) => string, event: StoredEvent) => Promise<void>;

const quote = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

/** A projection from a map of event type -> writer; `handles` is exactly the map's keys. */
export function projectionOf(name: string, tables: readonly string[], writers: Record<string, EventWriter>): Projection {
  return {
    name,
    tables,
    handles: Object.keys(writers),
    async apply(client, events, schema) {
      const table = (t: string) => `${quote(schema)}.${quote(t)}`;
      for (const event of events) await writers[event.type]?.(client, table, event);
    },
  };
}

export const tenantOf = (event: StoredEvent): string => event.metadata.tenantId;
export const actorOf = (event: StoredEvent): string => event.metadata.actor.subject;
/** Typed access to an internal event's data. */
export const dataOf = <T>(event: StoredEvent): T => event.data as T;
