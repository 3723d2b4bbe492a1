import type { CardVars } from '../cards/card-registry.js';
import { escapeMarkdown as md } from '../cards/escape.js';
import { renderCard } from '../cards/render-card.js';
import { isoDay } from '../i18n/time.js';
import { CARD_LIMITS } from '../lark/limits.js';
import type { Roster } from '../roster/roster.js';
import { buttonValue } from '../whistle/action-value.js';
import {
  departmentsToSupervise,
  type EvalRow,
  type Evaluation,
  METRIC_LABEL,
  METRICS,
  REPEAT_WITHIN_DAYS,
  SUPERVISE_BELOW,
} from './evaluation-data.js';
import { pctOrUnrated } from './fair-rates.js';

type Bi = { zh: string; en: string };
export type EvalPeriod = 'weekly' | 'monthly';

/** What the card needs besides the figures: which evaluation, which period, and the objections filed so far. */
export interface EvalCardInput {
  id: string;
  period: EvalPeriod;
  from: Date;
  to: Date;
  evaluation: Evaluation;
  objections: { dept: string; metric: string; status: string; reason: string; [more: string]: unknown }[];
}

const name = (r: Roster, id: string) => ({ zh: r.department(id)?.name ?? id, en: r.department(id)?.name_en ?? id });

/** The formulas, on the card itself as the issue asks (and in docs/evaluation.md). */
export const FORMULAS: Bi = {
  zh: [
    '**计算口径**',
    '按时响应率 = 按时报到数 ÷（召集数 − 未到现场即获准移交数）',
    '按时解决率 =（按时办结数 + 时限内获准移交数）÷ 召集数：首问协查获准移交视为正确处置，不计为未解决',
    '群众满意率 =（满意 + 基本满意）÷ 回访数；无人回访为“未评”，不按 0% 计',
    '街道评价 = 街道对本部门的 1–5 分评价的平均；无评价为“未评”',
    '综合得分 = 以上已有各项的平均（街道评价折算为 (分 − 1) ÷ 4），未评项不计入；得分相同名次相同',
    `重复件 = 同类别、同地点的问题在验收后 ${REPEAT_WITHIN_DAYS} 天内再次受理，计入前案主责部门`,
    '申请离场被拒（事不完人不走，部门留守）与提前离场（在岗核查未确认）分列，不混计',
    `督办：排名末位、得分低于 ${SUPERVISE_BELOW * 100}% 或有提前离场的部门；移交后未在时限内办结的案件列为重点督办`,
  ].join('\n'),
  en: [
    '**Formulas**',
    'On-time response = arrived in time ÷ (summoned − transfers approved without going on site)',
    'On-time resolution = (done in time + approved transfers in time) ÷ summoned: an approved first-ask transfer is a correct outcome, not an unresolved case',
    "Residents' satisfaction = (satisfied + basically satisfied) ÷ answered call-backs; none answered is “not rated”, never 0 %",
    "Street rating = mean of the street's 1–5 ratings of the department; none is “not rated”",
    'Score = mean of the figures above that exist (street rating as (rating − 1) ÷ 4); unrated figures are left out; equal scores share a rank',
    `Repeat case = same category and place taken on again within ${REPEAT_WITHIN_DAYS} days of acceptance, counted against the earlier lead`,
    'Refused requests to leave (the department stayed) and actual early departures (presence check unanswered) are counted apart',
    `Supervision (督办): the last-ranked department, any scoring under ${SUPERVISE_BELOW * 100}% or with an early departure; cases not finished in time after a transfer are key supervision`,
  ].join('\n'),
};

const rating = (x: number | null, lang: 'zh' | 'en') => (x === null ? pctOrUnrated(null, lang) : x.toFixed(1));

function rowLine(r: Roster, row: EvalRow): Bi {
  const n = name(r, row.dept);
  const rk = row.rank === null ? '—' : String(row.rank);
  const t = row.transferred
    ? { zh: `（含获准移交 ${row.transferred}）`, en: ` (incl. ${row.transferred} transferred)` }
    : null;
  return {
    zh: `${rk}. **${md(n.zh)}**：召集 ${row.summoned} · 按时响应率 ${pctOrUnrated(row.response, 'zh')} · 按时解决率 ${pctOrUnrated(row.resolution, 'zh')}${t?.zh ?? ''} · 群众满意率 ${pctOrUnrated(row.satisfaction, 'zh')}（回访 ${row.answered}） · 街道评价 ${rating(row.streetRating, 'zh')} · 重复件 ${row.repeats} · 申请离场被拒 ${row.refusedLeave} · 提前离场 ${row.leftEarly} · 得分 ${pctOrUnrated(row.score, 'zh')}`,
    en: `${rk}. **${md(n.en)}**: summoned ${row.summoned} · on-time response ${pctOrUnrated(row.response, 'en')} · on-time resolution ${pctOrUnrated(row.resolution, 'en')}${t?.en ?? ''} · residents satisfied ${pctOrUnrated(row.satisfaction, 'en')} (${row.answered} answered) · street rating ${rating(row.streetRating, 'en')} · repeats ${row.repeats} · leave refused ${row.refusedLeave} · left early ${row.leftEarly} · score ${pctOrUnrated(row.score, 'en')}`,
  };
}

