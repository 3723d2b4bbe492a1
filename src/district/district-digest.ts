import type { Queue } from 'bullmq';
import { escapeMarkdown as md } from '../cards/escape.js';
import { renderCard } from '../cards/render-card.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { periodRange } from '../digest/digest.js';
import { openWork, scorecards } from '../digest/digest-data.js';
import { dayKey, isoDay } from '../i18n/time.js';
import { sendCard } from '../lark/outbound/messages.js';
import type { Logger } from '../log.js';
import { jobId, type Outbox } from '../queue/outbox.js';
import type { Roster } from '../roster/roster.js';
import { OPEN_CASE } from '../whistle/model.js';

type Bi = { zh: string; en: string };
type Rank = { name: Bi; summoned: number; expected: number; onTime: number };

/** The district's weekly digest (区级专班): every street this deployment serves in one card. Open and overdue work
 * by street and department, the departments ranked across streets by on-time arrival, and the 重点督办 cases. */
export async function districtDigest(db: Db, rosters: Roster[], now: number): Promise<Record<string, unknown>> {
  const tz = rosters[0]!.timezone;
  const { from, to } = periodRange('weekly', now, tz);
  const streetLines: Bi[] = [];
  const ranking = new Map<string, Rank>();
  const key: Bi[] = [];
  for (const r of rosters) {
    streetLines.push(await streetLine(db, r, now));
    await addScores(db, r, from, to, ranking);
    key.push(...(await keyCases(db, r)));
  }
  const first = isoDay(from.getTime(), tz);
  const last = isoDay(to.getTime() - 1, tz);
  const rankLines = rankingLines(ranking);
  return renderCard('digest', {
    title: { zh: '区级周报 · 各街道吹哨报到', en: 'District weekly · every street' },
    subtitle: { zh: `${first} 至 ${last}`, en: `${first} – ${last}` },
    color: key.length ? 'red' : 'blue',
    summary: {
      zh: `${join(streetLines, 'zh')}\n\n**重点督办**：${key.length ? `\n${join(key, 'zh')}` : '无'}`,
      en: `${join(streetLines, 'en')}\n\n**Key supervision**: ${key.length ? `\n${join(key, 'en')}` : 'none'}`,
    },
    rows: rankLines.length > 0,
    table: {
      zh: `**各部门跨街道排名（按时报到率）**\n${join(rankLines, 'zh')}`,
      en: `**Departments across streets (on-time arrival)**\n${join(rankLines, 'en')}`,
    },
    overdue: [],
  });
}

const join = (ls: Bi[], lang: 'zh' | 'en') => ls.map((l) => l[lang]).join('\n');
const deptName = (r: Roster, id: string): Bi => ({
  zh: r.department(id)?.name ?? id,
  en: r.department(id)?.name_en ?? id,
});
const streetName = (r: Roster): Bi => ({ zh: r.street.name, en: r.street.name_en ?? r.street.id });

/** One street's line: open work, overdue cases, and which departments the overdue work waits on. */
async function streetLine(db: Db, r: Roster, now: number): Promise<Bi> {
  const st = streetName(r);
  const { depts, overdue } = await openWork(db, r.street.id, new Date(now));
  const open = depts.reduce((n, d) => n + d.open, 0);
  const per = depts.filter((d) => d.overdue > 0).map((d) => ({ n: deptName(r, d.dept), late: d.overdue }));
  return {
    zh: `**${md(st.zh)}**：在办 ${open}，超时 ${overdue.length}${per.length ? `（${per.map((p) => `${md(p.n.zh)} ${p.late}`).join('、')}）` : ''}`,
    en: `**${md(st.en)}**: ${open} open, ${overdue.length} overdue${per.length ? ` (${per.map((p) => `${md(p.n.en)} ${p.late}`).join(', ')})` : ''}`,
  };
}

