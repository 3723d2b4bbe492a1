import type { Db } from '../db/database.js';
import { jobId, type Outbox } from '../queue/outbox.js';

/** Status events not acknowledged after a minute get their delivery job again, in case Redis lost it; BullMQ keeps
 * one job per id, so a job still waiting for its retry is left as it is. Events older than the failed-job retention
 * (7 days) are left alone: they were given up on and stay in the table as the record. */
export async function reviveCallbacks(db: Db, outbox: Outbox, now: number): Promise<number> {
  const rows = await db
    .selectFrom('callbacks')
    .select(['event_id', 'case_id'])
    .where('delivered_at', 'is', null)
    .where('created_at', '<', new Date(now - 60_000))
    .where('created_at', '>', new Date(now - 7 * 86_400_000))
    .orderBy('created_at')
    .limit(200)
    .execute();
  await outbox.resend(
    rows.map((r) => ({
      id: jobId('callback', r.event_id),
      job: { op: 'callback' as const, eventId: r.event_id, caseId: r.case_id },
    })),
  );
  return rows.length;
}
