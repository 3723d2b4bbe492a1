import type { Roster } from '../roster/roster.js';
import { LEVEL_LABEL, LEVELS } from '../whistle/model.js';
import type { DeptScore, LevelCounts } from './digest-data.js';

/** The charts on the 周点评 and 月通报 cards: Lark card 2.0 `chart` elements carrying VChart specs. The text table
 * stays below each chart for the exact figures; the charts are for seeing who lags at a glance. */

export interface DigestChart {
  spec: Record<string, unknown>;
  height: string;
}

/** More bars than this are unreadable on a phone and cost card bytes; the table still lists everyone. */
export const MAX_CHART_DEPTS = 20;
/** Fewer bars than this say nothing the table does not; the chart is left out instead. */
const MIN_CHART_DEPTS = 3;
const BAR_PX = 26;

const bi = (zh: string, en: string) => `${zh} ${en}`;
const share = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 10 : 0);

interface Pair {
  /** The two series' names, Chinese first with English beside it. */
  names: [string, string];
  of: (s: DeptScore) => [number, number];
}

/** The bytes a chart adds to the card as cards/digest.json wraps it. */
export const chartBytes = (c: DigestChart) =>
  Buffer.byteLength(
    JSON.stringify({ tag: 'chart', aspect_ratio: '16:9', height: c.height, preview: true, chart_spec: c.spec }),
  ) + 1;

function rateSpec(roster: Roster, shown: DeptScore[], total: number, title: string, pair: Pair): DigestChart {
  const values = shown.flatMap((s) => {
    const dept = roster.department(s.dept)?.name ?? s.dept;
    const [a, b] = pair.of(s);
    return [
      { dept, metric: pair.names[0], rate: a },
      { dept, metric: pair.names[1], rate: b },
    ];
  });
  const cut = total > shown.length;
  return {
    height: `${Math.min(999, 90 + shown.length * BAR_PX * 2)}px`,
    spec: {
      type: 'bar',
      direction: 'horizontal',
      title: {
        text: title,
        ...(cut ? { subtext: bi(`召集最多的 ${shown.length} 个部门`, `top ${shown.length} by summons`) } : {}),
      },
      data: { id: 'rates', values },
      xField: 'rate',
      yField: ['dept', 'metric'],
      seriesField: 'metric',
      axes: [{ orient: 'bottom', min: 0, max: 100, title: { visible: true, text: '%' } }],
      legends: { visible: true, orient: 'top' },
      label: { visible: true },
    },
  };
}

/** Departments' two rates as grouped horizontal bars, busiest departments first, as many as fit in `budget`
 * bytes (the table below keeps every department's figures; the chart gives way to it, never the reverse). */
function rateBars(roster: Roster, scores: DeptScore[], title: string, pair: Pair, budget: number) {
  const sorted = [...scores].sort((a, b) => b.summoned - a.summoned);
  for (let n = Math.min(sorted.length, MAX_CHART_DEPTS); n >= Math.min(MIN_CHART_DEPTS, sorted.length); n--) {
    const c = rateSpec(roster, sorted.slice(0, n), sorted.length, title, pair);
    if (chartBytes(c) <= budget) return c;
  }
  return undefined;
}

/** 周点评: each department's on-time arrival and on-time resolution, as bars, within `budget` bytes. */
export function weeklyCharts(roster: Roster, scores: DeptScore[], budget = Number.POSITIVE_INFINITY): DigestChart[] {
  if (scores.length === 0) return [];
  const bars = rateBars(
    roster,
    scores,
    bi('各部门按时报到率与按时办结率（%）', 'On-time arrival and resolution (%)'),
    {
      names: [bi('按时报到', 'On-time arrival'), bi('按时办结', 'Resolved on time')],
      // Fair rates (src/evaluation/fair-rates.ts): approved transfers are correct outcomes, not failures.
      of: (s) => [
        share(s.arrivedOnTime, s.summoned - s.transferredUnarrived),
        share(s.doneOnTime + s.transferredOnTime, s.summoned),
      ],
    },
    budget,
  );
  return bars ? [bars] : [];
}

/** 月通报: departments' response and resolution rates as bars, and the month's cases per level (三级过滤). */
export function monthlyCharts(
  roster: Roster,
  scores: DeptScore[],
  levels: LevelCounts,
  budget = Number.POSITIVE_INFINITY,
  perDay: { day: string; cases: number }[] = [],
): DigestChart[] {
  if (scores.length === 0) return [];
  const perLevel = LEVELS.map((l) => ({ level: bi(LEVEL_LABEL[l].zh, LEVEL_LABEL[l].en), cases: levels[l] }));
  const byLevel: DigestChart = {
    height: '240px',
    spec: {
      type: 'bar',
      title: { text: bi('本月各层级受理件数', 'Cases this month by level') },
      data: { id: 'levels', values: perLevel },
      xField: 'level',
      yField: 'cases',
      label: { visible: true },
    },
  };
  const trend: DigestChart | undefined = perDay.length
    ? {
        height: '220px',
        spec: {
          type: 'line',
          title: { text: bi('本月每日受理件数', 'Cases taken on per day') },
          data: { id: 'days', values: perDay },
          xField: 'day',
          yField: 'cases',
          point: { visible: false },
        },
      }
    : undefined;
  const left = budget - chartBytes(byLevel) - (trend ? chartBytes(trend) : 0);
  const bars = rateBars(
    roster,
    scores,
    bi('各部门响应率与解决率（%）', 'Response and resolution rates (%)'),
    {
      names: [bi('响应率', 'Response'), bi('解决率', 'Resolution')],
      of: (s) => [share(s.arrived, s.summoned), share(s.done, s.summoned)],
    },
    left,
  );
  if (left < 0) return [];
  return [bars, trend, byLevel].filter((c): c is DigestChart => c !== undefined);
}
