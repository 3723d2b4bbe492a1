import type { CardVars } from '../cards/card-registry.js';
import { escapeMarkdown as md } from '../cards/escape.js';
import { renderCard } from '../cards/render-card.js';
import type { Db } from '../db/database.js';
import { formatDuration, isoDay, wallClock, zonedInstant } from '../i18n/time.js';
import type { Roster } from '../roster/roster.js';
import { buttonValue } from '../whistle/action-value.js';
import { type DeptScore, openWork, scorecards } from './digest-data.js';

export type Period = 'daily' | 'weekly' | 'monthly';
const MAX_OVERDUE_ROWS = 25;

const name = (r: Roster, id: string) => ({ zh: r.department(id)?.name ?? id, en: r.department(id)?.name_en ?? id });
const pct = (a: number, b: number) => (b ? `${Math.round((a / b) * 100)}%` : '—');

/** 日碰头: open and overdue work per department, each overdue case with a 督办 button. */
export async function dailyDigest(db: Db, roster: Roster, now: number): Promise<Record<string, unknown>> {
  const { depts, overdue } = await openWork(db, roster.street.id, new Date(now));
  const total = depts.reduce((n, d) => n + d.open, 0);
  const late = overdue.length;
  const vars: CardVars<'digest'> = {
    title: { zh: `日碰头 · ${roster.street.name}`, en: `Daily huddle · ${roster.street.name_en ?? roster.street.id}` },
    subtitle: { zh: '在办与超时案件', en: 'Open and overdue work' },
    color: late ? 'red' : 'green',
    summary:
      total === 0
        ? { zh: '今日无在办案件。', en: 'Nothing open today.' }
        : {
            zh: `在办 **${total}** 项，超时 **${late}** 项（重点督办）。`,
            en: `**${total}** open, **${late}** overdue (key supervision).`,
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
  const avg = s.ratingAvg === null ? '—' : s.ratingAvg.toFixed(1);
  const p = rank ? `${rank}. ` : '';
  return {
    zh: `${p}**${md(n.zh)}**：召集 ${s.summoned} · 按时报到 ${pct(s.arrivedOnTime, s.summoned)} · 报到中位 ${median} 分钟 · 按时办结 ${pct(s.doneOnTime, s.summoned)} · 退回 ${pct(s.sentBack, s.summoned)} · 提前离场 ${s.leftEarly} · 评分 ${avg}`,
    en: `${p}**${md(n.en)}**: summoned ${s.summoned} · arrived on time ${pct(s.arrivedOnTime, s.summoned)} · median arrival ${median} min · resolved on time ${pct(s.doneOnTime, s.summoned)} · sent back ${pct(s.sentBack, s.summoned)} · left early ${s.leftEarly} · rating ${avg}`,
  };
}

/** 响应率, 解决率, 满意率 as the city publishes them: arrived / summoned, resolved / summoned, satisfied / rated. */
export function rates(s: Pick<DeptScore, 'summoned' | 'arrived' | 'done' | 'rated' | 'satisfied'>) {
  return {
    response: s.summoned ? s.arrived / s.summoned : 0,
    resolution: s.summoned ? s.done / s.summoned : 0,
    satisfaction: s.rated ? s.satisfied / s.rated : 0,
  };
}

/** 周点评 (scorecards) and 月通报 (rates with a ranking). */
export async function periodDigest(
  db: Db,
  roster: Roster,
  period: Exclude<Period, 'daily'>,
  now: number,
): Promise<Record<string, unknown>> {
  const { from, to } = periodRange(period, now, roster.timezone);
  const scores = await scorecards(db, roster.street.id, from, to);
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
      zh: `本周共召集部门 ${scores.reduce((n, s) => n + s.summoned, 0)} 次。`,
      en: `${scores.reduce((n, s) => n + s.summoned, 0)} summons this week.`,
    };
    table = { zh: lines.map((l) => l.zh).join('\n'), en: lines.map((l) => l.en).join('\n') };
  } else {
    const total = scores.reduce(
      (t, s) => ({
        summoned: t.summoned + s.summoned,
        arrived: t.arrived + s.arrived,
        done: t.done + s.done,
        rated: t.rated + s.rated,
        satisfied: t.satisfied + s.satisfied,
      }),
      { summoned: 0, arrived: 0, done: 0, rated: 0, satisfied: 0 },
    );
    const st = rates(total);
    const f = (x: number) => `${(x * 100).toFixed(1)}%`;
    const ranked = scores
      .map((s) => ({ s, r: rates(s) }))
      .sort(
        (a, b) => b.r.response + b.r.resolution + b.r.satisfaction - (a.r.response + a.r.resolution + a.r.satisfaction),
      );
    summary = {
      zh: `全街道：响应率 **${f(st.response)}**，解决率 **${f(st.resolution)}**，满意率 **${f(st.satisfaction)}**。`,
      en: `Street: response **${f(st.response)}**, resolution **${f(st.resolution)}**, satisfaction **${f(st.satisfaction)}**.`,
    };
    table = {
      zh: ranked
        .map(
          ({ s, r }, i) =>
            `${i + 1}. **${md(name(roster, s.dept).zh)}**：响应率 ${f(r.response)} · 解决率 ${f(r.resolution)} · 满意率 ${f(r.satisfaction)}`,
        )
        .join('\n'),
      en: ranked
        .map(
          ({ s, r }, i) =>
            `${i + 1}. **${md(name(roster, s.dept).en)}**: response ${f(r.response)} · resolution ${f(r.resolution)} · satisfaction ${f(r.satisfaction)}`,
        )
        .join('\n'),
    };
  }
  return renderCard('digest', {
    title,
    subtitle: span,
    color: 'blue',
    summary,
    rows: scores.length > 0,
    table,
    overdue: [],
  });
}
