import type { CardVars } from '../cards/card-registry.js';
import { escapeMarkdown as md } from '../cards/escape.js';
import { renderCard } from '../cards/render-card.js';
import { streetStepsLine } from '../clocks/clock-digest.js';
import type { Db } from '../db/database.js';
import { type FairCounts, fairRates, meanOf } from '../evaluation/fair-rates.js';
import { formatDuration, isoDay, wallClock, zonedInstant } from '../i18n/time.js';
import { type DispatchFigures, dispatchFigures, dispatchLine } from '../intake/learn/rates.js';
import { CARD_LIMITS } from '../lark/limits.js';
import type { Roster } from '../roster/roster.js';
import { buttonValue } from '../whistle/action-value.js';
import { LEVEL_LABEL, LEVELS } from '../whistle/model.js';
import { monthlyCharts, weeklyCharts } from './digest-charts.js';
import {
  casesPerDay,
  type DeptScore,
  type LevelCounts,
  levelCounts,
  openWork,
  residentAnswers,
  scorecards,
  streetStepCounts,
} from './digest-data.js';

export type Period = 'daily' | 'weekly' | 'monthly';
/** The share of Lark's card size a digest with its charts may fill. */
const CHART_FILL = 0.95;
type Bi = { zh: string; en: string };
const MAX_OVERDUE_ROWS = 25;

const name = (r: Roster, id: string) => ({ zh: r.department(id)?.name ?? id, en: r.department(id)?.name_en ?? id });
const pct = (a: number, b: number) => (b ? `${Math.round((a / b) * 100)}%` : '—');
/** A share nobody could be asked about is 未评 (not rated), never 0 %. */
const UNRATED = { zh: '未评', en: 'not rated' };
const ratePct = (x: number | null, lang: 'zh' | 'en') => (x === null ? UNRATED[lang] : `${(x * 100).toFixed(1)}%`);

/** 三级过滤 in one line: how many cases each level took on, and the 吹哨率 (street whistles among all cases the
 * street took on, issue 20: a street that whistles everything is not filtering; one that never whistles may be
 * sitting on cases). */
function levelLine(n: LevelCounts) {
  const all = LEVELS.reduce((sum, l) => sum + n[l], 0);
  return {
    zh: `${LEVELS.map((l) => `${LEVEL_LABEL[l].zh} ${n[l]}`).join(' · ')} · 吹哨率 ${pct(n.whistle, all)}`,
    en: `${LEVELS.map((l) => `${LEVEL_LABEL[l].en} ${n[l]}`).join(' · ')} · whistle rate ${pct(n.whistle, all)}`,
  };
}

/** 日碰头: open and overdue work per department, each overdue case with a 督办 button. */
export async function dailyDigest(db: Db, roster: Roster, now: number): Promise<Record<string, unknown>> {
  const { depts, overdue } = await openWork(db, roster.street.id, new Date(now));
  const total = depts.reduce((n, d) => n + d.open, 0);
  const late = overdue.length;
  const w = wallClock(now, roster.timezone);
  const dayStart = zonedInstant(roster.timezone, w.year, w.month, w.day, 0, 0);
  const today = levelLine(await levelCounts(db, roster.street.id, new Date(dayStart), new Date(dayStart + 86_400_000)));
  const steps = streetStepsLine(await streetStepCounts(db, roster.street.id));
  const open =
    total === 0
      ? { zh: '今日无在办案件。', en: 'Nothing open today.' }
      : {
          zh: `在办 **${total}** 项，超时 **${late}** 项（重点督办）。`,
          en: `**${total}** open, **${late}** overdue (key supervision).`,
        };
  const vars: CardVars<'digest'> = {
    title: { zh: `日碰头 · ${roster.street.name}`, en: `Daily huddle · ${roster.street.name_en ?? roster.street.id}` },
    subtitle: { zh: '在办与超时案件', en: 'Open and overdue work' },
    color: late ? 'red' : 'green',
    summary: {
      zh: `${open.zh}\n今日受理：${today.zh}${steps ? `\n${steps.zh}` : ''}`,
      en: `${open.en}\nTaken on today: ${today.en}${steps ? `\n${steps.en}` : ''}`,
    },
    rows: depts.length > 0,
    table: {
      zh: depts
        .map((d) => `**${md(name(roster, d.dept).zh)}**：在办 ${d.open}${d.overdue ? `，超时 ${d.overdue} 🔴` : ''}`)
        .join('\n'),
      en: depts
        .map((d) => `**${md(name(roster, d.dept).en)}**: ${d.open} open${d.overdue ? `, ${d.overdue} overdue 🔴` : ''}`)
        .join('\n'),
    },
    overdue: overdue.slice(0, MAX_OVERDUE_ROWS).map((o) => {
      const late = formatDuration(now - o.since.getTime());
      const cat = o.category ? roster.category(o.category) : undefined;
      return {
        zh: `${md(o.number)} · ${md(name(roster, o.dept).zh)} · ${md(cat?.name ?? '')} · 已超时${late.zh}`,
        en: `${md(o.number)} · ${md(name(roster, o.dept).en)} · ${md(cat?.name_en ?? '')} · ${late.en} overdue`,
        value: buttonValue('nudge', o.id, { dept: o.dept, card: 'notice' }),
      };
    }),
  };
  return renderCard('digest', vars);
}

