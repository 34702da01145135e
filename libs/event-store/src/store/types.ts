/** What every stored event carries besides its data (docs/ARCHITECTURE.md, "Tables"): who, for which tenant, and why. */
export interface EventMetadata {
  tenantId: string;
  actor: { subject: string; roles?: readonly string[] };
  correlationId: string;
  causationId?: string;
  traceparent?: string;
  [extension: string]: unknown;
}

export interface NewEvent<Type extends string = string, Data = unknown> {
  /** Unique; doubles as the idempotency key: appending a stored id again is a no-op. */
  id: string;
  type: Type;
  data: Data;
  /** The shape's version; older shapes are upcast on read. Defaults to the current version of the type. */
  schemaVersion?: number;
  metadata: EventMetadata;
}

export interface StoredEvent<Type extends string = string, Data = unknown> extends NewEvent<Type, Data> {
  schemaVersion: number;
  streamId: string;
  streamType: string;
  streamVersion: number;
  /** bigint identity as a decimal string (JavaScript numbers lose precision past 2^53). */
  globalPosition: string;
  /** The writer's xid8, as a decimal string. */
  transactionId: string;
  recordedAt: Date;
}

/**
 * `no-stream`: the stream must not exist; a number: the stream must be at exactly that version (0 = empty);
 * `any`: append at the end, whatever it is.
 */
export type ExpectedVersion = 'no-stream' | 'any' | number;

export interface AppendResult {
  /** The stream's version after the append. */
  nextVersion: number;
  /** Global positions of the appended events ([] when every event id was already stored). */
  positions: string[];
  /** True when every event id was already stored: the append changed nothing. */
  alreadyStored: boolean;
}

/** A position in the global log: the pair readers order by (never the global position alone). */
export interface Checkpoint {
  transactionId: string;
  globalPosition: string;
}

export const START: Checkpoint = { transactionId: '0', globalPosition: '0' };

export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`Stream ${streamId} is at version ${actual}, not ${expected === 'no-stream' ? 'empty' : expected}: someone changed it meanwhile; reload and retry.`);
    this.name = 'ConcurrencyError';
  }
}
