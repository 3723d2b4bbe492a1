import { onAccepted } from '../../emergency/emergency.js';
import { AlreadyDone, UserError } from '../../errors.js';
import { climbRung, ladderOf } from '../../escalation/ladder.js';
import { formatTime } from '../../i18n/time.js';
import { parseDeadline } from '../../intake/deadline.js';
import { boundDeadline } from '../../intake/deadline-bounds.js';
import { KINDS } from '../../roster/roster-schema.js';
import { deptByName } from '../../views/lists.js';
import { formField, formList, formText } from '../action-value.js';
import { ACTIVE_DEPT, type ActionName, type DeptStatus, OPEN_CASE } from '../model.js';
import type { Plan } from '../plan.js';
import {
  activeDept,
  at,
  type Ctx,
  caseMustBe,
  deadlinesFor,
  deptName,
  need,
  pending,
  type Rule,
  settle,
  summonAgain,
} from './common.js';
import { proposeLevel } from './level.js';

/** A department chosen in the form's select, or typed by name when it was not listed. */
const formDept = (ctx: Ctx) => formText(ctx.form, 'dept') ?? deptByName(ctx.roster, formText(ctx.form, 'dept_name'));

/** What the street decides: drafts, acceptance, releases, requests, ratings. */
/** How often the street may nudge one department on one case. */
export const NUDGE_EVERY_MS = 10 * 60_000;

/** The street turns a department's pending request down: decided, logged, the department's card refreshed, and the
 * department told where the request kind has a notice for it. */
function denied(kind: 'leave' | 'extension', zh: string, en: string, notice?: 'leave_denied'): Rule {
  return (state, ctx, plan) => {
    const r = pending(state, ctx, kind);
    plan.requestDecisions.push({ id: r.id, status: 'denied', by: ctx.actor });
    plan.touched.add(r.dept);
    plan.log({ actor: ctx.actor, action: `deny_${kind}`, dept: r.dept, ref: ctx.ref });
    if (notice) plan.notices.push({ kind: notice, dept: r.dept, to: 'chat' });
    plan.done(zh, en);
  };
}

