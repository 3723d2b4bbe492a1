import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

type Bi = { zh: string; en: string };

/** The street's own overdue steps and its shelved cases, for the daily huddle (issue 20: the street's steps have
 * deadlines too, "reminded and in digests"). Undefined when there is nothing to say. */
export async function streetStepsLine(db: Kysely<Database>, street: string): Promise<Bi | undefined> {
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
  const drafts = Number(r?.drafts ?? 0);
  const accepts = Number(r?.accepts ?? 0);
  const shelved = Number(r?.shelved ?? 0);
  if (!drafts && !accepts && !shelved) return undefined;
  return {
    zh: `街道环节：草稿超时未确认 **${drafts}** 件，待验收超时 **${accepts}** 件；挂账 ${shelved} 件。`,
    en: `The street's own steps: **${drafts}** draft(s) not confirmed in time, **${accepts}** case(s) not accepted in time; ${shelved} shelved.`,
  };
}
