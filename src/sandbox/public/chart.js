// A Lark card `chart` element drawn as inline SVG: the bar and line charts the bot sends (a VChart spec's data,
// fields, series and direction), so the sandbox shows them with no network and no chart library. Other chart
// types are listed as text; the card's table below always holds the exact figures.
const NS = 'http://www.w3.org/2000/svg';
const COLORS = ['#3370ff', '#ff8800', '#34c724', '#f54a45', '#7f3bf5', '#14c0ff'];
const W = 640;

const svgEl = (tag, attrs = {}, text) => {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = String(text);
  return e;
};
const first = (f) => (Array.isArray(f) ? f[0] : f);
const uniq = (xs) => [...new Set(xs)];

function dataOf(spec) {
  const d = Array.isArray(spec.data) ? spec.data[0] : spec.data;
  return Array.isArray(d?.values) ? d.values : [];
}

/** The categories, series and values of a bar or line spec, whichever way it is laid out. */
function layout(spec) {
  const horizontal = spec.direction === 'horizontal';
  const catKey = first(horizontal ? spec.yField : spec.xField);
  const valKey = first(horizontal ? spec.xField : spec.yField);
  const serKey = spec.seriesField;
  const values = dataOf(spec);
  const cats = uniq(values.map((v) => String(v[catKey])));
  const series = serKey ? uniq(values.map((v) => String(v[serKey]))) : [''];
  const at = (c, s) => {
    const v = values.find((x) => String(x[catKey]) === c && (!serKey || String(x[serKey]) === s));
    return v ? Number(v[valKey]) || 0 : 0;
  };
  const axisMax = (spec.axes ?? []).find((a) => typeof a.max === 'number')?.max;
  const max = axisMax ?? Math.max(1, ...values.map((v) => Number(v[valKey]) || 0));
  return { horizontal, cats, series, at, max, line: spec.type === 'line' };
}

function header(svg, spec, series, y0) {
  let y = y0;
  if (spec.title?.text) {
    y += 18;
    svg.append(svgEl('text', { x: 8, y, class: 'ct' }, spec.title.text));
  }
  if (spec.title?.subtext) {
    y += 16;
    svg.append(svgEl('text', { x: 8, y, class: 'cs' }, spec.title.subtext));
  }
  if (series.length > 1 || series[0]) {
    let x = 8;
    y += 18;
    series.forEach((s, i) => {
      svg.append(svgEl('rect', { x, y: y - 10, width: 10, height: 10, fill: COLORS[i % COLORS.length] }));
      svg.append(svgEl('text', { x: x + 14, y, class: 'cl' }, s));
      x += 24 + s.length * 9;
    });
  }
  return y + 10;
}

function horizontalBars(svg, l, top) {
  const labelW = 200;
  const barH = 12;
  const rowH = l.series.length * barH + 10;
  const span = W - labelW - 60;
  l.cats.forEach((c, ci) => {
    const y = top + ci * rowH;
    svg.append(svgEl('text', { x: labelW - 6, y: y + rowH / 2 + 2, class: 'cx', 'text-anchor': 'end' }, c));
    l.series.forEach((s, si) => {
      const v = l.at(c, s);
      const w = Math.max(1, (v / l.max) * span);
      const by = y + si * barH + 4;
      svg.append(svgEl('rect', { x: labelW, y: by, width: w, height: barH - 2, fill: COLORS[si % COLORS.length] }));
      svg.append(svgEl('text', { x: labelW + w + 4, y: by + barH - 3, class: 'cv' }, v));
    });
  });
  return top + l.cats.length * rowH + 8;
}

function verticalBars(svg, l, top) {
  const h = 180;
  const slot = (W - 40) / Math.max(1, l.cats.length);
  const barW = Math.max(4, (slot - 12) / l.series.length);
  const base = top + h;
  // At most a dozen axis labels (a month's days would overlap).
  const every = Math.ceil(l.cats.length / 12);
  svg.append(svgEl('line', { x1: 20, y1: base, x2: W - 20, y2: base, stroke: '#c9cdd4' }));
  l.cats.forEach((c, ci) => {
    const x0 = 20 + ci * slot + 6;
    l.series.forEach((s, si) => {
      const v = l.at(c, s);
      const bh = (v / l.max) * (h - 20);
      const x = x0 + si * barW;
      if (!l.line)
        svg.append(svgEl('rect', { x, y: base - bh, width: barW - 2, height: bh, fill: COLORS[si % COLORS.length] }));
      // A line's zero days stay unlabelled: thirty "0"s would hide the days that matter.
      if (!l.line || v > 0)
        svg.append(svgEl('text', { x: x + barW / 2, y: base - bh - 4, class: 'cv', 'text-anchor': 'middle' }, v));
    });
    if (ci % every === 0)
      svg.append(svgEl('text', { x: x0 + (slot - 12) / 2, y: base + 16, class: 'cx', 'text-anchor': 'middle' }, c));
  });
  if (l.line)
    l.series.forEach((s, si) => {
      const pts = l.cats.map((c, ci) => `${20 + ci * slot + slot / 2},${base - (l.at(c, s) / l.max) * (h - 20)}`);
      svg.append(svgEl('polyline', { points: pts.join(' '), fill: 'none', stroke: COLORS[si % COLORS.length] }));
    });
  return base + 28;
}

/** The chart element as a DOM node: an SVG for bar and line specs, a plain list for anything else. */
export function renderChart(node) {
  const spec = node.chart_spec ?? {};
  const box = document.createElement('div');
  box.className = 'chart';
  box.dataset.type = String(spec.type);
  if (spec.type !== 'bar' && spec.type !== 'line') {
    box.textContent = `[chart ${spec.type}] ${dataOf(spec)
      .map((v) => Object.values(v).join(' '))
      .join(' · ')}`;
    return box;
  }
  const l = layout(spec);
  const svg = svgEl('svg', { width: W, role: 'img', 'aria-label': spec.title?.text ?? 'chart' });
  const top = header(svg, spec, l.series, 0);
  const end = l.horizontal ? horizontalBars(svg, l, top) : verticalBars(svg, l, top);
  svg.setAttribute('height', end);
  svg.setAttribute('viewBox', `0 0 ${W} ${end}`);
  box.append(svg);
  return box;
}
