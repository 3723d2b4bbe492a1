import { describe, expect, it } from 'vitest';
import { periodCard } from '../../src/digest/digest.js';
import { MAX_CHART_DEPTS } from '../../src/digest/digest-charts.js';
import type { DeptScore } from '../../src/digest/digest-data.js';
import { checkCard, countElements } from '../../src/lark/cards/card-rules.js';
import { CARD_LIMITS } from '../../src/lark/limits.js';
import type { Roster } from '../../src/roster/roster.js';
import { loadRosterFile } from '../../src/roster/roster-load.js';
import { bigRoster } from '../helpers/big-roster.js';

type Value = Record<string, string | number>;
type Chart = {
  tag: string;
  height: string;
  chart_spec: { type: string; title: { subtext?: string }; data: { values: Value[] } };
};
const charts = (card: Record<string, unknown>): Chart[] =>
  (card.body as { elements: Chart[] }).elements.filter((e) => e.tag === 'chart');

/** Department i was summoned 10 + i times, arrived on time in i of them (capped) and resolved half. */
function scores(roster: Roster): DeptScore[] {
  return roster.departments.map((d, i) => {
    const summoned = 10 + i;
    return {
      dept: d.id,
      summoned,
      arrived: summoned - 1,
      arrivedOnTime: Math.min(i, summoned),
      medianArriveMin: 20,
      done: Math.floor(summoned / 2),
      doneOnTime: Math.floor(summoned / 4),
      sentBack: 1,
      leftEarly: 0,
      rated: 2,
      ratingAvg: 4.5,
      satisfied: 2,
      answered: 1,
      residentsSatisfied: 1,
    };
  });
}

const period = (roster: Roster, p: 'weekly' | 'monthly') =>
  periodCard(roster, p, {
    from: new Date('2026-11-01T00:00:00+08:00'),
    to: new Date('2026-12-01T00:00:00+08:00'),
    scores: scores(roster),
    counts: { grid: 41, dispatch: 17, whistle: 6 },
    residents: { answered: 3, satisfied: 2 },
    perDay: Array.from({ length: 30 }, (_, i) => ({ day: `11-${String(i + 1).padStart(2, '0')}`, cases: i % 4 })),
  });

describe.each([
  ['the example roster', () => loadRosterFile('config/roster.example.yaml')],
  ['a 60-department roster', () => bigRoster(500, 60)],
])('the 周点评 and 月通报 charts with %s', (_label, load) => {
  const roster = load();

  it.each(['weekly', 'monthly'] as const)('the %s card passes every card rule and stays under 30 KB', (p) => {
    const card = period(roster, p);
    const bytes = Buffer.byteLength(JSON.stringify(card));
    expect(checkCard(card)).toEqual([]);
    expect(bytes, `${bytes} bytes`).toBeLessThanOrEqual(CARD_LIMITS.maxBytes);
    expect(countElements(card)).toBeLessThanOrEqual(CARD_LIMITS.maxElements);
    // The exact figures stay below the chart: the first chart comes before the table.
    const els = card.body as { elements: { tag: string; content?: string }[] };
    const firstChart = els.elements.findIndex((e) => e.tag === 'chart');
    const table = els.elements.findIndex((e, i) => i > 0 && e.tag === 'markdown');
    expect(firstChart).toBeGreaterThan(0);
    expect(table).toBeGreaterThan(firstChart);
  });

  it('the weekly review draws on-time arrival and resolution per department as bars, busiest first', () => {
    const [c, more] = charts(period(roster, 'weekly'));
    expect(more).toBeUndefined();
    expect(c!.chart_spec.type).toBe('bar');
    const values = c!.chart_spec.data.values;
    const shown = values.length / 2;
    if (roster.departments.length > MAX_CHART_DEPTS) {
      // A big roster's chart shows the busiest departments that fit beside the full table, and says so.
      expect(shown).toBeGreaterThanOrEqual(5);
      expect(shown).toBeLessThanOrEqual(MAX_CHART_DEPTS);
      expect(c!.chart_spec.title.subtext).toBe(`召集最多的 ${shown} 个部门 top ${shown} by summons`);
    } else {
      expect(shown).toBe(roster.departments.length);
      expect(c!.chart_spec.title.subtext).toBeUndefined();
    }
    // The last department is the busiest: summoned 10 + i times, i on time, a quarter resolved on time.
    const last = roster.departments.length - 1;
    expect(values[0]).toEqual({
      dept: roster.departments[last]!.name,
      metric: '按时报到 On-time arrival',
      rate: Math.round((last / (10 + last)) * 1000) / 10,
    });
    expect(values[1]).toEqual({
      dept: roster.departments[last]!.name,
      metric: '按时办结 Resolved on time',
      rate: Math.round((Math.floor((10 + last) / 4) / (10 + last)) * 1000) / 10,
    });
  });

  it('the monthly bulletin draws response and resolution rates, the daily trend as a line, and the cases per level', () => {
    const [rates, trend, levels] = charts(period(roster, 'monthly'));
    expect(trend!.chart_spec.type).toBe('line');
    expect(trend!.chart_spec.data.values).toHaveLength(30);
    expect(trend!.chart_spec.data.values[2]).toEqual({ day: '11-03', cases: 2 });
    expect(rates!.chart_spec.data.values[0]!.metric).toBe('响应率 Response');
    expect(rates!.chart_spec.data.values[1]!.metric).toBe('解决率 Resolution');
    expect(levels!.chart_spec.data.values).toEqual([
      { level: '网格自办 Grid handles it', cases: 41 },
      { level: '部门派单 Dispatched to one department', cases: 17 },
      { level: '街道吹哨 Street whistle', cases: 6 },
    ]);
  });
});

it('a period with no whistles has no chart, only its one line', () => {
  const roster = loadRosterFile('config/roster.example.yaml');
  const card = periodCard(roster, 'monthly', {
    from: new Date(0),
    to: new Date(1),
    scores: [],
    counts: { grid: 0, dispatch: 0, whistle: 0 },
    residents: { answered: 0, satisfied: 0 },
  });
  expect(charts(card)).toEqual([]);
  expect(JSON.stringify(card)).toContain('本期无吹哨案件');
});
