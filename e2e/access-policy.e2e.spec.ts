/**
 * The access policy, as written in docs/ACCESS.md (one table per service: route x role), against the services as
 * they run: every /v1 operation of every service's OpenAPI document is called with a token of each role alone.
 * A role the table allows must get past the role check (any answer but 403); a role it does not must get 403. A
 * route missing from the table, or a table row no service serves, fails too, so the table cannot fall behind.
 * `IOP_PRINT_ACCESS_TABLE=1` prints the observed tables in the document's format, to review a change against.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES, type Role } from '../libs/platform/src/auth/roles';
import { tokenFor } from '../libs/testing/src';
import { api } from './api';
import { Cluster, SERVICE_NAMES } from './cluster';

jest.setTimeout(240_000);

const DOC = join(__dirname, '..', 'docs', 'ACCESS.md');
const UNKNOWN_ID = '0c0ffee0-0000-4000-8000-000000000404';

/** `service -> "METHOD /path" -> roles allowed`, read from the document's tables. */
function policy(): Map<string, Map<string, Set<Role>>> {
  const tables = new Map<string, Map<string, Set<Role>>>();
  let service: string | undefined;
  let columns: string[] = [];
  for (const line of readFileSync(DOC, 'utf8').split('\n')) {
    const heading = /^## (\S+)/.exec(line);
    if (heading) [service, columns] = [heading[1], []];
    if (!service || !line.startsWith('|') || /^\|\s*-/.test(line)) continue;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells[0] === 'route') {
      columns = cells.slice(1);
      continue;
    }
    const route = cells[0].replace(/`/g, '');
    const allowed = new Set(columns.filter((_, i) => cells[i + 1] === '✓') as Role[]);
    if (!tables.has(service)) tables.set(service, new Map());
    tables.get(service)!.set(route, allowed);
  }
  return tables;
}

function printTable(service: string, observed: Map<string, Set<Role>>): string {
  const rows = [...observed].map(([route, roles]) => `| \`${route}\` | ${ROLES.map((r) => (roles.has(r) ? '✓' : '–')).join(' | ')} |`);
  return [`## ${service}`, '', `| route | ${ROLES.join(' | ')} |`, `|---|${ROLES.map(() => ':-:').join('|')}|`, ...rows, ''].join('\n');
}

describe('the access policy (docs/ACCESS.md) is what the services enforce', () => {
  const cluster = new Cluster({ label: 'access' });
  const tenant = `access-${Date.now().toString(36)}`;
  const tokens = new Map<Role, string>();

  beforeAll(async () => {
    await cluster.start();
    for (const role of ROLES) tokens.set(role, await tokenFor(tenant, [role], `access-${role}`));
  });
  afterAll(() => cluster.stop());

  it('every route of every service, with each role alone', async () => {
    const expected = policy();
    const problems: string[] = [];
    const printed: string[] = [];
    for (const service of SERVICE_NAMES) {
      const doc = await api(cluster.url(service), 'GET', '/docs-json');
      const table = expected.get(service) ?? new Map<string, Set<Role>>();
      const observed = new Map<string, Set<Role>>();
      for (const [template, ops] of Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)) {
        if (!template.startsWith('/v1/')) continue;
        const path = template.replace(/\{\w+\}/g, UNKNOWN_ID);
        for (const method of Object.keys(ops).map((m) => m.toUpperCase())) {
          const route = `${method} ${template}`;
          const allowed = new Set<Role>();
          for (const role of ROLES) {
            const res = await api(cluster.url(service), method, path, tokens.get(role), method === 'GET' || method === 'DELETE' ? undefined : {});
            if (res.status >= 500) problems.push(`${service} ${route} as ${role}: ${res.status}`);
            if (res.status !== 403) allowed.add(role);
          }
          observed.set(route, allowed);
          const want = table.get(route);
          if (!want) problems.push(`${service} ${route}: not in docs/ACCESS.md`);
          else {
            const extra = [...allowed].filter((r) => !want.has(r));
            const missing = [...want].filter((r) => !allowed.has(r));
            if (extra.length) problems.push(`${service} ${route}: also lets ${extra.join(', ')} in`);
            if (missing.length) problems.push(`${service} ${route}: refuses ${missing.join(', ')}`);
          }
        }
      }
      for (const route of table.keys()) if (!observed.has(route)) problems.push(`${service} ${route}: in docs/ACCESS.md, not served`);
      printed.push(printTable(service, observed));
    }
    if (process.env.IOP_PRINT_ACCESS_TABLE) process.stdout.write(`${printed.join('\n')}\n`);
    expect(problems).toEqual([]);
    expect([...expected.values()].reduce((n, t) => n + t.size, 0)).toBeGreaterThan(80);
  });
});
