import { createHash } from 'node:crypto';

/**
 * The tamper-evidence of signed notes: each version's hash is sha256(previous hash + canonical content), so changing,
 * removing or reordering any stored version breaks every link after it. The first link follows GENESIS.
 */
export const GENESIS = '0'.repeat(64);

/** JSON with keys sorted at every level: PostgreSQL's jsonb reorders keys, the hash must not care. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const linkHash = (prevHash: string, content: unknown): string =>
  createHash('sha256').update(prevHash).update(canonicalJson(content)).digest('hex');

export interface ChainRow {
  version: number;
  content: unknown;
  prevHash: string;
  hash: string;
}

export interface ChainVerdict {
  valid: boolean;
  versions: number;
  /** The first version whose stored link does not match what its content and predecessor say. */
  brokenAt?: number;
}

/** Recomputes every link from the stored rows; a gap in the version numbers (a deleted row) breaks the chain too. */
export function verifyChain(rows: readonly ChainRow[]): ChainVerdict {
  const ordered = [...rows].sort((a, b) => a.version - b.version);
  let prev = GENESIS;
  for (const [i, row] of ordered.entries()) {
    const broken = row.version !== i + 1 || row.prevHash !== prev || linkHash(prev, row.content) !== row.hash;
    if (broken) return { valid: false, versions: ordered.length, brokenAt: i + 1 };
    prev = row.hash;
  }
  return { valid: true, versions: ordered.length };
}