const WHY: Record<'lowest' | 'below' | 'left_early', Bi> = {
  lowest: { zh: '排名末位', en: 'last in rank' },
  below: { zh: `得分低于 ${SUPERVISE_BELOW * 100}%`, en: `score under ${SUPERVISE_BELOW * 100}%` },
  left_early: { zh: '有提前离场', en: 'left early' },
};

/** Supervision lines on one card (each with its button is five tagged elements of Lark's 200). */
const MAX_SUPERVISE = 20;
/** The share of Lark's 30 KB a card fills at most: the tests' margin for names that grow. */
const FILL = 0.85;

/** 督办 items for the whole table: departments, then the cases late after a transfer (with a 督办 button while open). */
function supervision(roster: Roster, ev: Evaluation): CardVars<'evaluation'>['supervise'] {
  const depts = departmentsToSupervise(ev.rows).map((x) => {
    const n = name(roster, x.dept);
    return { zh: `🔴 督办 **${md(n.zh)}**：${WHY[x.why].zh}`, en: `🔴 Supervise **${md(n.en)}**: ${WHY[x.why].en}` };
  });
  const cases = ev.lateTransfers.map((t) => {
    const n = name(roster, t.dept);
    const day = isoDay(t.resolveBy.getTime(), roster.timezone);
    return {
      zh: `🔴 重点督办 ${md(t.number)} · ${md(n.zh)}：移交后时限 ${day} ${t.open ? '未办结' : '超时办结'}`,
      en: `🔴 Key supervision ${md(t.number)} · ${md(n.en)}: due ${day} after the transfer, ${t.open ? 'not done' : 'done late'}`,
      ...(t.open ? { value: buttonValue('nudge', t.caseId, { dept: t.dept, card: 'notice' }) } : {}),
    };
  });
  return [...depts, ...cases].slice(0, MAX_SUPERVISE);
}

const STATUS: Record<string, Bi> = {
  pending: { zh: '待街道裁定', en: 'awaiting the street' },
  accepted: { zh: '已采纳', en: 'accepted' },
  rejected: { zh: '不予采纳', en: 'rejected' },
};

/** At most this many objections on a card, each reason cut to REASON_CHARS: the API has them all, whole. */
const MAX_OBJECTIONS = 10;
const REASON_CHARS = 120;

function objectionsText(roster: Roster, list: EvalCardInput['objections']): Bi | null {
  if (list.length === 0) return null;
  const shown = list.slice(-MAX_OBJECTIONS);
  const line = (o: EvalCardInput['objections'][number], lang: 'zh' | 'en') => {
    const m = METRIC_LABEL[o.metric as keyof typeof METRIC_LABEL] ?? { zh: o.metric, en: o.metric };
    const reason = [...o.reason].length > REASON_CHARS ? `${[...o.reason].slice(0, REASON_CHARS).join('')}…` : o.reason;
    return `· ${md(name(roster, o.dept)[lang])} · ${m[lang]}：${md(reason)}（${(STATUS[o.status] ?? STATUS.pending!)[lang]}）`;
  };
  const more = list.length - shown.length;
  return {
    zh: `**申诉**\n${shown.map((o) => line(o, 'zh')).join('\n')}${more ? `\n……另有 ${more} 项见评价接口` : ''}`,
    en: `**Objections**\n${shown.map((o) => line(o, 'en')).join('\n')}${more ? `\n… ${more} more in the API` : ''}`,
  };
}

/** The period's first and last day as the street reads them (its zone). */
export function periodSpan(roster: Roster, from: Date, to: Date): Bi {
  const first = isoDay(from.getTime(), roster.timezone);
  const last = isoDay(to.getTime() - 1, roster.timezone);
  return { zh: `${first} 至 ${last}`, en: `${first} – ${last}` };
}

function header(roster: Roster, x: EvalCardInput): Pick<CardVars<'evaluation'>, 'title' | 'subtitle'> {
  const what =
    x.period === 'weekly' ? { zh: '周评价', en: 'weekly evaluation' } : { zh: '月评价', en: 'monthly evaluation' };
  return {
    title: {
      zh: `监督管理哨 · ${what.zh} · ${roster.street.name}`,
      en: `Supervision whistle · ${what.en} · ${roster.street.name_en ?? roster.street.id}`,
    },
    subtitle: periodSpan(roster, x.from, x.to),
  };
}