/** Adds one street's department scorecards of the week to the cross-street ranking. */
async function addScores(db: Db, r: Roster, from: Date, to: Date, ranking: Map<string, Rank>): Promise<void> {
  for (const s of await scorecards(db, r.street.id, from, to)) {
    const x = ranking.get(s.dept) ?? { name: deptName(r, s.dept), summoned: 0, expected: 0, onTime: 0 };
    x.summoned += s.summoned;
    // Fair rates (src/evaluation/fair-rates.ts): an approved transfer without going on site is no missed arrival.
    x.expected += s.summoned - s.transferredUnarrived;
    x.onTime += s.arrivedOnTime;
    ranking.set(s.dept, x);
  }
}

/** 重点督办: open cases escalated for lateness, or marked by a leader or the district (src/escalation/key.ts). */
async function keyCases(db: Db, r: Roster): Promise<Bi[]> {
  const st = streetName(r);
  const flagged = await db
    .selectFrom('cases')
    .select(['number', 'category'])
    .where('street', '=', r.street.id)
    .where((eb) => eb.or([eb('overdue', '=', true), eb('key_at', 'is not', null)]))
    .where('status', 'in', OPEN_CASE)
    .orderBy('created_at')
    .limit(20)
    .execute();
  return flagged.map((c) => {
    const cat = c.category ? r.category(c.category) : undefined;
    return {
      zh: `${md(c.number ?? '')} · ${md(st.zh)} · ${md(cat?.name ?? '')}`,
      en: `${md(c.number ?? '')} · ${md(st.en)} · ${md(cat?.name_en ?? cat?.name ?? '')}`,
    };
  });
}

/** Departments ranked by on-time arrival across every street (a department never expected on site ranks last). */
function rankingLines(ranking: Map<string, Rank>): Bi[] {
  const pct = (a: number, b: number) => (b ? `${Math.round((a / b) * 100)}%` : '—');
  const share = (x: Rank) => (x.expected ? x.onTime / x.expected : -1);
  return [...ranking.values()]
    .sort((a, b) => share(b) - share(a))
    .map((x, i) => ({
      zh: `${i + 1}. **${md(x.name.zh)}**：召集 ${x.summoned} · 按时报到 ${pct(x.onTime, x.expected)}`,
      en: `${i + 1}. **${md(x.name.en)}**: summoned ${x.summoned} · arrived on time ${pct(x.onTime, x.expected)}`,
    }));
}

export interface DistrictDigestDeps {
  db: Db;
  outbox: Outbox;
  rosters: () => Roster[];
  clock: Clock;
  log: Logger;
}

/** Sends the district's weekly digest to every district person of every street, once per week (ledger row). */
export async function sendDistrictDigest(d: DistrictDigestDeps): Promise<'sent' | 'already sent'> {
  const rosters = d.rosters();
  const now = d.clock.now();
  const slot = dayKey(now, rosters[0]!.timezone);
  const inserted = await d.db
    .insertInto('digest_deliveries')
    .values({ street: '_district', period: 'weekly', slot, sent_at: new Date(now) })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return 'already sent';
  const card = await districtDigest(d.db, rosters, now);
  const people = [...new Set(rosters.flatMap((r) => r.street.district))];
  const ids = await d.outbox.write(
    d.db,
    people.map((id) => ({
      id: jobId('digest', '_district', 'weekly', slot, id),
      job: sendCard({ user: id }, card),
    })),
  );
  await d.outbox.relay(ids);
  d.log.info({ slot, targets: ids.length }, 'district digest sent');
  return 'sent';
}

/** The district's weekly digest as a job scheduler, at the first street's weekly digest time. */
export async function scheduleDistrictDigest(queue: Queue, first: Roster): Promise<void> {
  const d = first.data.digest;
  const [h, m] = d.weekly.split(':');
  await queue.upsertJobScheduler(
    'district-weekly',
    { pattern: `0 ${Number(m)} ${Number(h)} * * ${d.weekly_day}`, tz: first.timezone },
    { name: 'district-weekly', data: {}, opts: { removeOnComplete: 50, removeOnFail: 100, attempts: 3 } },
  );
}