export const streetRules: Partial<Record<ActionName, Rule>> = {
  async edit(state, ctx, plan) {
    if (state.caseRow.status !== 'draft')
      throw new UserError('not_draft', '已吹哨的案件不能再修改草稿', 'A whistled case cannot be edited as a draft');
    // The 修改 button without a form: the answer is the draft with its edit form (a form only at the card's root).
    if (Object.keys(ctx.form).length === 0) {
      plan.done('请在下方修改草稿后保存', 'Edit the draft below, then save');
      return;
    }
    const r = ctx.roster;
    const catId = formText(ctx.form, 'category');
    const cat = catId ? r.category(catId) : undefined;
    if (catId && !cat) throw new UserError('bad_category', '没有这个类别', 'Unknown category');
    const kindIn = formText(ctx.form, 'kind');
    if (kindIn && !(KINDS as readonly string[]).includes(kindIn))
      throw new UserError('bad_kind', '没有这个类型', 'Unknown kind');
    const leadIn = formText(ctx.form, 'dept');
    if (formText(ctx.form, 'search') && !leadIn && !formText(ctx.form, 'category')) {
      plan.done('已按搜索更新列表', 'Lists updated from your search');
      return;
    }
    if (leadIn && !r.department(leadIn)) throw new UserError('bad_dept', '没有这个部门', 'Unknown department');
    const assistIn = formList(ctx.form, 'assist').filter((d) => r.department(d));
    const deadlineIn = formText(ctx.form, 'deadline', 40);
    const deadline = deadlineIn ? formDeadline(deadlineIn, ctx.now, r.timezone) : undefined;
    if (deadlineIn && !deadline)
      throw new UserError(
        'bad_deadline',
        `看不懂时限“${deadlineIn}”，请写成“明天上午9点”或“2小时内”`,
        `Cannot read the deadline; write e.g. 明天上午9点 or 2小时内`,
      );

    const current = state.depts.filter((d) => d.status === 'proposed');
    const lead =
      leadIn ?? (cat && cat.id !== state.caseRow.category ? cat.lead : current.find((d) => d.role === 'lead')?.dept);
    const assist = assistIn.length
      ? assistIn
      : cat && cat.id !== state.caseRow.category
        ? cat.assist
        : current.filter((d) => d.role === 'assist').map((d) => d.dept);
    const depts = [...new Set([...(lead ? [lead] : []), ...assist])].map((dept) => ({
      case_id: state.caseRow.id,
      dept,
      role: dept === lead ? 'lead' : 'assist',
      status: 'proposed',
      task: null,
      rating: null,
      rating_note: null,
      arrived_by: null,
      card_message_id: null,
    }));
    plan.replaceProposed = depts;
    const kind = kindIn ?? (cat?.kind && cat.id !== state.caseRow.category ? cat.kind : state.caseRow.kind);
    plan.patchCase({
      category: cat?.id ?? state.caseRow.category,
      kind,
      level: proposeLevel(kind, depts.length),
      ...(deadline ? { deadline: new Date(deadline) } : {}),
    });
    plan.log({ actor: ctx.actor, action: 'edit', ref: ctx.ref });
    plan.done('草稿已修改', 'Draft updated');
  },

  cancel(state, ctx, plan) {
    caseMustBe(state, ['draft', 'whistled', 'reopened', 'resolved']);
    const reason =
      state.caseRow.status === 'draft'
        ? formText(ctx.form, 'reason')
        : need(formText(ctx.form, 'reason'), '撤销需填写理由', 'Give a reason to cancel');
    plan.patchCase({ status: 'cancelled', closed_at: at(ctx) });
    for (const d of state.depts) {
      if (ACTIVE_DEPT.includes(d.status as DeptStatus)) plan.patchDept(d.dept, { ended_at: at(ctx) });
    }
    plan.presenceClose.push(...state.depts.map((d) => ({ dept: d.dept })));
    plan.log({ actor: ctx.actor, action: 'cancel', note: reason, ref: ctx.ref });
    plan.done('已撤销', 'Cancelled');
  },

  accept(state, ctx, plan) {
    if (state.caseRow.status === 'accepted') throw new AlreadyDone('已验收', 'Already accepted');
    // 网格自办: nobody was summoned, so the street closes it with what it did.
    const gridOnly =
      state.caseRow.level === 'grid' && !state.depts.some((d) => ACTIVE_DEPT.includes(d.status as DeptStatus));
    if (gridOnly) caseMustBe(state, OPEN_CASE);
    else if (state.caseRow.status !== 'resolved') caseMustBe(state, ['resolved']);
    const written = formField(ctx.form, ['accept_reason', 'note']);
    const note = gridOnly ? need(written, '网格自办结案需填写处理结果', 'Write what was done to close it') : written;
    plan.patchCase({ status: 'accepted', closed_at: at(ctx), ...(note ? { result: note } : {}) });
    plan.presenceClose.push(...state.depts.map((d) => ({ dept: d.dept })));
    plan.log({ actor: ctx.actor, action: 'accept', ref: ctx.ref, note });
    onAccepted(state, ctx.roster, ctx.now, plan);
    plan.done('已验收结案，请为各部门评分', 'Accepted and closed; please rate the departments');
  },

  reject(state, ctx, plan) {
    if (state.caseRow.status === 'reopened') throw new AlreadyDone('已退回', 'Already sent back');
    caseMustBe(state, ['resolved']);
    const reason = need(
      formField(ctx.form, ['accept_reason', 'reason']),
      '退回需填写理由',
      'Give a reason to send it back',
    );
    plan.patchCase({ status: 'reopened' });
    summonAgain(
      state,
      ctx,
      plan,
      state.depts.filter((r) => r.status === 'done'),
    );
    plan.log({ actor: ctx.actor, action: 'reject', note: reason, ref: ctx.ref });
    plan.done('已退回，相关部门已重新召集', 'Sent back; the departments were summoned again');
  },

  release(state, ctx, plan) {
    caseMustBe(state, OPEN_CASE);
    const dept = need(ctx.dept ?? formDept(ctx), '请选择要放行的部门', 'Choose the department to release');
    const d = activeDept(state, { ...ctx, dept });
    const reason = need(formText(ctx.form, 'reason'), '放行需填写理由', 'Give a reason to release');
    plan.patchDept(d.dept, { status: 'released', ended_at: at(ctx) });
    plan.presenceClose.push({ dept: d.dept });
    for (const r of state.requests.filter((q) => q.dept === d.dept && q.kind === 'leave' && q.status === 'pending')) {
      plan.requestDecisions.push({ id: r.id, status: 'approved', by: ctx.actor });
    }
    plan.log({ actor: ctx.actor, action: 'release', dept: d.dept, note: reason, ref: ctx.ref });
    plan.notices.push({ kind: 'released', dept: d.dept, to: 'chat', note: reason });
    settle(state, plan, ctx);
    plan.done(`已放行${deptName(ctx.roster, d.dept)}`, 'Released');
  },

  nudge(state, ctx, plan) {
    caseMustBe(state, OPEN_CASE);
    const dept = ctx.dept ?? formDept(ctx);
    const targets = state.depts.filter(
      (d) => ACTIVE_DEPT.includes(d.status as DeptStatus) && (!dept || d.dept === dept),
    );
    if (targets.length === 0) throw new UserError('nothing', '没有需要催办的部门', 'No department to nudge');
    // One nudge per department and case every NUDGE_EVERY_MS: each one messages every contact and the chat.
    const nextAt = (d: (typeof targets)[number]) => (d.nudged_at ? d.nudged_at.getTime() + NUDGE_EVERY_MS : 0);
    const due = targets.filter((d) => nextAt(d) <= ctx.now);
    if (due.length === 0) {
      const t = formatTime(Math.min(...targets.map(nextAt)), ctx.roster.timezone, ctx.now);
      throw new UserError(
        'too_soon',
        `刚刚催办过，${t.zh} 后可再次催办`,
        `Nudged a moment ago; you can nudge again at ${t.en}`,
      );
    }
    for (const d of due) {
      plan.notices.push({ kind: 'nudge', dept: d.dept, to: 'contacts' });
      plan.patchDept(d.dept, { nudged_at: at(ctx) });
      plan.log({ actor: ctx.actor, action: 'nudge', dept: d.dept, ref: ctx.ref });
    }
    plan.done(`已催办${due.length}个部门`, `Nudged ${due.length} department(s)`);
  },

  add_dept(state, ctx, plan) {
    caseMustBe(state, OPEN_CASE);
    const dept = need(formDept(ctx) ?? ctx.dept, '请选择要增派的部门', 'Choose the department to add');
    if (!ctx.roster.department(dept)) throw new UserError('bad_dept', '没有这个部门', 'Unknown department');
    if (state.depts.some((d) => d.dept === dept && ACTIVE_DEPT.includes(d.status as DeptStatus))) {
      throw new AlreadyDone('该部门已在本案中', 'That department is already on this case');
    }
    const { arriveBy, resolveBy } = deadlinesFor(state, ctx.roster, ctx.now);
    plan.newDepts.push({
      case_id: state.caseRow.id,
      dept,
      role: 'assist',
      status: 'summoned',
      summoned_at: at(ctx),
      arrive_by: arriveBy,
      resolve_by: resolveBy,
    });
    plan.summon.add(dept);
    if (state.caseRow.status === 'resolved') plan.patchCase({ status: 'whistled' });
    plan.log({ actor: ctx.actor, action: 'add_dept', dept, ref: ctx.ref });
    plan.done(`已增派${deptName(ctx.roster, dept)}`, 'Department added');
  },

  escalate(state, ctx, plan) {
    caseMustBe(state, OPEN_CASE);
    const targets = state.depts.filter(
      (d) => ACTIVE_DEPT.includes(d.status as DeptStatus) && (!ctx.dept || d.dept === ctx.dept),
    );
    if (targets.length === 0) throw new UserError('nothing', '没有可升级督办的部门', 'No department to escalate');
    const ladder = ladderOf(ctx.roster);
    for (const d of targets) {
      const i = Math.min(d.escalation_step, ladder.length - 1);
      climbRung(plan, d.dept, i, ladder[i]!, ctx.actor, ctx.ref, { state: state, roster: ctx.roster, now: ctx.now });
    }
    plan.done('已升级督办', 'Escalated');
  },

  /** 联合联动哨: each department gets its own task and deadline. */
  set_task(state, ctx, plan) {
    caseMustBe(state, ['whistled', 'reopened']);
    const dept = need(formDept(ctx) ?? ctx.dept, '请选择部门', 'Choose the department');
    const d = activeDept(state, { ...ctx, dept });
    const task = need(formText(ctx.form, 'note'), '请填写该部门的任务', "Write the department's task");
    const deadlineIn = formText(ctx.form, 'deadline', 40);
    const due = deadlineIn ? formDeadline(deadlineIn, ctx.now, ctx.roster.timezone) : undefined;
    if (deadlineIn && !due)
      throw new UserError('bad_deadline', `看不懂时限“${deadlineIn}”`, 'Cannot read the deadline');
    const patch: Parameters<Plan['patchDept']>[1] = { task };
    if (due) {
      patch.resolve_by = new Date(due);
      if (d.arrive_by && d.arrive_by.getTime() > due) patch.arrive_by = new Date(due);
      patch.escalation_step = 0;
      patch.reminded = 0;
    }
    plan.patchDept(d.dept, patch);
    plan.log({
      actor: ctx.actor,
      action: 'set_task',
      dept: d.dept,
      note: `${task}${due ? ` @${new Date(due).toISOString()}` : ''}`,
      ref: ctx.ref,
    });
    plan.notices.push({ kind: 'task', dept: d.dept, to: 'chat', note: task });
    plan.done('已分派任务', 'Task assigned');
  },

  approve_transfer(state, ctx, plan) {
    const r = pending(state, ctx, 'transfer');
    const from = state.depts.find((d) => d.dept === r.dept)!;
    const { arriveBy, resolveBy } = deadlinesFor(state, ctx.roster, ctx.now);
    plan.requestDecisions.push({ id: r.id, status: 'approved', by: ctx.actor });
    plan.patchDept(r.dept, { status: 'transferred', ended_at: at(ctx) });
    plan.presenceClose.push({ dept: r.dept });
    plan.newDepts.push({
      case_id: state.caseRow.id,
      dept: r.target!,
      role: from.role,
      status: 'summoned',
      summoned_at: at(ctx),
      arrive_by: arriveBy,
      resolve_by: resolveBy,
      task: null,
    });
    plan.summon.add(r.target!);
    plan.log({ actor: ctx.actor, action: 'approve_transfer', dept: r.dept, note: `→${r.target}`, ref: ctx.ref });
    plan.done(`已同意移交给${deptName(ctx.roster, r.target!)}`, 'Transfer approved');
  },

  deny_transfer(state, ctx, plan) {
    const r = pending(state, ctx, 'transfer');
    plan.requestDecisions.push({ id: r.id, status: 'denied', by: ctx.actor });
    plan.touched.add(r.dept);
    plan.log({
      actor: ctx.actor,
      action: 'deny_transfer',
      dept: r.dept,
      note: formText(ctx.form, 'reason'),
      ref: ctx.ref,
    });
    plan.notices.push({ kind: 'transfer_denied', dept: r.dept, to: 'chat' });
    plan.done('已驳回移交申请', 'Transfer denied');
  },

  approve_leave(state, ctx, plan) {
    const r = pending(state, ctx, 'leave');
    plan.requestDecisions.push({ id: r.id, status: 'approved', by: ctx.actor });
    plan.patchDept(r.dept, { status: 'released', ended_at: at(ctx) });
    plan.presenceClose.push({ dept: r.dept });
    plan.log({ actor: ctx.actor, action: 'approve_leave', dept: r.dept, ref: ctx.ref });
    plan.notices.push({ kind: 'leave_approved', dept: r.dept, to: 'chat' });
    settle(state, plan, ctx);
    plan.done('已同意离场', 'Leave approved');
  },

  deny_leave: denied('leave', '已驳回离场申请', 'Leave denied', 'leave_denied'),

  approve_extension(state, ctx, plan) {
    const r = pending(state, ctx, 'extension');
    const d = state.depts.find((q) => q.dept === r.dept)!;
    // The deadline that is running moves: arriving while summoned, resolving once arrived.
    const field = d.status === 'summoned' ? 'arrive_by' : 'resolve_by';
    const base = Math.max(ctx.now, d[field]?.getTime() ?? ctx.now);
    const moved = new Date(base + Number(r.extend_ms ?? 0));
    plan.requestDecisions.push({ id: r.id, status: 'approved', by: ctx.actor });
    plan.patchDept(r.dept, {
      [field]: moved,
      escalation_step: 0,
      reminded: 0,
      ...(field === 'arrive_by' && d.resolve_by && d.resolve_by < moved ? { resolve_by: moved } : {}),
    });
    plan.log({ actor: ctx.actor, action: 'approve_extension', dept: r.dept, note: moved.toISOString(), ref: ctx.ref });
    plan.notices.push({ kind: 'extension_approved', dept: r.dept, to: 'chat' });
    plan.done('已同意延期', 'Extension approved');
  },

  deny_extension: denied('extension', '已驳回延期申请', 'Extension denied'),

  rate(state, ctx, plan) {
    caseMustBe(state, ['accepted']);
    const dept = need(formDept(ctx) ?? ctx.dept, '请选择要评价的部门', 'Choose the department to rate');
    const d = state.depts.find((r) => r.dept === dept && r.status !== 'proposed');
    if (!d) throw new UserError('bad_dept', '该部门不在本案中', 'That department was not on this case');
    if (d.rating !== null) throw new AlreadyDone('该部门已评价', 'Already rated');
    const score = Number(formText(ctx.form, 'score'));
    if (!Number.isInteger(score) || score < 1 || score > 5)
      throw new UserError('bad_score', '请选择1–5分', 'Choose a score from 1 to 5');
    const note = formText(ctx.form, 'note', 300) ?? null;
    plan.patchDept(dept, { rating: score, rating_note: note });
    plan.log({ actor: ctx.actor, action: 'rate', dept, note: `${score}${note ? ` ${note}` : ''}`, ref: ctx.ref });
    plan.done(`已评价：${score}分`, `Rated ${score}`);
  },
};

/** A deadline typed into a form: an impossible time or one more than a year away is refused, saying why. */
function formDeadline(text: string, now: number, tz: string): number | undefined {
  const checked = boundDeadline(text, parseDeadline(text, now, tz), now);
  if (checked.ignored) throw new UserError('bad_deadline', checked.ignored.zh, checked.ignored.en);
  return checked.at;
}
