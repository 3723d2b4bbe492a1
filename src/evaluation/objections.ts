import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { escapeMarkdown as md } from '../cards/escape.js';
import { renderCard } from '../cards/render-card.js';
import { AlreadyDone, newErrorId, UserError } from '../errors.js';
import type { ClickAnswer } from '../lark/inbound/card-answer.js';
import type { CardAction } from '../lark/inbound/events.js';
import { sendCard } from '../lark/outbound/messages.js';
import { jobId } from '../queue/outbox.js';
import type { Roster } from '../roster/roster.js';
import { formText } from '../whistle/action-value.js';
import { departmentCard, periodSpan } from './evaluation-card.js';
import { excludeFigure, METRIC_LABEL, METRICS, type Metric } from './evaluation-data.js';
import { type EvaluationDeps, loadEvaluation, revived } from './evaluation-jobs.js';
import type { EvaluationStore } from './evaluation-store.js';

/** The buttons of the evaluation cards: a department files an objection (申诉) to one figure; the street accepts
 * or rejects it. They name the evaluation, not a case, so they are routed here before the whistle service. */
export const EVALUATION_ACTIONS = ['object', 'accept_objection', 'reject_objection'] as const;
const valueSchema = z.object({
  v: z.literal(1),
  action: z.enum(EVALUATION_ACTIONS),
  evaluation: z.string().min(1).max(120),
  dept: z.string().max(64).optional(),
  objection: z.string().max(64).optional(),
});

export interface ObjectionDeps extends Omit<EvaluationDeps, 'roster' | 'db'> {
  store: EvaluationStore;
  /** The roster of the evaluation's street. */
  rosterOf(street: string): Roster | undefined;
}

const toast = (type: 'success' | 'info' | 'error', zh: string, en: string): ClickAnswer['toast'] => ({ type, zh, en });

/** Whether a click belongs to an evaluation card (it names an evaluation). */
export const isEvaluationClick = (value: unknown): boolean =>
  typeof (value as { evaluation?: unknown } | null)?.evaluation === 'string';

/** Answers a click on an evaluation or objection card: always a toast, and the card as it now is. */
export async function evaluationAct(d: ObjectionDeps, a: CardAction): Promise<ClickAnswer> {
  const parsed = valueSchema.safeParse(a.value);
  if (!parsed.success)
    return {
      toast: toast('error', '卡片已过期或无效，请使用最新的卡片', 'This card is out of date; use the latest one'),
    };
  const v = parsed.data;
  try {
    if (v.action === 'object') return await fileObjection(d, a, v.evaluation, v.dept);
    return await decide(d, a, v.objection, v.action === 'accept_objection' ? 'accepted' : 'rejected');
  } catch (err) {
    if (err instanceof AlreadyDone) return { toast: toast('info', err.zh, err.en) };
    if (err instanceof UserError) return { toast: toast('error', err.zh, err.en) };
    const ref = newErrorId();
    d.log.error({ err, ref, action: v.action }, 'evaluation action failed');
    return { toast: toast('error', `系统出错，请稍后再试（编号 ${ref}）`, `Something went wrong (ref ${ref})`) };
  }
}

async function evaluationAndRoster(d: ObjectionDeps, id: string) {
  const ev = await loadEvaluation(d.store, id);
  const roster = ev ? d.rosterOf(ev.street) : undefined;
  if (!ev || !roster) throw new UserError('unknown_evaluation', '找不到这次评价', 'No such evaluation');
  return { ev: revived(ev), roster };
}

/** A department's contact or head objects to one figure of its own row, with a reason; the street is asked. */
async function fileObjection(d: ObjectionDeps, a: CardAction, id: string, dept?: string): Promise<ClickAnswer> {
  const { ev, roster } = await evaluationAndRoster(d, id);
  const info = dept ? roster.department(dept) : undefined;
  if (!info) throw new UserError('bad_dept', '按钮缺少部门信息，请使用最新的卡片', 'This button names no department');
  if (!roster.actsFor(a.operatorId, info.id))
    throw new UserError(
      'forbidden',
      `只有${info.name}的联络人或负责人可以申诉`,
      `Only ${info.name_en ?? info.name}'s contacts or head can object`,
    );
  if (!ev.evaluation.rows.some((r) => r.dept === info.id))
    throw new UserError('not_evaluated', '本部门不在这次评价中', 'Your department is not in this evaluation');
  const form = a.form ?? {};
  const metric = formText(form, 'metric', 40) as Metric | undefined;
  if (!metric || !(METRICS as readonly string[]).includes(metric))
    throw new UserError('bad_metric', '请选择对哪项数据申诉', 'Choose the figure you object to');
  const reason = formText(form, 'objection_reason', 500) ?? formText(form, 'reason', 500);
  if (!reason) throw new UserError('missing_input', '请填写申诉理由及依据', 'Give the reason and evidence');
  if (ev.objections.some((o) => o.dept === info.id && o.metric === metric && o.status === 'pending'))
    throw new AlreadyDone('该项已申诉，等待街道裁定', 'Already objected; waiting for the street');
  const now = new Date(d.clock.now());
  const oid = `ob-${randomUUID().slice(0, 12)}`;
  const ids = await d.store.transaction(async (tx) => {
    await d.store.insertObjection(tx, {
      id: oid,
      evaluation_id: id,
      dept: info.id,
      metric,
      reason,
      filed_by: a.operatorId,
      filed_at: now,
      status: 'pending',
    });
    const card = objectionCard(
      roster,
      { id: oid, evaluation_id: id, dept: info.id, metric, reason, status: 'pending' },
      periodSpan(roster, ev.from, ev.to),
    );
    return d.outbox.write(
      tx,
      roster.street.chats.map((chat) => ({ id: jobId('objection', oid, chat), job: sendCard({ chat }, card) })),
    );
  });
  await d.outbox.relay(ids);
  d.log.info({ evaluation: id, dept: info.id, metric }, 'objection filed');
  const after = revived((await loadEvaluation(d.store, id))!);
  return {
    toast: toast('success', '申诉已提交，等待街道裁定', 'Objection filed; the street will decide'),
    card: departmentCard(roster, after, info.id),
  };
}

