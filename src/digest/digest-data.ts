import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { OPEN_CASE } from '../whistle/model.js';

export interface DeptOpen {
  dept: string;
  open: number;
  overdue: number;
}
export interface OverdueCase {
  id: string;
  number: string;
  dept: string;
  category: string | null;
  since: Date;
}
export interface DeptScore {
  dept: string;
  summoned: number;
  arrived: number;
  arrivedOnTime: number;
  medianArriveMin: number | null;
  done: number;
  doneOnTime: number;
  sentBack: number;
  /** Approved transfers (首问协查): a correct hand-on, counted as resolved, not as a failure (seed 002). */
  transferred: number;
  transferredOnTime: number;
  /** Approved transfers made without going on site (with the stated reason): not a missed arrival. */
  transferredUnarrived: number;
  /** Attempts to leave refused by 事不完人不走 (the department stayed), told apart from actual departures. */
  refusedLeave: number;
  /** Actual early departures: a presence check unanswered while the department's part was still open. */
  leftEarly: number;
  rated: number;
  ratingAvg: number | null;
  /** The street's 1–5 ratings of 4 or 5 (街道评价), not residents. */
  satisfied: number;
  /** Residents' answers to the 回访 on this department's cases, and how many were (basically) satisfied. */
  answered: number;
  residentsSatisfied: number;
}

export type LevelCounts = Record<'grid' | 'dispatch' | 'whistle', number>;

/** Cases taken on in [from, to) per level (三级过滤): how many the grid, one department and the whistle handled. */
export async function levelCounts(db: Db, street: string, from: Date, to: Date): Promise<LevelCounts> {
  const rows = await db
    .selectFrom('cases')
    .select(['level', sql<number>`count(*)`.as('n')])
    .where('street', '=', street)
    .where('whistled_at', '>=', from)
    .where('whistled_at', '<', to)
    .where('status', '!=', 'cancelled')
    .groupBy('level')
    .execute();
  const out: LevelCounts = { grid: 0, dispatch: 0, whistle: 0 };
  for (const r of rows) if (r.level in out) out[r.level as keyof LevelCounts] = Number(r.n);
  return out;
}

/** Cases taken on per calendar day of [from, to) in the street's zone, every day listed (0 included): the month's
 * trend. Bucketed here rather than in SQL so the day boundary is the street's, the same in PGlite and PostgreSQL. */
export async function casesPerDay(
  db: Db,
  street: string,
  from: Date,
  to: Date,
  dayOf: (ms: number) => string,
): Promise<{ day: string; cases: number }[]> {
  const rows = await db
    .selectFrom('cases')
    .select('whistled_at')
    .where('street', '=', street)
    .where('whistled_at', '>=', from)
    .where('whistled_at', '<', to)
    .where('status', '!=', 'cancelled')
    .execute();
  const days = new Map<string, number>();
  // Noon steps: a day is never skipped or repeated across a DST change in the street's zone.
  for (let t = from.getTime() + 43_200_000; t < to.getTime(); t += 86_400_000) days.set(dayOf(t), 0);
  for (const r of rows) {
    const d = r.whistled_at ? dayOf(new Date(r.whistled_at).getTime()) : undefined;
    if (d !== undefined && days.has(d)) days.set(d, (days.get(d) ?? 0) + 1);
  }
  return [...days].map(([day, cases]) => ({ day, cases }));
}

/** Residents' answers recorded in [from, to): 满意率 = (satisfied + basically satisfied) / answered. */
export async function residentAnswers(
  db: Db,
  street: string,
  from: Date,
  to: Date,
): Promise<{ answered: number; satisfied: number }> {
  const r = await db
    .selectFrom('cases')
    .select([
      sql<number>`count(*)`.as('answered'),
      sql<number>`count(*) filter (where feedback_result in ('satisfied', 'basically_satisfied'))`.as('satisfied'),
    ])
    .where('street', '=', street)
    .where('feedback_at', '>=', from)
    .where('feedback_at', '<', to)
    .executeTakeFirstOrThrow();
  return { answered: Number(r.answered), satisfied: Number(r.satisfied) };
}

/** Open and overdue work per department right now (日碰头). */
export async function openWork(
  db: Db,
  street: string,
  now: Date,
): Promise<{ depts: DeptOpen[]; overdue: OverdueCase[] }> {
  const rows = await db
    .selectFrom('case_departments as d')
    .innerJoin('cases as c', 'c.id', 'd.case_id')
    .select(['c.id', 'c.number', 'c.category', 'd.dept', 'd.status', 'd.arrive_by', 'd.resolve_by'])
    .where('c.street', '=', street)
    .where('c.status', 'in', OPEN_CASE)
    .where('d.status', 'in', ['summoned', 'arrived'])
    // 挂账: a shelved case's clocks stand still, so it is not overdue (the huddle counts it apart).
    .where('c.shelved_at', 'is', null)
    .execute();
  const byDept = new Map<string, DeptOpen>();
  const overdue: OverdueCase[] = [];
  for (const r of rows) {
    const o = byDept.get(r.dept) ?? { dept: r.dept, open: 0, overdue: 0 };
    o.open += 1;
    const deadline = r.status === 'summoned' ? r.arrive_by : r.resolve_by;
    if (deadline && deadline < now) {
      o.overdue += 1;
      overdue.push({ id: r.id, number: r.number ?? r.id, dept: r.dept, category: r.category, since: deadline });
    }
    byDept.set(r.dept, o);
  }
  overdue.sort((a, b) => a.since.getTime() - b.since.getTime());
  return { depts: [...byDept.values()].sort((a, b) => b.overdue - a.overdue || b.open - a.open), overdue };
}

