/**
 * Upcasting (docs/ARCHITECTURE.md, "Upcasting"): stored events are never rewritten; an old schema version is turned into the
 * current shape as it is read. Each step lifts one version (v1 -> v2, v2 -> v3), so a new version adds one function.
 */
export type UpcastStep = (data: unknown) => unknown;

export interface EventVersioning {
  /** The version new events of this type are written with. */
  current: number;
  /** `steps[n]` turns version n into version n + 1. */
  steps: Record<number, UpcastStep>;
}

export class Upcasters {
  constructor(private readonly byType: Record<string, EventVersioning> = {}) {}

  currentVersion(type: string): number {
    return this.byType[type]?.current ?? 1;
  }

  upcast(type: string, version: number, data: unknown): { data: unknown; version: number } {
    const versioning = this.byType[type];
    if (!versioning || version >= versioning.current) return { data, version };
    let shaped = data;
    for (let v = version; v < versioning.current; v++) {
      const step = versioning.steps[v];
      if (!step) throw new Error(`no upcaster for ${type} from v${v} to v${v + 1}`);
      shaped = step(shaped);
    }
    return { data: shaped, version: versioning.current };
  }
}
