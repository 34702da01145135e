/** docker-compose.yml as compose reads it, for the tests that check it without a Docker engine. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

export const ROOT = join(__dirname, '..', '..');

export interface ComposeService {
  build?: { context?: string; dockerfile?: string; target?: string; args?: Record<string, string> };
  image?: string;
  user?: string;
  restart?: string;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  environment?: Record<string, string>;
  command?: string[] | string;
  ports?: string[];
}

/** YAML merge keys (`<<: *service`), as compose applies them: the merged mapping first, the node's own keys over it. */
export function merged(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(merged);
  if (node === null || typeof node !== 'object') return node;
  const { '<<': base, ...own } = node as Record<string, unknown>;
  const bases = (Array.isArray(base) ? base : base ? [base] : []).map((b) => merged(b) as object);
  return Object.assign({}, ...bases, Object.fromEntries(Object.entries(own).map(([k, v]) => [k, merged(v)])));
}

export function loadCompose(file = join(ROOT, 'docker-compose.yml')): { services: Record<string, ComposeService>; volumes: Record<string, unknown> } {
  return merged(load(readFileSync(file, 'utf8'))) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };
}

/** A mount `source:target[:ro]`, split. */
export const mountOf = (mount: string): { source: string; target: string; readOnly: boolean } => {
  const [source, target, mode] = mount.split(':');
  return { source, target, readOnly: mode === 'ro' };
};

/** The service a container runs from the runtime image (its SERVICE build argument), if any. */
export const serviceOf = (service: ComposeService): string | undefined =>
  service.build?.target === 'runtime' ? service.build.args?.SERVICE : undefined;