/** A scorecard per department over departments summoned in [from, to) (周点评, 月通报). One query. */
export async function scorecards(db: Db, street: string, from: Date, to: Date): Promise<DeptScore[]> {
  const rows = await db
    .selectFrom('case_departments as d')
    .innerJoin('cases as c', 'c.id', 'd.case_id')
    .where('c.street', '=', street)
    .where('d.summoned_at', '>=', from)
    .where('d.summoned_at', '<', to)
    .where('c.status', '!=', 'cancelled')
    .groupBy('d.dept')
    .select([
      'd.dept',
      sql<number>`count(*)`.as('summoned'),
      sql<number>`count(d.arrived_at)`.as('arrived'),
      sql<number>`count(*) filter (where d.arrived_at is not null and not d.arrive_late)`.as('arrived_on_time'),
      sql<
        number | null
      >`percentile_cont(0.5) within group (order by extract(epoch from (d.arrived_at - d.summoned_at)) / 60)`.as(
        'median_arrive',
      ),
      sql<number>`count(*) filter (where d.status = 'done' or d.done_at is not null)`.as('done'),
      sql<number>`count(*) filter (where d.done_at is not null and not d.resolve_late)`.as('done_on_time'),
      sql<number>`count(*) filter (where d.sent_back > 0)`.as('sent_back'),
      sql<number>`count(d.rating)`.as('rated'),
      sql<number | null>`avg(d.rating)`.as('rating_avg'),
      sql<number>`count(*) filter (where d.rating >= 4)`.as('satisfied'),
      sql<number>`count(c.feedback_result)`.as('answered'),
      sql<number>`count(*) filter (where c.feedback_result in ('satisfied', 'basically_satisfied'))`.as(
        'residents_satisfied',
      ),
      sql<number>`count(*) filter (where d.status = 'transferred')`.as('transferred'),
      sql<number>`count(*) filter (where d.status = 'transferred' and (d.resolve_by is null or d.ended_at <= d.resolve_by))`.as(
        'transferred_on_time',
      ),
      sql<number>`count(*) filter (where d.status = 'transferred' and d.arrived_at is null)`.as(
        'transferred_unarrived',
      ),
      sql<number>`(select count(*) from timeline t where t.case_id = any(array_agg(d.case_id)) and t.dept = d.dept and t.action = 'leave_refused')`.as(
        'refused_leave',
      ),
      sql<number>`(select count(*) from timeline t where t.case_id = any(array_agg(d.case_id)) and t.dept = d.dept and t.action = 'presence_missed')`.as(
        'left_early',
      ),
    ])
    .execute();
  return rows.map((r) => ({
    dept: r.dept,
    summoned: Number(r.summoned),
    arrived: Number(r.arrived),
    arrivedOnTime: Number(r.arrived_on_time),
    medianArriveMin: r.median_arrive === null ? null : Number(r.median_arrive),
    done: Number(r.done),
    doneOnTime: Number(r.done_on_time),
    sentBack: Number(r.sent_back),
    transferred: Number(r.transferred),
    transferredOnTime: Number(r.transferred_on_time),
    transferredUnarrived: Number(r.transferred_unarrived),
    refusedLeave: Number(r.refused_leave),
    leftEarly: Number(r.left_early),
    rated: Number(r.rated),
    ratingAvg: r.rating_avg === null ? null : Number(r.rating_avg),
    satisfied: Number(r.satisfied),
    answered: Number(r.answered),
    residentsSatisfied: Number(r.residents_satisfied),
  }));
}

/** The street's own overdue steps (src/clocks): drafts told late, resolved cases told late, and shelved cases. */
export async function streetStepCounts(
  db: Db,
  street: string,
): Promise<{ drafts: number; accepts: number; shelved: number }> {
  const r = await db
    .selectFrom('cases')
    .select([
      sql<number>`count(*) filter (where status = 'draft' and street_late_at is not null)`.as('drafts'),
      sql<number>`count(*) filter (where status = 'resolved' and street_late_at > whistled_at)`.as('accepts'),
      sql<number>`count(*) filter (where status in ('whistled', 'reopened') and shelved_at is not null)`.as('shelved'),
    ])
    .where('street', '=', street)
    .where('status', 'in', ['draft', 'whistled', 'reopened', 'resolved'])
    .executeTakeFirst();
  return { drafts: Number(r?.drafts ?? 0), accepts: Number(r?.accepts ?? 0), shelved: Number(r?.shelved ?? 0) };
}
