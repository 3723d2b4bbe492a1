import { CARD_DOCS } from '../limits.js';

/** Lark's documented rules for the Card JSON 2.0 `chart` component (a VChart spec in `chart_spec`). Where the doc
 * is vague we are stricter than Lark, never looser: a chart Lark might refuse is never sent. */

export type ChartRule = 'chart-spec' | 'chart-type' | 'chart-data' | 'chart-count' | 'chart-no-js' | 'chart-props';

export const CHART_RULES: Record<ChartRule, { doc: string; quote: string }> = {
  // Lark's chart field table: "chart_spec | 是 | Object | / | VChart 图表定义".
  'chart-spec': { doc: CARD_DOCS.chartFields, quote: '`chart_spec` | 是 | Object | / | VChart 图表定义' },
  // chart page: "支持折线图、面积图、柱状图、饼图、词云等多种数据呈现方式"; the field reference lists the types
  // line, area, bar, pie, scatter, wordCloud. We allow only those named.
  'chart-type': {
    doc: CARD_DOCS.chart,
    quote: '支持折线图、面积图、柱状图、饼图、词云等多种数据呈现方式',
  },
  // Lark's field reference: "核心字段:type、data.values(数据数组)". We also require every value to be a flat
  // record of strings and finite numbers: nested or NaN data is not something a card should carry.
  'chart-data': { doc: CARD_DOCS.chartFields, quote: '核心字段:`type`、`data.values`(数据数组)' },
  // chart page: "单张卡片建议最多放置五个图表组件。" (a recommendation, held as a limit).
  'chart-count': { doc: CARD_DOCS.chart, quote: '单张卡片建议最多放置五个图表组件。' },
  // chart page: "图表组件暂不支持 JavaScript 语法。" JSON holds no functions, so a string that reads as one
  // (formatter callbacks written as text) is refused.
  'chart-no-js': { doc: CARD_DOCS.chart, quote: '图表组件暂不支持 JavaScript 语法。' },
  // Lark's field table: aspect_ratio "1:1 / 2:1 / 4:3 / 16:9", color_theme "brand / rainbow / complementary /
  // converse / primary", height "auto 或 [1,999]px"; and the chart page's mobile list: texture and conical
  // gradients "图表将在移动端加载失败".
  'chart-props': {
    doc: CARD_DOCS.chartFields,
    quote: 'aspect_ratio: `1:1` / `2:1` / `4:3` / `16:9`; height: `auto` 或 `[1,999]px`',
  },
};

export const CHART_TYPES = new Set(['line', 'area', 'bar', 'pie', 'scatter', 'wordCloud']);
const ASPECT_RATIOS = new Set(['1:1', '2:1', '4:3', '16:9']);
const COLOR_THEMES = new Set(['brand', 'rainbow', 'complementary', 'converse', 'primary']);
const JS_TEXT = /^\s*(function\b|\([^)]*\)\s*=>|[A-Za-z_$][\w$]*\s*=>)/;

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => !!v && typeof v === 'object' && !Array.isArray(v);

export interface ChartFinding {
  rule: ChartRule;
  path: string;
  message: string;
}

/** The data sets a spec carries: `data` is one `{values}` or a list of them. */
function dataSets(spec: Node): unknown[] | undefined {
  const d = spec.data;
  if (Array.isArray(d)) return d;
  return isNode(d) ? [d] : undefined;
}

function checkData(spec: Node, path: string, out: ChartFinding[]): void {
  const sets = dataSets(spec);
  if (!sets || sets.length === 0) {
    out.push({ rule: 'chart-data', path: `${path}.data`, message: 'chart_spec has no data' });
    return;
  }
  for (const [i, set] of sets.entries()) {
    const at = Array.isArray(spec.data) ? `${path}.data[${i}]` : `${path}.data`;
    const values = isNode(set) ? set.values : undefined;
    if (!Array.isArray(values)) {
      out.push({ rule: 'chart-data', path: at, message: 'data without a values array' });
      continue;
    }
    const bad = values.findIndex(
      (v) =>
        !isNode(v) ||
        Object.values(v).some((x) => !(typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x)))),
    );
    if (bad >= 0)
      out.push({
        rule: 'chart-data',
        path: `${at}.values[${bad}]`,
        message: 'a data value that is not a flat record of strings and finite numbers',
      });
  }
}

function checkNoJs(v: unknown, path: string, out: ChartFinding[]): void {
  if (typeof v === 'string') {
    if (JS_TEXT.test(v)) out.push({ rule: 'chart-no-js', path, message: 'a string that reads as JavaScript' });
    return;
  }
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) checkNoJs(x, `${path}[${i}]`, out);
    return;
  }
  if (!isNode(v)) return;
  for (const [k, x] of Object.entries(v)) {
    if (k === 'texture' || (k === 'gradient' && x === 'conical'))
      out.push({ rule: 'chart-props', path: `${path}.${k}`, message: `"${k}" fails to load on mobile` });
    checkNoJs(x, `${path}.${k}`, out);
  }
}

function checkProps(node: Node, path: string, out: ChartFinding[]): void {
  const bad = (k: string, why: string) => out.push({ rule: 'chart-props', path: `${path}.${k}`, message: why });
  if (node.aspect_ratio !== undefined && !ASPECT_RATIOS.has(String(node.aspect_ratio)))
    bad('aspect_ratio', `aspect_ratio ${JSON.stringify(node.aspect_ratio)} is not one of ${[...ASPECT_RATIOS]}`);
  if (node.color_theme !== undefined && !COLOR_THEMES.has(String(node.color_theme)))
    bad('color_theme', `color_theme ${JSON.stringify(node.color_theme)} is not one of ${[...COLOR_THEMES]}`);
  if (node.height !== undefined) {
    const m = /^(\d+)px$/.exec(String(node.height));
    const ok = node.height === 'auto' || (m && Number(m[1]) >= 1 && Number(m[1]) <= 999);
    if (!ok) bad('height', `height ${JSON.stringify(node.height)} is neither "auto" nor 1–999px`);
  }
}

/** Every chart rule one `chart` element breaks. */
export function checkChart(node: Node, path: string): ChartFinding[] {
  const out: ChartFinding[] = [];
  checkProps(node, path, out);
  const spec = node.chart_spec;
  if (!isNode(spec)) {
    out.push({ rule: 'chart-spec', path: `${path}.chart_spec`, message: 'a chart without a chart_spec object' });
    return out;
  }
  const at = `${path}.chart_spec`;
  if (typeof spec.type !== 'string' || !CHART_TYPES.has(spec.type))
    out.push({
      rule: 'chart-type',
      path: `${at}.type`,
      message: `chart type ${JSON.stringify(spec.type)} is not one of ${[...CHART_TYPES]}`,
    });
  checkData(spec, at, out);
  // Data values are labels and numbers VChart never runs; only the rest of the spec is read for code.
  const { data: _data, ...rest } = spec;
  checkNoJs(rest, at, out);
  return out;
}
