import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What `nx affected` and the cached targets rest on: the project graph has an edge for every `@iop/*` import (Nx
 * reads source imports only when nx.json's pluginsConfig asks for it, or when @nx/js is a declared dependency) and
 * every project the four targets. Computed from nothing, as in a fresh clone.
 */
const ROOT = join(__dirname, '..', '..');
const TARGETS = ['build', 'lint', 'test', 'test-int', 'typecheck'];

interface Graph {
  graph: {
    nodes: Record<string, { data: { root: string; tags?: string[]; targets?: Record<string, unknown> } }>;
    dependencies: Record<string, { target: string }[]>;
  };
}

describe('the Nx project graph', () => {
  let graph: Graph['graph'];
  beforeAll(() => {
    const data = mkdtempSync(join(tmpdir(), 'iop-nx-graph-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, NX_WORKSPACE_DATA_DIRECTORY: data, NX_CACHE_DIRECTORY: join(data, 'cache'), NX_DAEMON: 'false' };
      for (const key of Object.keys(env)) if (key.startsWith('NX_TASK_')) delete env[key];
      const file = join(data, 'graph.json');
      execFileSync(process.execPath, [require.resolve('nx/bin/nx.js'), 'graph', `--file=${file}`], { cwd: ROOT, env, stdio: 'pipe' });
      graph = (JSON.parse(readFileSync(file, 'utf8')) as Graph).graph;
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  }, 120_000);

  it('has an edge for each library a project imports', () => {
    const deps = (p: string) => graph.dependencies[p].map((d) => d.target).sort();
    expect(deps('admissions')).toEqual(expect.arrayContaining(['asam-criteria', 'decider', 'domain-events', 'event-store', 'platform']));
    expect(deps('platform')).toEqual(expect.arrayContaining(['decider']));
    expect(deps('decider')).toEqual([]);
  });

  it('gives every project the five targets, and every project a type and a scope tag', () => {
    for (const [name, { data }] of Object.entries(graph.nodes)) {
      expect([name, Object.keys(data.targets ?? {}).filter((t) => TARGETS.includes(t)).sort()]).toEqual([name, [...TARGETS].sort()]);
      expect([name, (data.tags ?? []).filter((t) => /^(type|scope):/.test(t)).map((t) => t.split(':')[0]).sort()]).toEqual([name, ['scope', 'type']]);
    }
  });
});
