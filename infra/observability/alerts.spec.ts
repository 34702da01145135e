/**
 * The dashboard and the alert rules name only metrics the services register: every series a PromQL expression in
 * them selects is in the registries the code builds (the platform's, the event store's, webhooks' delivery metrics),
 * so a renamed metric fails here rather than as an empty panel or an alert that never fires.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { parse } from 'yaml';
import { Metrics } from '@iop/platform';
import { eventStoreMetrics } from '@iop/event-store';
import { DispatchMetrics } from '../../apps/webhooks/src/dispatcher/dispatch-metrics';

/** Series Prometheus makes itself, not the services. */
const PROMETHEUS_OWN = new Set(['up']);

const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);

/** The metric names a PromQL expression selects (functions, keywords, labels, strings, ranges and numbers removed). */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\$\w+/g, ' ')
    // Numbers and durations (`0.05`, `5m`, `1e3`).
    .replace(/(?<![A-Za-z0-9_:])\d[\d.]*[a-z]*/g, ' ');
  const names: string[] = [];
  for (const m of bare.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const after = bare.slice(m.index! + m[0].length).trimStart();
    if (after.startsWith('(') || PROMQL_WORDS.has(m[0].toLowerCase()) || /^\d/.test(m[0])) continue;
    names.push(m[0]);
  }
  return names;
}

/** Every series name the services expose: histograms as their _bucket, _sum and _count. */
let registered: Promise<Set<string>> | undefined;
const registeredNames = () => (registered ??= collectNames());

async function collectNames(): Promise<Set<string>> {
  const metrics = new Metrics('test');
  metrics.observePool({ totalCount: 0, idleCount: 0, waitingCount: 0 } as Pool, 10);
  eventStoreMetrics(metrics.registry);
  // Collecting runs the gauges' queries: a pool that answers none (no database here).
  new DispatchMetrics(metrics, { query: async () => ({ rows: [] }) } as unknown as Pool);
  const names = new Set<string>();
  for (const m of await metrics.registry.getMetricsAsJSON()) {
    names.add(m.name);
    if (String(m.type) === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(`${m.name}${s}`);
    if (String(m.type) === 'summary') for (const s of ['_sum', '_count']) names.add(`${m.name}${s}`);
  }
  return names;
}

interface Panel { title: string; targets?: { expr: string }[]; panels?: Panel[] }
interface Rule { alert: string; expr: string; for?: string; labels?: { severity?: string }; annotations?: { summary?: string; description?: string } }

const dir = __dirname;
const dashboard = JSON.parse(readFileSync(join(dir, 'grafana-dashboard.json'), 'utf8')) as { uid: string; panels: Panel[]; templating: { list: { query?: unknown; definition?: string }[] } };
const alerts = parse(readFileSync(join(dir, 'alerts.yaml'), 'utf8')) as { groups: { name: string; rules: Rule[] }[] };

const panelExprs = (panels: Panel[]): [string, string][] =>
  panels.flatMap((p) => [...(p.targets ?? []).map((t): [string, string] => [p.title, t.expr]), ...panelExprs(p.panels ?? [])]);

describe('metric names in PromQL', () => {
  it('are told apart from functions, labels, keywords and variables', () => {
    expect(metricNames('sum by (service, le) (rate(http_request_duration_seconds_bucket{service=~"$service",status=~"5.."}[$__rate_interval])) > 0.05'))
      .toEqual(['http_request_duration_seconds_bucket']);
    expect(metricNames('max by (service) (a_total) > 0 and on (service) sum(b) == 0 unless c offset 5m')).toEqual(['a_total', 'b', 'c']);
  });
});

describe('the Grafana dashboard', () => {
  const exprs = panelExprs(dashboard.panels);

  it('has panels for requests, latency, errors, consumer lag, dead letters, publisher lag and the pool', () => {
    const all = exprs.map(([, e]) => e).join('\n');
    for (const name of ['http_request_duration_seconds_count', 'http_request_duration_seconds_bucket', 'kafka_consumer_lag_messages', 'dead_letters_parked', 'event_store_publisher_lag_events', 'pg_pool_clients']) {
      expect(all).toContain(name);
    }
  });

  it.each(exprs)('%s: %s names registered metrics only', async (_, expr) => {
    const known = await registeredNames();
    const names = metricNames(expr);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => !known.has(n))).toEqual([]);
  });

  it("its service variable reads a registered metric", async () => {
    const known = await registeredNames();
    const variable = dashboard.templating.list.find((v) => v.definition);
    expect(known.has(/label_values\((\w+),/.exec(variable!.definition!)![1])).toBe(true);
  });
});

describe('the Prometheus alert rules', () => {
  const rules = alerts.groups.flatMap((g) => g.rules);

  it('each has a severity, a summary and a description, and a for: that rides out one refresh of the gauges', () => {
    expect(rules.length).toBeGreaterThan(5);
    for (const r of rules) {
      expect([r.alert, r.labels?.severity]).toEqual([r.alert, expect.stringMatching(/^(critical|warning)$/)]);
      expect(r.annotations?.summary && r.annotations.description).toBeTruthy();
      expect(r.for).toMatch(/^\d+m$/);
    }
  });

  it.each(rules.map((r) => [r.alert, r.expr]))('%s names registered metrics only', async (_, expr) => {
    const known = await registeredNames();
    const names = metricNames(expr);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => !known.has(n) && !PROMETHEUS_OWN.has(n))).toEqual([]);
  });
});
