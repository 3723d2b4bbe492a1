import { sql } from 'kysely';
import type { Db } from '../db/database.js';

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
  leftEarly: number;
  rated: number;
  ratingAvg: number | null;
  satisfied: number;
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
    .where('c.status', 'in', ['whistled', 'reopened', 'resolved'])
    .where('d.status', 'in', ['summoned', 'arrived'])
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
      sql<number>`(select count(*) from timeline t where t.case_id = any(array_agg(d.case_id)) and t.dept = d.dept and t.action = 'leave_refused')`.as(
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
    leftEarly: Number(r.left_early),
    rated: Number(r.rated),
    ratingAvg: r.rating_avg === null ? null : Number(r.rating_avg),
    satisfied: Number(r.satisfied),
  }));
}
