import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

/** The street's dispatch figures for a period, as cities that publish them count them (issue 16 item 6):
 * 首派准确率 = drafts a person confirmed without changing the proposed lead / drafts a person confirmed;
 * 退单率 = transfers approved (the lead was wrong after all) / cases dispatched to departments. */
export interface DispatchFigures {
  confirmed: number;
  leadKept: number;
  dispatched: number;
  returned: number;
}

export async function dispatchFigures(db: Db, street: string, from: Date, to: Date): Promise<DispatchFigures> {
  const d = await db
    .selectFrom('intake_decisions')
    .select([
      sql<number>`count(*)`.as('confirmed'),
      sql<number>`count(*) filter (where lead is not distinct from proposed_lead)`.as('kept'),
    ])
    .where('street', '=', street)
    .where('decided_at', '>=', from)
    .where('decided_at', '<', to)
    .executeTakeFirst();
  const c = await db
    .selectFrom('cases')
    .select(sql<number>`count(*)`.as('n'))
    .where('street', '=', street)
    .where('whistled_at', '>=', from)
    .where('whistled_at', '<', to)
    .where('level', '!=', 'grid')
    .where('status', '!=', 'cancelled')
    .executeTakeFirst();
  const r = await db
    .selectFrom('requests')
    .innerJoin('cases', 'cases.id', 'requests.case_id')
    .select(sql<number>`count(*)`.as('n'))
    .where('cases.street', '=', street)
    .where('requests.kind', '=', 'transfer')
    .where('requests.status', '=', 'approved')
    .where('requests.decided_at', '>=', from)
    .where('requests.decided_at', '<', to)
    .executeTakeFirst();
  return {
    confirmed: Number(d?.confirmed ?? 0),
    leadKept: Number(d?.kept ?? 0),
    dispatched: Number(c?.n ?? 0),
    returned: Number(r?.n ?? 0),
  };
}

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '–');

/** The 月通报 line: both rates with the counts behind them. */
export function dispatchLine(f: DispatchFigures): { zh: string; en: string } {
  return {
    zh: `首派准确率 **${pct(f.leadKept, f.confirmed)}**（确认草稿 ${f.confirmed} 件，未改主责 ${f.leadKept} 件）· 退单率 **${pct(f.returned, f.dispatched)}**（派出 ${f.dispatched} 件，移交获批 ${f.returned} 件）`,
    en: `First-dispatch accuracy **${pct(f.leadKept, f.confirmed)}** (${f.leadKept} of ${f.confirmed} confirmed drafts kept their lead) · return rate **${pct(f.returned, f.dispatched)}** (${f.returned} approved transfers, ${f.dispatched} dispatched)`,
  };
}
