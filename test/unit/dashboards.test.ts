import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Db } from '../../src/db/database.js';
import { createMetrics, registerOperatorGauges } from '../../src/metrics.js';

/** The operators' dashboard and alerts only mean something if every series they query is one the service exports. */
const metrics = createMetrics([], {} as Db);
registerOperatorGauges(metrics.registry, {} as Db, async () => true);

/** Histograms are queried through their _bucket/_sum/_count series. */
function exported(name: string): boolean {
  if (metrics.registry.getSingleMetric(name)) return true;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return base !== name && metrics.registry.getSingleMetric(base)?.constructor.name === 'Histogram';
}

const namesIn = (exprs: string[]) => [...new Set(exprs.flatMap((e) => e.match(/\bwhistle_[a-z0-9_]+/g) ?? []))];

const dashboard = JSON.parse(readFileSync('docs/grafana-dashboard.json', 'utf8')) as {
  panels: { type: string; title: string; targets?: { expr: string }[] }[];
  templating: { list: { definition?: string }[] };
};
const dashboardExprs = [
  ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
  ...dashboard.templating.list.map((v) => v.definition ?? ''),
];
const alerts = parse(readFileSync('docs/prometheus-alerts.yml', 'utf8')) as {
  groups: { rules: { alert: string; expr: string }[] }[];
};
const alertRules = alerts.groups.flatMap((g) => g.rules);

describe('the Grafana dashboard', () => {
  const names = namesIn(dashboardExprs);

  it('queries only metrics the service exports', () => {
    expect(names.filter((n) => !exported(n))).toEqual([]);
  });

  it('shows events, acknowledgement latency, the backlog, Lark errors, timer lateness and overdue cases', () => {
    for (const n of [
      'whistle_events_total',
      'whistle_ack_seconds_bucket',
      'whistle_outbound_backlog',
      'whistle_lark_calls_total',
      'whistle_timer_lateness_seconds_bucket',
      'whistle_cases_overdue',
    ])
      expect(names).toContain(n);
    expect(
      dashboardExprs.some((e) => /whistle_cases_overdue.*by \(street\)|by \(street\).*whistle_cases_overdue/.test(e)),
    ).toBe(true);
  });
});

describe('the Prometheus alerts', () => {
  it('use only metrics the service exports', () => {
    const names = namesIn(alertRules.map((r) => r.expr));
    expect(names.length).toBeGreaterThan(3);
    expect(names.filter((n) => !exported(n))).toEqual([]);
  });

  it('cover a dead long connection, a growing backlog, refused cards and unprocessed events', () => {
    const exprOf = (name: string) => alertRules.find((r) => r.alert === name)?.expr ?? '';
    expect(exprOf('WhistleNotReady')).toContain('whistle_ready');
    expect(exprOf('WhistleOutboundBacklogGrowing')).toContain('whistle_outbound_backlog');
    expect(exprOf('WhistleCardsRefused')).toMatch(/whistle_lark_calls_total\{code=~"[^"]*230099/);
    expect(exprOf('WhistleEventsUnprocessed')).toContain('whistle_events_unprocessed');
  });
});
