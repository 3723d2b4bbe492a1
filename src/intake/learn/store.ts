import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Roster } from '../../roster/roster.js';
import { classify, type Understanding } from '../classify.js';
import { type Learnt, learntFor } from './match.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A placement: category, lead department and kind. */
export interface Placed {
  category: string | null;
  lead: string | null;
  kind: string;
}

/** How many of a street's corrections a new draft is compared with (the newest). */
const RECENT = 300;

/** A draft left the draft state because a person confirmed it: what it proposed and what was confirmed. A changed
 * placement is a correction the street teaches; either way it counts toward the month's 首派准确率. */
export async function recordDecision(
  db: Db,
  roster: Roster,
  d: { caseId: string; text: string; proposed: Placed; confirmed: Placed; actor: string; at: Date },
): Promise<void> {
  // What the classifier alone makes of the text: a later draft repeating that first guess repeats the mistake.
  const raw = classify(d.text, roster, d.at.getTime());
  const { proposed: p, confirmed: c } = d;
  const changed = p.category !== c.category || p.lead !== c.lead || p.kind !== c.kind;
  await db
    .insertInto('intake_decisions')
    .values({
      street: roster.street.id,
      case_id: d.caseId,
      text: d.text,
      matter: raw.matter,
      raw_category: raw.category,
      raw_lead: raw.lead,
      raw_kind: raw.kind,
      proposed_lead: p.lead,
      category: c.category,
      lead: c.lead,
      kind: c.kind,
      changed,
      actor: d.actor,
      decided_at: d.at,
    })
    .onConflict((oc) => oc.column('case_id').doNothing())
    .execute();
}

/** The street's corrections in force, newest first. */
export async function learntCorrections(db: Db, street: string, limit = RECENT): Promise<Learnt[]> {
  const rows = await db
    .selectFrom('intake_decisions')
    .selectAll()
    .where('street', '=', street)
    .where('changed', '=', true)
    .where('undone_at', 'is', null)
    .orderBy('decided_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: String(r.id),
    text: r.text,
    matter: r.matter,
    rawCategory: r.raw_category,
    rawLead: r.raw_lead,
    category: r.category,
    lead: r.lead,
    kind: r.kind,
    decidedAt: r.decided_at,
  }));
}

/** Makes a new draft follow the street's matching correction, if any; returns it (the draft says so). */
export async function followLearnt(db: Db, roster: Roster, text: string, u: Understanding): Promise<Learnt | null> {
  const l = learntFor(text, u, await learntCorrections(db, roster.street.id));
  // A correction naming a category or department the roster no longer has is not followed.
  if (!l || (l.category && !roster.category(l.category)) || (l.lead && !roster.department(l.lead))) return null;
  const cat = l.category ? roster.category(l.category) : undefined;
  const assist = l.category !== u.category ? (cat?.assist ?? []) : u.assist;
  Object.assign(u, {
    category: l.category,
    lead: l.lead,
    kind: l.kind,
    assist: assist.filter((a) => a !== l.lead),
    question: null,
    unowned: null,
  });
  return l;
}

/** What an operator sees of the learnt corrections (undone ones included, marked). */
export async function listCorrections(db: Db, street?: string, limit = 200) {
  let q = db
    .selectFrom('intake_decisions')
    .select([
      'id',
      'street',
      'case_id as caseId',
      'text',
      'raw_category as fromCategory',
      'raw_lead as fromLead',
      'raw_kind as fromKind',
      'category',
      'lead',
      'kind',
      'actor',
      'decided_at as decidedAt',
      'undone_at as undoneAt',
      'undone_by as undoneBy',
    ])
    .where('changed', '=', true)
    .orderBy('decided_at', 'desc')
    .limit(limit);
  if (street) q = q.where('street', '=', street);
  return (await q.execute()).map((r) => ({ ...r, id: String(r.id) }));
}

/** Withdraws a learnt correction: later drafts no longer follow it. False when there is no such correction. */
export async function undoCorrection(db: Db, id: string, by: string, at: Date): Promise<boolean> {
  if (!/^\d{1,18}$/.test(id)) return false;
  const r = await db
    .updateTable('intake_decisions')
    .set({ undone_at: at, undone_by: by })
    .where('id', '=', id)
    .where('changed', '=', true)
    .where('undone_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