/** The whole table, for the street's leaders and the district (seed 004: "形成工委评价，并向区委、区政府反馈"). */
export function fullCard(roster: Roster, x: EvalCardInput): Record<string, unknown> {
  const rows = x.evaluation.rows;
  const base = {
    ...header(roster, x),
    color: 'blue' as const,
    summary:
      rows.length === 0
        ? { zh: '本期无部门被召集。', en: 'No department was summoned in this period.' }
        : {
            zh: `本期评价 **${rows.length}** 个部门，督办事项见下。`,
            en: `**${rows.length}** departments evaluated; supervision items below.`,
          },
    rows: rows.length > 0,
    supervise: supervision(roster, x.evaluation),
    objections: objectionsText(roster, x.objections),
    formulas: FORMULAS,
    objectForm: false,
    metricOptions: [],
    actions: {},
  };
  // Every row while the card stays under Lark's size; a very long roster's tail is named, and the API has it all.
  const empty = { zh: '', en: '' };
  const room =
    CARD_LIMITS.maxBytes * FILL -
    Buffer.byteLength(JSON.stringify(renderCard('evaluation', { ...base, table: empty })));
  const lines = rows.map((r) => rowLine(roster, r));
  const bytes = (n: number) =>
    Buffer.byteLength(
      JSON.stringify(
        lines
          .slice(0, n)
          .map((l) => l.zh)
          .join('\n'),
      ),
    ) +
    Buffer.byteLength(
      JSON.stringify(
        lines
          .slice(0, n)
          .map((l) => l.en)
          .join('\n'),
      ),
    ) +
    200;
  let n = lines.length;
  while (n > 0 && bytes(n) > room) n--;
  const more = rows.length - n;
  const tail = more
    ? { zh: `\n……其余 ${more} 个部门见评价接口`, en: `\n… ${more} more departments in the API` }
    : empty;
  return renderCard('evaluation', {
    ...base,
    table: {
      zh:
        lines
          .slice(0, n)
          .map((l) => l.zh)
          .join('\n') + tail.zh,
      en:
        lines
          .slice(0, n)
          .map((l) => l.en)
          .join('\n') + tail.en,
    },
  });
}

/** One department's card: its own row and rank only (other departments' figures are not its to see), with the
 * objection (申诉) form. */
export function departmentCard(roster: Roster, x: EvalCardInput, dept: string): Record<string, unknown> {
  const rows = x.evaluation.rows;
  const row = rows.find((r) => r.dept === dept);
  const ranked = rows.filter((r) => r.rank !== null).length;
  const n = name(roster, dept);
  const mine = x.evaluation.lateTransfers.filter((t) => t.dept === dept);
  const flagged = departmentsToSupervise(rows).filter((d) => d.dept === dept);
  return renderCard('evaluation', {
    ...header(roster, x),
    color: flagged.length ? 'red' : 'blue',
    summary: row?.rank
      ? {
          zh: `**${md(n.zh)}** 本期排名第 **${row.rank}** 名（共 ${ranked} 个部门）。`,
          en: `**${md(n.en)}** ranks **${row.rank}** of ${ranked} departments this period.`,
        }
      : { zh: `**${md(n.zh)}** 本期未参与排名。`, en: `**${md(n.en)}** is not ranked this period.` },
    rows: row !== undefined,
    table: row ? rowLine(roster, row) : { zh: '', en: '' },
    supervise: [
      ...flagged.map((f) => ({
        zh: `🔴 本部门列入督办：${WHY[f.why].zh}`,
        en: `🔴 Your department is supervised: ${WHY[f.why].en}`,
      })),
      ...mine.map((t) => ({
        zh: `🔴 重点督办 ${md(t.number)}：移交后时限 ${isoDay(t.resolveBy.getTime(), roster.timezone)} ${t.open ? '未办结' : '超时办结'}`,
        en: `🔴 Key supervision ${md(t.number)}: due ${isoDay(t.resolveBy.getTime(), roster.timezone)} after the transfer, ${t.open ? 'not done' : 'done late'}`,
      })),
    ],
    objections: objectionsText(
      roster,
      x.objections.filter((o) => o.dept === dept),
    ),
    formulas: FORMULAS,
    objectForm: row !== undefined,
    metricOptions: METRICS.map((m) => ({ label: `${METRIC_LABEL[m].zh} ${METRIC_LABEL[m].en}`, value: m })),
    actions: { object: { v: 1, action: 'object', evaluation: x.id, dept } },
  });
}
