import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { NewRequest } from './store.js';

/** The writes a plan makes beside the case row and its departments (requests, presence), always inside the
 * transaction that holds the case row locked. Part of the store: the only other place with case SQL. */
type Tx = Transaction<Database>;

export async function insertRequests(tx: Tx, caseId: string, requests: NewRequest[], at: Date): Promise<void> {
  for (const r of requests)
    await tx
      .insertInto('requests')
      .values(requestRow(caseId, r, at))
      .execute();
}

/** A new request's row, pending until the street decides. */
export function requestRow(caseId: string, r: NewRequest, at: Date) {
  return {
    id: r.id,
    case_id: caseId,
    dept: r.dept,
    kind: r.kind,
    status: 'pending',
    reason: r.reason ?? null,
    basis: r.basis ?? null,
    target: r.target ?? null,
    extend_ms: r.extendMs ?? null,
    requested_by: r.by,
    requested_at: at,
    // The 移交单's on-site check (首问协查).
    ...(r.kind === 'transfer' ? { on_site: r.onSite ?? null, offsite_reason: r.offsiteReason ?? null } : {}),
  };
}

export async function decideRequests(
  tx: Tx,
  decisions: { id: string; status: 'approved' | 'denied'; by: string }[],
  at: Date,
): Promise<void> {
  for (const r of decisions) {
    await tx
      .updateTable('requests')
      .set({ status: r.status, decided_by: r.by, decided_at: at })
      .where('id', '=', r.id)
      .execute();
  }
}

/** The statement that ends presence on site: one person's, or a whole department's when no user is named. */
export function presenceClose(tx: Tx, caseId: string, c: { dept: string; user?: string }, at: Date) {
  const q = tx
    .updateTable('presence')
    .set({ until: at })
    .where('case_id', '=', caseId)
    .where('dept', '=', c.dept)
    .where('until', 'is', null);
  return c.user ? q.where('user_id', '=', c.user) : q;
}

/** Ends presence on site, one statement per close. */
export async function closePresence(
  tx: Tx,
  caseId: string,
  closes: { dept: string; user?: string }[],
  at: Date,
): Promise<void> {
  for (const c of closes) await presenceClose(tx, caseId, c, at).execute();
}

/** Starts (or resumes) presence on site; a resumed stay keeps its first `since` unless it had ended. */
export async function openPresence(
  tx: Tx,
  caseId: string,
  opens: { dept: string; user: string }[],
  at: Date,
): Promise<void> {
  for (const o of opens) await presenceUpsert(tx, caseId, o, at).execute();
}

/** The statement that starts or resumes one person's presence (not yet executed). */
export function presenceUpsert(tx: Tx, caseId: string, o: { dept: string; user: string }, at: Date) {
  return tx
    .insertInto('presence')
    .values({ case_id: caseId, dept: o.dept, user_id: o.user, since: at, last_seen: at })
    .onConflict((oc) =>
      oc.columns(['case_id', 'dept', 'user_id']).doUpdateSet((eb) => ({
        since: eb.case().when('presence.until', 'is not', null).then(at).else(eb.ref('presence.since')).end(),
        until: null,
        last_seen: at,
        missed: false,
        check_sent_at: null,
      })),
    );
}

/** A presence check was sent to one person on site (step 0) or went unanswered (missed). */
export async function markPresence(
  tx: Tx,
  at: { caseId: string; dept: string; user: string },
  patch: { check_sent_at: Date } | { missed: true },
): Promise<void> {
  await tx
    .updateTable('presence')
    .set(patch)
    .where('case_id', '=', at.caseId)
    .where('dept', '=', at.dept)
    .where('user_id', '=', at.user)
    .execute();
}

/** A card (the case's status card, or a department's summons card) was posted now: renewal counts from here. */
export async function markCardPosted(tx: Tx, caseId: string, dept: string | undefined, at: Date): Promise<void> {
  if (dept)
    await tx
      .updateTable('case_departments')
      .set({ card_posted_at: at })
      .where('case_id', '=', caseId)
      .where('dept', '=', dept)
      .execute();
  else await tx.updateTable('cases').set({ card_posted_at: at }).where('id', '=', caseId).execute();
}

/** 并单: the draft `fromId` joins the open case numbered `number` in the same street: that case counts one reporter
 * more (and a new version, so its card is redrawn), the draft points at it. Undefined when no such open case. */
export async function joinOpenCase(
  tx: Tx,
  street: string,
  number: string,
  fromId: string,
): Promise<{ id: string; card_message_id: string | null } | undefined> {
  const target = await tx
    .selectFrom('cases')
    .select(['id', 'status', 'card_message_id'])
    .where('number', '=', number)
    .where('street', '=', street)
    .executeTakeFirst();
  if (!target || target.id === fromId || !['whistled', 'reopened', 'resolved'].includes(target.status))
    return undefined;
  await tx
    .updateTable('cases')
    .set((eb) => ({ reporters: eb('reporters', '+', 1), version: eb('version', '+', 1) }))
    .where('id', '=', target.id)
    .execute();
  await tx.updateTable('cases').set({ merged_into: target.id }).where('id', '=', fromId).execute();
  return target;
}