/** The period a scheduled digest covers, ending at `now` in the roster's time zone. */
export function periodRange(period: Exclude<Period, 'daily'>, now: number, tz: string): { from: Date; to: Date } {
  const w = wallClock(now, tz);
  if (period === 'weekly') {
    const today = zonedInstant(tz, w.year, w.month, w.day, 0, 0);
    return { from: new Date(today - 7 * 86_400_000), to: new Date(today) };
  }
  const first = zonedInstant(tz, w.year, w.month, 1, 0, 0);
  const prev =
    w.month === 1 ? zonedInstant(tz, w.year - 1, 12, 1, 0, 0) : zonedInstant(tz, w.year, w.month - 1, 1, 0, 0);
  return { from: new Date(prev), to: new Date(first) };
}

function scoreLine(r: Roster, s: DeptScore, rank?: number) {
  const n = name(r, s.dept);
  const median = s.medianArriveMin === null ? '—' : `${Math.round(s.medianArriveMin)}`;
  const avg = (lang: 'zh' | 'en') => (s.ratingAvg === null ? UNRATED[lang] : s.ratingAvg.toFixed(1));
  const f = fairRates(s);
  const on = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
  const p = rank ? `${rank}. ` : '';
  // Refused attempts to leave (the department stayed) and actual early departures are counted apart; the refusals
  // only when there were any, so a 60-department table still leaves room for its chart.
  return {
    zh: `${p}**${md(n.zh)}**：召集 ${s.summoned} · 按时报到 ${on(f.responseOnTime)} · 报到中位 ${median} 分钟 · 按时办结 ${on(f.resolutionOnTime)}${s.transferred ? `（含移交 ${s.transferred}）` : ''} · 退回 ${pct(s.sentBack, s.summoned)} · 提前离场 ${s.leftEarly}${s.refusedLeave ? `（另拒绝离场申请 ${s.refusedLeave}）` : ''} · 满意率 ${ratePct(f.satisfaction, 'zh')} · 街道评价 ${avg('zh')}`,
    en: `${p}**${md(n.en)}**: summoned ${s.summoned} · arrived on time ${on(f.responseOnTime)} · median arrival ${median} min · resolved on time ${on(f.resolutionOnTime)}${s.transferred ? ` (incl. ${s.transferred} transferred)` : ''} · sent back ${pct(s.sentBack, s.summoned)} · left early ${s.leftEarly}${s.refusedLeave ? ` (${s.refusedLeave} leave refused)` : ''} · residents satisfied ${ratePct(f.satisfaction, 'en')} · street rating ${avg('en')}`,
  };
}

/** 响应率, 解决率, 满意率 as the city publishes them, made fair (src/evaluation/fair-rates.ts): an approved 首问
 * transfer is a correct outcome, not an unresolved case; a rate nobody could be measured on is null (未评, not 0 %).
 * The street's own 1–5 rating is reported apart as 街道评价. */
export function rates(s: FairCounts) {
  const f = fairRates(s);
  return { response: f.response, resolution: f.resolution, satisfaction: f.satisfaction };
}

/** The mean of the rates that exist: an unrated department is ranked on what it has, not given a zero. */
const score = (r: ReturnType<typeof rates>) => meanOf([r.response, r.resolution, r.satisfaction]) ?? 0;
const ratingText = (avg: number | null, lang: 'zh' | 'en') => (avg === null ? UNRATED[lang] : avg.toFixed(1));

/** 周点评 (scorecards) and 月通报 (rates with a ranking). */
export async function periodDigest(
  db: Db,
  roster: Roster,
  period: Exclude<Period, 'daily'>,
  now: number,
): Promise<Record<string, unknown>> {
  const { from, to } = periodRange(period, now, roster.timezone);
  return periodCard(roster, period, {
    from,
    to,
    scores: await scorecards(db, roster.street.id, from, to),
    counts: await levelCounts(db, roster.street.id, from, to),
    residents: await residentAnswers(db, roster.street.id, from, to),
    perDay:
      period === 'monthly'
        ? await casesPerDay(db, roster.street.id, from, to, (ms) => isoDay(ms, roster.timezone).slice(5))
        : undefined,
    dispatch: period === 'monthly' ? await dispatchFigures(db, roster.street.id, from, to) : undefined,
  });
}

export interface PeriodData {
  from: Date;
  to: Date;
  scores: DeptScore[];
  counts: LevelCounts;
  residents: { answered: number; satisfied: number };
  /** 月通报: cases taken on per day ("MM-DD"), drawn as the month's trend. */
  perDay?: { day: string; cases: number }[];
  /** 月通报: 首派准确率 and 退单率 (issue 16 item 6). */
  dispatch?: DispatchFigures;
}

