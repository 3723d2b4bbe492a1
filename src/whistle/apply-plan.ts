import type { Transaction } from 'kysely';
import { statusEvent } from '../callbacks/events.js';
import { renderCard } from '../cards/render-card.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/schema.js';
import { onDraftConfirmed } from '../intake/learn/hook.js';
import { onMerged } from '../intake/merge/rule.js';
import { sendCard } from '../lark/outbound/messages.js';
import { ledgerJobs } from '../ledger/ledger-jobs.js';
import { type Notice, noticeJobs } from '../notices/notices.js';
import { jobId, type Outbox, type OutboxJob } from '../queue/outbox.js';
import type { Roster } from '../roster/roster.js';
import { summonsVars } from '../views/views.js';
import type { Plan } from './plan.js';
import type { CaseState, WhistleStore } from './store.js';
import { fitsOneStatement } from './store-plan.js';
import { closePresence, decideRequests, insertRequests, openPresence } from './store-writes.js';

/** Which of our cards a click came from: that card is answered in the click's response, not refreshed. */
export type Clicked =
  | {
      card: 'draft' | 'status' | 'dept' | 'notice';
      dept?: string;
      /** The message clicked: a status card that 查询 answered with is not the case's own status card. */
      messageId?: string;
    }
  | undefined;

/** What applying a plan needs, and nothing more. */
export interface ApplyDeps {
  store: WhistleStore;
  outbox: Outbox;
  roster: () => Roster;
  clock: Clock;
  /** The card a refresh target shows in a state: refresh jobs carry it, so that sending needs no read. */
  render?: (s: CaseState, target: string) => { messageId: string; chatId?: string; card: string } | undefined;
}

/** Writes a plan and the Lark calls it causes, inside the caller's transaction (clicks, timers, evidence). */
export async function applyPlan(
  deps: ApplyDeps,
  tx: Transaction<Database>,
  s: CaseState,
  p: Plan,
  clicked: Clicked,
): Promise<{ after: CaseState; ids: string[] }> {
  const store = deps.store;
  const roster = deps.roster();
  const now = new Date(deps.clock.now());
  const id = s.caseRow.id;
  if (p.refusal) {
    await store.appendTimeline(tx, id, now, p.timeline);
    return { after: s, ids: [] };
  }
  // Most clicks (报到, 办结, 验收…) write in one statement and know the state after it from what it returned.
  const after = fitsOneStatement(p) ? await store.writePlan(tx, s, p, now) : await writeOneByOne(store, tx, s, p, now);
  if (s.caseRow.status === 'draft' && p.casePatch.status === 'whistled') await onDraftConfirmed(tx, roster, s, p, now);
  const version = after.caseRow.version;
  const jobs: { id: string; job: OutboxJob }[] = [...p.outbound];
  // The source system hears every change of status, and the reply a cadre sends back (send_reply), in the same
  // transaction as the change.
  if ((p.casePatch.status !== undefined && p.casePatch.status !== s.caseRow.status) || p.casePatch.reply_sent_at)
    jobs.push(...(await statusEvent(tx, after, roster, now)));
  for (const dept of p.summon) {
    const info = roster.department(dept);
    if (!info) continue;
    const card = renderCard('whistle-summons', summonsVars(after, dept, { roster, now: now.getTime() }));
    jobs.push({
      id: jobId('summon', id, dept, version),
      job: sendCard({ chat: info.chat }, card, { record: { kind: 'dept_card', ref: `${id}|${dept}` }, caseId: id }),
    });
  }
  p.notices.forEach((n, i) => {
    jobs.push(...noticeJobs(after, n as Notice, roster, `${id}-${version}-${i}`, now.getTime()));
  });
  // Each refresh carries its card as this change leaves it: the worker patches it without reading the case.
  const refresh = (target: string): OutboxJob => ({
    op: 'refresh',
    target,
    caseId: id,
    ...(deps.render ? { rendered: deps.render(after, target) } : {}),
  });
  const onStatus =
    clicked?.card === 'status' && (!clicked.messageId || clicked.messageId === after.caseRow.card_message_id);
  if (after.caseRow.card_message_id && !onStatus && clicked?.card !== 'draft') {
    jobs.push({ id: jobId('refresh', 'status', id, version), job: refresh(`status|${id}`) });
  }
  for (const d of after.depts) {
    if (!d.card_message_id || p.summon.has(d.dept)) continue;
    if (!(p.allCards || p.touched.has(d.dept))) continue;
    if (clicked?.card === 'dept' && clicked.dept === d.dept) continue;
    jobs.push({ id: jobId('refresh', 'dept', id, d.dept, version), job: refresh(`dept|${id}|${d.dept}`) });
  }
  if (p.timeline.some((e) => e.action === 'merge')) jobs.push(...(await onMerged(tx, store, s, p, now)));
  jobs.push(...ledgerJobs(after, roster));
  return { after, ids: await deps.outbox.write(tx, jobs) };
}

/** A plan whose writes depend on each other (departments added or replaced, presence closed and opened), one
 * statement each in order, then the state read back. */
async function writeOneByOne(
  store: WhistleStore,
  tx: Transaction<Database>,
  s: CaseState,
  p: Plan,
  now: Date,
): Promise<CaseState> {
  const id = s.caseRow.id;
  if (p.replaceProposed) await store.replaceProposedDepts(tx, id, p.replaceProposed);
  for (const [dept, patch] of p.deptPatches) await store.updateDept(tx, id, dept, patch);
  for (const nd of p.newDepts) await store.addDept(tx, nd);
  await insertRequests(tx, id, p.newRequests, now);
  await decideRequests(tx, p.requestDecisions, now);
  await closePresence(tx, id, p.presenceClose, now);
  await openPresence(tx, id, p.presenceOpen, now);
  await store.updateCase(tx, id, p.casePatch);
  await store.appendTimeline(tx, id, now, p.timeline);
  return (await store.find(id, tx))!;
}