/** The street (a cadre or leader) accepts or rejects an objection; the department hears the outcome. */
async function decide(
  d: ObjectionDeps,
  a: CardAction,
  oid: string | undefined,
  status: 'accepted' | 'rejected',
): Promise<ClickAnswer> {
  const o = oid ? await d.store.objection(oid) : undefined;
  if (!o) throw new UserError('no_objection', '找不到这项申诉', 'No such objection');
  const { ev, roster } = await evaluationAndRoster(d, o.evaluation_id);
  if (!roster.isStreetStaff(a.operatorId))
    throw new UserError(
      'forbidden',
      '只有街道干部或领导可以裁定申诉',
      "Only the street's cadres and leaders can decide",
    );
  const now = new Date(d.clock.now());
  const ids = await d.store.transaction(async (tx) => {
    if (!(await d.store.decide(tx, o.id, status, a.operatorId, now)))
      throw new AlreadyDone('该申诉已裁定', 'This objection was already decided');
    // An accepted objection takes the figure out of the period's evaluation; score and ranks are recomputed.
    if (status === 'accepted')
      await d.store.setFigures(
        tx,
        o.evaluation_id,
        JSON.stringify(excludeFigure(ev.evaluation, o.dept, o.metric as Metric)),
      );
    const dept = roster.department(o.dept);
    if (!dept) return [];
    const outcome = objectionCard(
      roster,
      { ...o, status, decided_by: a.operatorId },
      periodSpan(roster, ev.from, ev.to),
    );
    return d.outbox.write(tx, [{ id: jobId('objection-outcome', o.id), job: sendCard({ chat: dept.chat }, outcome) }]);
  });
  await d.outbox.relay(ids);
  d.log.info({ objection: o.id, status }, 'objection decided');
  return {
    toast: toast(
      'success',
      status === 'accepted' ? '已采纳申诉' : '已不予采纳',
      status === 'accepted' ? 'Objection accepted' : 'Objection rejected',
    ),
    card: objectionCard(roster, { ...o, status, decided_by: a.operatorId }, periodSpan(roster, ev.from, ev.to)),
  };
}

/** The objection as the street decides it, and as the department reads the outcome. */
export function objectionCard(
  roster: Roster,
  o: {
    id: string;
    evaluation_id: string;
    dept: string;
    metric: string;
    reason: string;
    status: string;
    decided_by?: string | null;
  },
  span: { zh: string; en: string },
): Record<string, unknown> {
  const dept = roster.department(o.dept);
  const m = METRIC_LABEL[o.metric as Metric] ?? { zh: o.metric, en: o.metric };
  const state =
    o.status === 'pending'
      ? { zh: '待街道裁定', en: 'Awaiting the street' }
      : o.status === 'accepted'
        ? {
            zh: '✅ 已采纳：该项不计入本期评价，得分与名次已重算',
            en: '✅ Accepted: the figure is left out of this evaluation; score and ranks recomputed',
          }
        : { zh: '❌ 不予采纳：数据维持', en: '❌ Rejected: the figure stands' };
  const by = o.decided_by ? `（${md(roster.name(o.decided_by))}）` : '';
  const value = (action: string) => ({ v: 1 as const, action, evaluation: o.evaluation_id, objection: o.id });
  return renderCard('objection', {
    title: { zh: `申诉 · ${dept?.name ?? o.dept}`, en: `Objection · ${dept?.name_en ?? dept?.name ?? o.dept}` },
    color: o.status === 'pending' ? 'orange' : o.status === 'accepted' ? 'green' : 'grey',
    body: {
      zh: `**${md(dept?.name ?? o.dept)}** 对 ${span.zh} 评价中的 **${m.zh}** 提出申诉：\n${md(o.reason)}\n\n${state.zh}${by}`,
      en: `**${md(dept?.name_en ?? dept?.name ?? o.dept)}** objects to **${m.en}** in the evaluation of ${span.en}:\n${md(o.reason)}\n\n${state.en}${by}`,
    },
    open: o.status === 'pending',
    actions: { accept: value('accept_objection'), reject: value('reject_objection') },
  });
}