/** 月通报's text: the street's rates in the summary, the departments ranked in the table. */
function monthlyText(roster: Roster, scores: DeptScore[], residents: PeriodData['residents'], levels: Bi) {
  const keys = [
    'summoned',
    'arrived',
    'arrivedOnTime',
    'done',
    'doneOnTime',
    'transferred',
    'transferredOnTime',
    'transferredUnarrived',
    'rated',
  ] as const;
  const total = { ...Object.fromEntries(keys.map((k) => [k, 0])), ratingSum: 0 } as Record<
    (typeof keys)[number] | 'ratingSum',
    number
  >;
  for (const s of scores) {
    for (const k of keys) total[k] += s[k];
    total.ratingSum += (s.ratingAvg ?? 0) * s.rated;
  }
  const st = rates({ ...total, answered: residents.answered, residentsSatisfied: residents.satisfied });
  const street = total.rated ? total.ratingSum / total.rated : null;
  const f = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
  const ranked = scores.map((s) => ({ s, r: rates(s) })).sort((a, b) => score(b.r) - score(a.r));
  const summary = {
    zh: `全街道：响应率 **${f(st.response)}**，解决率 **${f(st.resolution)}**，满意率 **${ratePct(st.satisfaction, 'zh')}**（群众回访 ${residents.answered} 件），街道评价 ${ratingText(street, 'zh')}。\n${levels.zh}`,
    en: `Street: response **${f(st.response)}**, resolution **${f(st.resolution)}**, satisfaction **${ratePct(st.satisfaction, 'en')}** (${residents.answered} residents called back), street rating ${ratingText(street, 'en')}.\n${levels.en}`,
  };
  const table = {
    zh: ranked
      .map(
        ({ s, r }, i) =>
          `${i + 1}. **${md(name(roster, s.dept).zh)}**：响应率 ${f(r.response)} · 解决率 ${f(r.resolution)} · 满意率 ${ratePct(r.satisfaction, 'zh')} · 街道评价 ${ratingText(s.ratingAvg, 'zh')}`,
      )
      .join('\n'),
    en: ranked
      .map(
        ({ s, r }, i) =>
          `${i + 1}. **${md(name(roster, s.dept).en)}**: response ${f(r.response)} · resolution ${f(r.resolution)} · satisfaction ${ratePct(r.satisfaction, 'en')} · street rating ${ratingText(s.ratingAvg, 'en')}`,
      )
      .join('\n'),
  };
  return { summary, table };
}

/** The 周点评 / 月通报 card from the period's figures (no database: the figures are computed by the caller). */
export function periodCard(
  roster: Roster,
  period: Exclude<Period, 'daily'>,
  { from, to, scores, counts, residents, perDay, dispatch }: PeriodData,
): Record<string, unknown> {
  const levels = levelLine(counts);
  const weekly = period === 'weekly';
  const title = weekly
    ? { zh: `周点评 · ${roster.street.name}`, en: `Weekly review · ${roster.street.name_en ?? roster.street.id}` }
    : { zh: `月通报 · ${roster.street.name}`, en: `Monthly bulletin · ${roster.street.name_en ?? roster.street.id}` };
  // The period's first and last day as the street reads them (its zone, not UTC: 00:00 in Beijing is 16:00 UTC).
  const first = isoDay(from.getTime(), roster.timezone);
  const last = isoDay(to.getTime() - 1, roster.timezone);
  const span = { zh: `${first} 至 ${last}`, en: `${first} – ${last}` };
  let table: { zh: string; en: string };
  let summary: { zh: string; en: string };
  if (scores.length === 0) {
    summary = { zh: '本期无吹哨案件。', en: 'No whistles in this period.' };
    table = { zh: '', en: '' };
  } else if (weekly) {
    const lines = scores.sort((a, b) => b.summoned - a.summoned).map((s) => scoreLine(roster, s));
    summary = {
      zh: `本周共召集部门 ${scores.reduce((n, s) => n + s.summoned, 0)} 次。\n${levels.zh}`,
      en: `${scores.reduce((n, s) => n + s.summoned, 0)} summons this week.\n${levels.en}`,
    };
    table = { zh: lines.map((l) => l.zh).join('\n'), en: lines.map((l) => l.en).join('\n') };
  } else {
    ({ summary, table } = monthlyText(roster, scores, residents, levels));
  }
  if (!weekly && dispatch) {
    const line = dispatchLine(dispatch);
    summary = { zh: `${summary.zh}\n${line.zh}`, en: `${summary.en}\n${line.en}` };
  }
  const vars: CardVars<'digest'> = {
    title,
    subtitle: span,
    color: 'blue',
    summary,
    rows: scores.length > 0,
    table,
    overdue: [],
  };
  // The charts take the bytes the text leaves under Lark's 30 KB (with a margin); the exact figures come first.
  const budget =
    Math.floor(CARD_LIMITS.maxBytes * CHART_FILL) - Buffer.byteLength(JSON.stringify(renderCard('digest', vars)));
  const charts = weekly ? weeklyCharts(roster, scores, budget) : monthlyCharts(roster, scores, counts, budget, perDay);
  return renderCard('digest', { ...vars, charts });
}
