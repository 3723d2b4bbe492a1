import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { UserError } from '../../errors.js';
import { jobId, type OutboxJob } from '../../queue/outbox.js';
import { formText } from '../../whistle/action-value.js';
import type { Plan } from '../../whistle/plan.js';
import type { Rule } from '../../whistle/rules/common.js';
import type { CaseState, WhistleStore } from '../../whistle/store.js';

/** 并单 (issue 16 item 7): the cadre merges a draft into the open case it reports again. The draft is closed as
 * merged (no summons); the case it joins counts one more reporter and logs the report (see `onMerged`). */
export const merge: Rule = (s, x, p) => {
  if (s.caseRow.status !== 'draft')
    throw new UserError('not_draft', '只有草稿可以并单', 'Only a draft can be merged into a case');
  const into = formText(x.form, 'into', 64);
  if (!into) throw new UserError('missing_input', '请选择要并入的案件', 'Choose the case to merge into');
  p.patchCase({ status: 'cancelled', closed_at: new Date(x.now) });
  p.log({ actor: x.actor, action: 'merge', note: into });
  p.done(`已并入 ${into}，未重复召集部门`, `Merged into ${into}; no department summoned again`);
};

/** After a merge plan is written: the case it joins gets a reporter more and the report in its timeline, and its
 * status card is redrawn. A case that is closed, elsewhere or gone refuses the merge (the transaction rolls back). */
export async function onMerged(
  tx: Transaction<Database>,
  store: WhistleStore,
  s: CaseState,
  p: Plan,
  at: Date,
): Promise<{ id: string; job: OutboxJob }[]> {
  const entry = p.timeline.find((e) => e.action === 'merge');
  if (!entry?.note) return [];
  const target = await tx
    .selectFrom('cases')
    .select(['id', 'status', 'card_message_id'])
    .where('number', '=', entry.note)
    .where('street', '=', s.caseRow.street)
    .executeTakeFirst();
  if (!target || target.id === s.caseRow.id || !['whistled', 'reopened', 'resolved'].includes(target.status))
    throw new UserError('bad_state', '无法并入：该案件不存在或已办结', 'Cannot merge: that case is closed or unknown');
  await tx
    .updateTable('cases')
    .set((eb) => ({ reporters: eb('reporters', '+', 1), version: eb('version', '+', 1) }))
    .where('id', '=', target.id)
    .execute();
  await tx.updateTable('cases').set({ merged_into: target.id }).where('id', '=', s.caseRow.id).execute();
  await store.appendTimeline(tx, target.id, at, [
    { actor: entry.actor, action: 'merged', ref: s.caseRow.id, note: [...s.caseRow.text].slice(0, 200).join('') },
  ]);
  return target.card_message_id
    ? [
        {
          id: jobId('refresh', 'status', target.id, 'merge', s.caseRow.id),
          job: { op: 'refresh', target: `status|${target.id}`, caseId: target.id },
        },
      ]
    : [];
}
