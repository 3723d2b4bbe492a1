import { describe, expect, it } from 'vitest';
import { checkCardContent } from '../../src/emulator/content.js';
import { type CardViolation, checkCard } from '../../src/lark/cards/card-rules.js';

const card = (...elements: unknown[]) => ({
  schema: '2.0',
  header: { title: { tag: 'plain_text', content: '标题' } },
  body: { elements },
});
const bars = (extra: Record<string, unknown> = {}) => ({
  type: 'bar',
  data: { values: [{ dept: '城管', rate: 0.9 }] },
  xField: 'dept',
  yField: 'rate',
  ...extra,
});
const chart = (spec: unknown, props: Record<string, unknown> = {}) => ({ tag: 'chart', chart_spec: spec, ...props });
const rules = (v: CardViolation[]) => v.map((x) => x.rule);

describe('chart component rules (Card JSON 2.0 chart, as Lark documents them)', () => {
  it('accepts a bar chart with flat data and documented props', () => {
    expect(checkCard(card(chart(bars(), { aspect_ratio: '16:9', color_theme: 'brand', height: '240px' })))).toEqual([]);
  });

  it('"chart_spec | 是 | Object": a chart without a spec object is refused', () => {
    const v = checkCard(card({ tag: 'chart' }, chart('{"type":"bar"}')));
    expect(rules(v)).toEqual(['chart-spec', 'chart-spec']);
    expect(v[0]!.path).toBe('body.elements[0].chart_spec');
    expect(v[0]!.doc).toContain('chart.md');
  });

  it('"支持折线图、面积图、柱状图、饼图、词云等": only the named types; a missing or other type is refused', () => {
    for (const t of ['line', 'area', 'bar', 'pie', 'scatter', 'wordCloud'])
      expect(checkCard(card(chart(bars({ type: t }))))).toEqual([]);
    expect(rules(checkCard(card(chart(bars({ type: 'sankey' })))))).toEqual(['chart-type']);
    const v = checkCard(card(chart(bars({ type: undefined }))));
    expect(rules(v)).toEqual(['chart-type']);
    expect(v[0]!.doc).toContain('content-components/chart');
  });

  it('"data.values(数据数组)": data must carry values, each a flat record of strings and finite numbers', () => {
    expect(rules(checkCard(card(chart(bars({ data: undefined })))))).toEqual(['chart-data']);
    expect(rules(checkCard(card(chart(bars({ data: { rows: [] } })))))).toEqual(['chart-data']);
    const nested = checkCard(card(chart(bars({ data: [{ values: [{ a: 1 }, { a: { b: 2 } }] }] }))));
    expect(nested.map((x) => x.path)).toEqual(['body.elements[0].chart_spec.data[0].values[1]']);
    expect(rules(checkCard(card(chart(bars({ data: { values: [{ a: Number.NaN }] } })))))).toEqual(['chart-data']);
  });

  it('"单张卡片建议最多放置五个图表组件": five charts pass, six are refused', () => {
    const five = Array.from({ length: 5 }, () => chart(bars()));
    expect(checkCard(card(...five))).toEqual([]);
    const v = checkCard(card(...five, chart(bars())));
    expect(rules(v)).toEqual(['chart-count']);
    expect(v[0]!.message).toContain('单张卡片建议最多放置五个图表组件');
  });

  it('"图表组件暂不支持 JavaScript 语法": a formatter written as a function is refused, data labels are not code', () => {
    const fn = bars({ label: { visible: true, formatMethod: '(v) => v * 100 + "%"' } });
    const v = checkCard(card(chart(fn)));
    expect(rules(v)).toEqual(['chart-no-js']);
    expect(v[0]!.path).toBe('body.elements[0].chart_spec.label.formatMethod');
    expect(rules(checkCard(card(chart(bars({ tooltip: { content: 'function () {}' } })))))).toEqual(['chart-no-js']);
    expect(checkCard(card(chart(bars({ data: { values: [{ dept: 'x => y', rate: 1 }] } }))))).toEqual([]);
  });

  it('aspect_ratio, color_theme and height take only documented values; texture and conical gradients fail on mobile', () => {
    expect(rules(checkCard(card(chart(bars(), { aspect_ratio: '3:1' }))))).toEqual(['chart-props']);
    expect(rules(checkCard(card(chart(bars(), { color_theme: 'neon' }))))).toEqual(['chart-props']);
    expect(rules(checkCard(card(chart(bars(), { height: '1000px' }))))).toEqual(['chart-props']);
    expect(checkCard(card(chart(bars(), { height: 'auto' })))).toEqual([]);
    expect(rules(checkCard(card(chart(bars({ bar: { style: { texture: 'circle' } } })))))).toEqual(['chart-props']);
    expect(rules(checkCard(card(chart(bars({ bar: { style: { fill: { gradient: 'conical' } } } })))))).toEqual([
      'chart-props',
    ]);
  });

  it('the emulator refuses a card with a broken chart as Lark does (230099, naming the rule and its page)', () => {
    const answer = checkCardContent(card(chart(bars({ type: 'sankey' }))));
    expect(answer).toBeDefined();
    expect(JSON.stringify(answer)).toContain('230099');
    expect(JSON.stringify(answer)).toContain('chart-type');
    expect(JSON.stringify(answer)).toContain('content-components/chart');
    expect(checkCardContent(card(chart(bars())))).toBeUndefined();
  });
});
