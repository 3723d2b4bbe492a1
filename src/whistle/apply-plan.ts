import type { Transaction } from 'kysely';
import { statusEvent } from '../callbacks/events.js';
import { renderCard } from '../cards/render-card.js';
import type { Database } from '../db/schema.js';
import { ledgerJobs } from '../ledger/ledger-jobs.js';
import { type Notice, noticeJobs } from '../notices/notices.js';
import type { OutboundJob } from '../queue/outbound-jobs.js';
import { jobId, type OutboxJob } from '../queue/outbox.js';
import { summonsVars } from '../views/views.js';
import type { Plan } from './plan.js';
import type { Clicked, WhistleService } from './service.js';
import type { CaseState } from './store.js';

/** Writes a plan and the Lark calls it causes, inside the caller's transaction (clicks, timers, evidence). */
export async function applyPlan(
  svc: WhistleService,
  tx: Transaction<Database>,
  s: CaseState,
  p: Plan,
  clicked: Clicked,
): Promise<{ after: CaseState; ids: string[] }> {
  const store = svc.deps.store;
  const now = new Date(svc.deps.clock.now());
  const id = s.c.id;
  if (p.refusal) {
    await store.appendTimeline(tx, id, now, p.timeline);
    return { after: s, ids: [] };
  }
  if (p.replaceProposed) await store.replaceProposedDepts(tx, id, p.replaceProposed);
  for (const [dept, patch] of p.deptPatches) await store.updateDept(tx, id, dept, patch);
  for (const nd of p.newDepts) await store.addDept(tx, nd);
  for (const r of p.newRequests) {
    await tx
      .insertInto('requests')
      .values({
        id: r.id,
        case_id: id,
        dept: r.dept,
        kind: r.kind,
        status: 'pending',
        reason: r.reason ?? null,
        basis: r.basis ?? null,
        target: r.target ?? null,
        extend_ms: r.extendMs ?? null,
        requested_by: r.by,
        requested_at: now,
      })
      .execute();
  }
  for (const r of p.requestDecisions) {
    await tx
      .updateTable('requests')
      .set({ status: r.status, decided_by: r.by, decided_at: now })
      .where('id', '=', r.id)
      .execute();
  }
  for (const c of p.presenceClose) {
    let q = tx
      .updateTable('presence')
      .set({ until: now })
      .where('case_id', '=', id)
      .where('dept', '=', c.dept)
      .where('until', 'is', null);
    if (c.user) q = q.where('user_id', '=', c.user);
    await q.execute();
  }
  for (const o of p.presenceOpen) {
    await tx
      .insertInto('presence')
      .values({ case_id: id, dept: o.dept, user_id: o.user, since: now, last_seen: now })
      .onConflict((oc) =>
        oc.columns(['case_id', 'dept', 'user_id']).doUpdateSet((eb) => ({
          since: eb.case().when('presence.until', 'is not', null).then(now).else(eb.ref('presence.since')).end(),
          until: null,
          last_seen: now,
          missed: false,
          check_sent_at: null,
        })),
      )
      .execute();
  }
  await store.updateCase(tx, id, p.casePatch);
  await store.appendTimeline(tx, id, now, p.timeline);
  const after = (await store.find(id, tx))!;
  const version = after.c.version;
  const jobs: { id: string; job: OutboxJob }[] = [...p.outbound];
  // The source system hears every change of status, in the same transaction as the change.
  if (p.casePatch.status !== undefined && p.casePatch.status !== s.c.status)
    jobs.push(...(await statusEvent(tx, after, svc.roster, now)));
  const roster = svc.roster;
  for (const dept of p.summon) {
    const info = roster.department(dept);
    if (!info) continue;
    const card = renderCard(
      'whistle-summons',
      summonsVars(after, dept, { roster: svc.roster, now: svc.deps.clock.now() }),
    );
    jobs.push({
      id: jobId('summon', id, dept, version),
      job: {
        op: 'send',
        to: { type: 'chat_id', id: info.chat },
        msg: { type: 'interactive', content: JSON.stringify(card) },
        record: { kind: 'dept_card', ref: `${id}|${dept}` },
        caseId: id,
      },
    });
  }
  p.notices.forEach((n, i) => {
    jobs.push(...noticeJobs(after, n as Notice, roster, `${id}-${version}-${i}`, now.getTime()));
  });
  if (after.c.card_message_id && clicked?.card !== 'status' && clicked?.card !== 'draft') {
    jobs.push({
      id: jobId('refresh', 'status', id, version),
      job: { op: 'refresh', target: `status|${id}`, caseId: id },
    });
  }
  for (const d of after.depts) {
    if (!d.card_message_id || p.summon.has(d.dept)) continue;
    if (!(p.allCards || p.touched.has(d.dept))) continue;
    if (clicked?.card === 'dept' && clicked.dept === d.dept) continue;
    jobs.push({
      id: jobId('refresh', 'dept', id, d.dept, version),
      job: { op: 'refresh', target: `dept|${id}|${d.dept}`, caseId: id },
    });
  }
  jobs.push(...ledgerJobs(after, roster));
  return { after, ids: await svc.deps.outbox.write(tx, jobs) };
}
