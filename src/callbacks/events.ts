import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { caseJson } from '../http/api.js';
import type { OutboxJob } from '../queue/outbox.js';
import { jobId } from '../queue/outbox.js';
import type { Roster } from '../roster/roster.js';
import type { CaseState } from '../whistle/store.js';
import { sourceReply } from './reply.js';
import { replyPending, replyReviewJob } from './reply-review.js';

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
): Promise<{ id: string; job: OutboxJob }[]> {
  const url = s.caseRow.callback;
  if (!url) return [];
  const eventId = `evt-${s.caseRow.id}-${s.caseRow.version}`;
  const { timeline: _omit, ...view } = caseJson(s, undefined);
  const timeline = CLOSED.has(s.caseRow.status)
    ? await tx.selectFrom('timeline').selectAll().where('case_id', '=', s.caseRow.id).orderBy('id').execute()
    : undefined;
  const reply = timeline ? sourceReply(s, timeline, roster) : undefined;
  // An accepted case's reply goes back once the cadre has checked it (send_reply); the closing event says it is
  // coming. The sent reply carries the cadre's text beside the fields assembled from the record.
  const pending = replyPending(s);
  const sent =
    reply && s.caseRow.status === 'accepted' && !pending
      ? { ...reply, text: s.caseRow.reply_text ?? reply.text }
      : undefined;
  const body = JSON.stringify({
    event_id: eventId,
    at: at.toISOString(),
    case: view,
    ...(pending ? { reply_pending: true } : {}),
    ...(sent ? { reply: { ...sent, sentBy: s.caseRow.reply_sent_by ?? null } } : reply && !pending ? { reply } : {}),
  });
  const inserted = await tx
    .insertInto('callbacks')
    .values({ event_id: eventId, case_id: s.caseRow.id, url, body, created_at: at })
    .onConflict((oc) => oc.column('event_id').doNothing())
    .returning('event_id')
    .execute();
  if (inserted.length === 0) return [];
  const job: CallbackJob = { op: 'callback', eventId, caseId: s.caseRow.id };
  return [{ id: jobId('callback', eventId), job }, ...(pending && reply ? [replyReviewJob(s, reply, roster)] : [])];
}
