import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { caseJson } from '../http/api.js';
import { jobId } from '../queue/outbox.js';
import type { Roster } from '../roster/roster.js';
import type { CaseState } from '../whistle/store.js';
import { sourceReply } from './reply.js';

/** What the callback worker is asked to deliver: every undelivered event of the case up to this one. */
export interface CallbackJob {
  op: 'callback';
  eventId: string;
  caseId: string;
}

/** The statuses after which a source system gets the reply it files back (what was done, by whom, by when). */
const CLOSED = new Set(['accepted', 'cancelled']);

/** Records a status event for the case's source system in the caller's transaction and returns the outbox item
 * that delivers it. Nothing when the case has no callback URL. The body is fixed now, so every retry sends the
 * same bytes under the same event id. */
export async function statusEvent(
  tx: Transaction<Database>,
  s: CaseState,
  roster: Roster,
  at: Date,
): Promise<{ id: string; job: CallbackJob }[]> {
  const url = s.caseRow.callback;
  if (!url) return [];
  const eventId = `evt-${s.caseRow.id}-${s.caseRow.version}`;
  const { timeline: _omit, ...view } = caseJson(s, undefined);
  const timeline = CLOSED.has(s.caseRow.status)
    ? await tx.selectFrom('timeline').selectAll().where('case_id', '=', s.caseRow.id).orderBy('id').execute()
    : undefined;
  const body = JSON.stringify({
    event_id: eventId,
    at: at.toISOString(),
    case: view,
    ...(timeline ? { reply: sourceReply(s, timeline, roster) } : {}),
  });
  const inserted = await tx
    .insertInto('callbacks')
    .values({ event_id: eventId, case_id: s.caseRow.id, url, body, created_at: at })
    .onConflict((oc) => oc.column('event_id').doNothing())
    .returning('event_id')
    .execute();
  if (inserted.length === 0) return [];
  return [{ id: jobId('callback', eventId), job: { op: 'callback', eventId, caseId: s.caseRow.id } }];
}
