import { onAccepted, whistledNotices } from '../../emergency/emergency.js';
import { AlreadyDone, UserError } from '../../errors.js';
import { formatTime } from '../../i18n/time.js';
import { parseDeadline } from '../../intake/deadline.js';
import { boundDeadline } from '../../intake/deadline-bounds.js';
import { KINDS } from '../../roster/roster-schema.js';
import { deptByName } from '../../views/lists.js';
import { formField, formList, formText } from '../action-value.js';
import { ACTIVE_DEPT, type ActionName, type DeptStatus } from '../model.js';
import type { Plan } from '../plan.js';
import {
  activeDept,
  at,
  type Ctx,
  caseMustBe,
  deadlinesFor,
  deptName,
  escalationStep,
  need,
  pending,
  type Rule,
  settle,
  summonAgain,
} from './common.js';
import { proposeLevel } from './level.js';

/** A department chosen in the form's select, or typed by name when it was not listed. */
const formDept = (x: Ctx) => formText(x.form, 'dept') ?? deptByName(x.roster, formText(x.form, 'dept_name'));

/** What the street decides: drafts, acceptance, releases, requests, ratings. */
/** How often the street may nudge one department on one case. */
export const NUDGE_EVERY_MS = 10 * 60_000;

export const streetRules: Partial<Record<ActionName, Rule>> = {
  async edit(s, x, p) {
    if (s.c.status !== 'draft')
      throw new UserError('not_draft', '已吹哨的案件不能再修改草稿', 'A whistled case cannot be edited as a draft');
    // The 修改 button without a form: the answer is the draft with its edit form (a form only at the card's root).
    if (Object.keys(x.form).length === 0) {
      p.done('请在下方修改草稿后保存', 'Edit the draft below, then save');
      return;
    }
    const r = x.roster;
    const catId = formText(x.form, 'category');
    const cat = catId ? r.category(catId) : undefined;
    if (catId && !cat) throw new UserError('bad_category', '没有这个类别', 'Unknown category');
    const kindIn = formText(x.form, 'kind');
    if (kindIn && !(KINDS as readonly string[]).includes(kindIn))
      throw new UserError('bad_kind', '没有这个类型', 'Unknown kind');
    const leadIn = formText(x.form, 'dept');
    if (formText(x.form, 'search') && !leadIn && !formText(x.form, 'category')) {
      p.done('已按搜索更新列表', 'Lists updated from your search');
      return;
    }
    if (leadIn && !r.department(leadIn)) throw new UserError('bad_dept', '没有这个部门', 'Unknown department');
    const assistIn = formList(x.form, 'assist').filter((d) => r.department(d));
    const deadlineIn = formText(x.form, 'deadline', 40);
    const deadline = deadlineIn ? formDeadline(deadlineIn, x.now, r.timezone) : undefined;
    if (deadlineIn && !deadline)
      throw new UserError(
        'bad_deadline',
        `看不懂时限“${deadlineIn}”，请写成“明天上午9点”或“2小时内”`,
        `Cannot read the deadline; write e.g. 明天上午9点 or 2小时内`,
      );

    const current = s.depts.filter((d) => d.status === 'proposed');
    const lead = leadIn ?? (cat && cat.id !== s.c.category ? cat.lead : current.find((d) => d.role === 'lead')?.dept);
    const assist = assistIn.length
      ? assistIn
      : cat && cat.id !== s.c.category
        ? cat.assist
        : current.filter((d) => d.role === 'assist').map((d) => d.dept);
    const depts = [...new Set([...(lead ? [lead] : []), ...assist])].map((dept) => ({
      case_id: s.c.id,
      dept,
      role: dept === lead ? 'lead' : 'assist',
      status: 'proposed',
      task: null,
      rating: null,
      rating_note: null,
      arrived_by: null,
      card_message_id: null,
    }));
    p.replaceProposed = depts;
    const kind = kindIn ?? (cat?.kind && cat.id !== s.c.category ? cat.kind : s.c.kind);
    p.patchCase({
      category: cat?.id ?? s.c.category,
      kind,
      level: proposeLevel(kind, depts.length),
      ...(deadline ? { deadline: new Date(deadline) } : {}),
    });
    p.log({ actor: x.actor, action: 'edit', ref: x.ref });
    p.done('草稿已修改', 'Draft updated');
  },

  cancel(s, x, p) {
    caseMustBe(s, ['draft', 'whistled', 'reopened', 'resolved']);
    const reason =
      s.c.status === 'draft'
        ? formText(x.form, 'reason')
        : need(formText(x.form, 'reason'), '撤销需填写理由', 'Give a reason to cancel');
    p.patchCase({ status: 'cancelled', closed_at: at(x) });
    for (const d of s.depts) {
      if (ACTIVE_DEPT.includes(d.status as DeptStatus)) p.patchDept(d.dept, { ended_at: at(x) });
    }
    p.presenceClose.push(...s.depts.map((d) => ({ dept: d.dept })));
    p.log({ actor: x.actor, action: 'cancel', note: reason, ref: x.ref });
    p.done('已撤销', 'Cancelled');
  },

  accept(s, x, p) {
    if (s.c.status === 'accepted') throw new AlreadyDone('已验收', 'Already accepted');
    // 网格自办: nobody was summoned, so the street closes it with what it did.
    const gridOnly = s.c.level === 'grid' && !s.depts.some((d) => ACTIVE_DEPT.includes(d.status as DeptStatus));
    if (gridOnly) caseMustBe(s, ['whistled', 'reopened', 'resolved']);
    else if (s.c.status !== 'resolved') caseMustBe(s, ['resolved']);
    const written = formField(x.form, ['accept_reason', 'note']);
    const note = gridOnly ? need(written, '网格自办结案需填写处理结果', 'Write what was done to close it') : written;
    p.patchCase({ status: 'accepted', closed_at: at(x), ...(note ? { result: note } : {}) });
    p.presenceClose.push(...s.depts.map((d) => ({ dept: d.dept })));
    p.log({ actor: x.actor, action: 'accept', ref: x.ref, note });
    onAccepted(s, x.roster, x.now, p);
    p.done('已验收结案，请为各部门评分', 'Accepted and closed; please rate the departments');
  },

  reject(s, x, p) {
    if (s.c.status === 'reopened') throw new AlreadyDone('已退回', 'Already sent back');
    caseMustBe(s, ['resolved']);
    const reason = need(
      formField(x.form, ['accept_reason', 'reason']),
      '退回需填写理由',
      'Give a reason to send it back',
    );
    p.patchCase({ status: 'reopened' });
    summonAgain(
      s,
      x,
      p,
      s.depts.filter((r) => r.status === 'done'),
    );
    p.log({ actor: x.actor, action: 'reject', note: reason, ref: x.ref });
    p.done('已退回，相关部门已重新召集', 'Sent back; the departments were summoned again');
  },

  release(s, x, p) {
    caseMustBe(s, ['whistled', 'reopened', 'resolved']);
    const dept = need(x.dept ?? formDept(x), '请选择要放行的部门', 'Choose the department to release');
    const d = activeDept(s, { ...x, dept });
    const reason = need(formText(x.form, 'reason'), '放行需填写理由', 'Give a reason to release');
    p.patchDept(d.dept, { status: 'released', ended_at: at(x) });
    p.presenceClose.push({ dept: d.dept });
    for (const r of s.requests.filter((q) => q.dept === d.dept && q.kind === 'leave' && q.status === 'pending')) {
      p.requestDecisions.push({ id: r.id, status: 'approved', by: x.actor });
    }
    p.log({ actor: x.actor, action: 'release', dept: d.dept, note: reason, ref: x.ref });
    p.notices.push({ kind: 'released', dept: d.dept, to: 'chat', note: reason });
    settle(s, p, x);
    p.done(`已放行${deptName(x.roster, d.dept)}`, 'Released');
  },

  nudge(s, x, p) {
    caseMustBe(s, ['whistled', 'reopened', 'resolved']);
    const dept = x.dept ?? formDept(x);
    const targets = s.depts.filter((d) => ACTIVE_DEPT.includes(d.status as DeptStatus) && (!dept || d.dept === dept));
    if (targets.length === 0) throw new UserError('nothing', '没有需要催办的部门', 'No department to nudge');
    // One nudge per department and case every NUDGE_EVERY_MS: each one messages every contact and the chat.
    const nextAt = (d: (typeof targets)[number]) => (d.nudged_at ? d.nudged_at.getTime() + NUDGE_EVERY_MS : 0);
    const due = targets.filter((d) => nextAt(d) <= x.now);
    if (due.length === 0) {
      const t = formatTime(Math.min(...targets.map(nextAt)), x.roster.timezone, x.now);
      throw new UserError(
        'too_soon',
        `刚刚催办过，${t.zh} 后可再次催办`,
        `Nudged a moment ago; you can nudge again at ${t.en}`,
      );
    }
    for (const d of due) {
      p.notices.push({ kind: 'nudge', dept: d.dept, to: 'contacts' });
      p.patchDept(d.dept, { nudged_at: at(x) });
      p.log({ actor: x.actor, action: 'nudge', dept: d.dept, ref: x.ref });
    }
    p.done(`已催办${due.length}个部门`, `Nudged ${due.length} department(s)`);
  },

  add_dept(s, x, p) {
    caseMustBe(s, ['whistled', 'reopened', 'resolved']);
    const dept = need(formDept(x) ?? x.dept, '请选择要增派的部门', 'Choose the department to add');
    if (!x.roster.department(dept)) throw new UserError('bad_dept', '没有这个部门', 'Unknown department');
    if (s.depts.some((d) => d.dept === dept && ACTIVE_DEPT.includes(d.status as DeptStatus))) {
      throw new AlreadyDone('该部门已在本案中', 'That department is already on this case');
    }
    const { arriveBy, resolveBy } = deadlinesFor(s, x.roster, x.now);
    p.newDepts.push({
      case_id: s.c.id,
      dept,
      role: 'assist',
      status: 'summoned',
      summoned_at: at(x),
      arrive_by: arriveBy,
      resolve_by: resolveBy,
    });
    p.summon.add(dept);
    if (s.c.status === 'resolved') p.patchCase({ status: 'whistled' });
    p.log({ actor: x.actor, action: 'add_dept', dept, ref: x.ref });
    p.done(`已增派${deptName(x.roster, dept)}`, 'Department added');
  },

  escalate(s, x, p) {
    caseMustBe(s, ['whistled', 'reopened', 'resolved']);
    const targets = s.depts.filter(
      (d) => ACTIVE_DEPT.includes(d.status as DeptStatus) && (!x.dept || d.dept === x.dept),
    );
    if (targets.length === 0) throw new UserError('nothing', '没有可升级督办的部门', 'No department to escalate');
    const ladder = x.roster.escalation;
    for (const d of targets) {
      const i = Math.min(d.escalation_step, ladder.length - 1);
      escalationStep(p, d.dept, i, ladder[i]!, x.actor, x.ref, { s, roster: x.roster, now: x.now });
    }
    p.done('已升级督办', 'Escalated');
  },

  /** 联合联动哨: each department gets its own task and deadline. */
  set_task(s, x, p) {
    caseMustBe(s, ['whistled', 'reopened']);
    const dept = need(formDept(x) ?? x.dept, '请选择部门', 'Choose the department');
    const d = activeDept(s, { ...x, dept });
    const task = need(formText(x.form, 'note'), '请填写该部门的任务', "Write the department's task");
    const deadlineIn = formText(x.form, 'deadline', 40);
    const due = deadlineIn ? formDeadline(deadlineIn, x.now, x.roster.timezone) : undefined;
    if (deadlineIn && !due)
      throw new UserError('bad_deadline', `看不懂时限“${deadlineIn}”`, 'Cannot read the deadline');
    const patch: Parameters<Plan['patchDept']>[1] = { task };
    if (due) {
      patch.resolve_by = new Date(due);
      if (d.arrive_by && d.arrive_by.getTime() > due) patch.arrive_by = new Date(due);
      patch.escalation_step = 0;
      patch.reminded = 0;
    }
    p.patchDept(d.dept, patch);
    p.log({
      actor: x.actor,
      action: 'set_task',
      dept: d.dept,
      note: `${task}${due ? ` @${new Date(due).toISOString()}` : ''}`,
      ref: x.ref,
    });
    p.notices.push({ kind: 'task', dept: d.dept, to: 'chat', note: task });
    p.done('已分派任务', 'Task assigned');
  },

  approve_transfer(s, x, p) {
    const r = pending(s, x, 'transfer');
    const from = s.depts.find((d) => d.dept === r.dept)!;
    const { arriveBy, resolveBy } = deadlinesFor(s, x.roster, x.now);
    p.requestDecisions.push({ id: r.id, status: 'approved', by: x.actor });
    p.patchDept(r.dept, { status: 'transferred', ended_at: at(x) });
    p.presenceClose.push({ dept: r.dept });
    p.newDepts.push({
      case_id: s.c.id,
      dept: r.target!,
      role: from.role,
      status: 'summoned',
      summoned_at: at(x),
      arrive_by: arriveBy,
      resolve_by: resolveBy,
      task: null,
    });
    p.summon.add(r.target!);
    p.log({ actor: x.actor, action: 'approve_transfer', dept: r.dept, note: `→${r.target}`, ref: x.ref });
    p.done(`已同意移交给${deptName(x.roster, r.target!)}`, 'Transfer approved');
  },

  deny_transfer(s, x, p) {
    const r = pending(s, x, 'transfer');
    p.requestDecisions.push({ id: r.id, status: 'denied', by: x.actor });
    p.touched.add(r.dept);
    p.log({ actor: x.actor, action: 'deny_transfer', dept: r.dept, note: formText(x.form, 'reason'), ref: x.ref });
    p.notices.push({ kind: 'transfer_denied', dept: r.dept, to: 'chat' });
    p.done('已驳回移交申请', 'Transfer denied');
  },

  approve_leave(s, x, p) {
    const r = pending(s, x, 'leave');
    p.requestDecisions.push({ id: r.id, status: 'approved', by: x.actor });
    p.patchDept(r.dept, { status: 'released', ended_at: at(x) });
    p.presenceClose.push({ dept: r.dept });
    p.log({ actor: x.actor, action: 'approve_leave', dept: r.dept, ref: x.ref });
    p.notices.push({ kind: 'leave_approved', dept: r.dept, to: 'chat' });
    settle(s, p, x);
    p.done('已同意离场', 'Leave approved');
  },

  deny_leave(s, x, p) {
    const r = pending(s, x, 'leave');
    p.requestDecisions.push({ id: r.id, status: 'denied', by: x.actor });
    p.touched.add(r.dept);
    p.log({ actor: x.actor, action: 'deny_leave', dept: r.dept, ref: x.ref });
    p.notices.push({ kind: 'leave_denied', dept: r.dept, to: 'chat' });
    p.done('已驳回离场申请', 'Leave denied');
  },

  approve_extension(s, x, p) {
    const r = pending(s, x, 'extension');
    const d = s.depts.find((q) => q.dept === r.dept)!;
    // The deadline that is running moves: arriving while summoned, resolving once arrived.
    const field = d.status === 'summoned' ? 'arrive_by' : 'resolve_by';
    const base = Math.max(x.now, d[field]?.getTime() ?? x.now);
    const moved = new Date(base + Number(r.extend_ms ?? 0));
    p.requestDecisions.push({ id: r.id, status: 'approved', by: x.actor });
    p.patchDept(r.dept, {
      [field]: moved,
      escalation_step: 0,
      reminded: 0,
      ...(field === 'arrive_by' && d.resolve_by && d.resolve_by < moved ? { resolve_by: moved } : {}),
    });
    p.log({ actor: x.actor, action: 'approve_extension', dept: r.dept, note: moved.toISOString(), ref: x.ref });
    p.notices.push({ kind: 'extension_approved', dept: r.dept, to: 'chat' });
    p.done('已同意延期', 'Extension approved');
  },

  deny_extension(s, x, p) {
    const r = pending(s, x, 'extension');
    p.requestDecisions.push({ id: r.id, status: 'denied', by: x.actor });
    p.touched.add(r.dept);
    p.log({ actor: x.actor, action: 'deny_extension', dept: r.dept, ref: x.ref });
    p.done('已驳回延期申请', 'Extension denied');
  },

  rate(s, x, p) {
    caseMustBe(s, ['accepted']);
    const dept = need(formDept(x) ?? x.dept, '请选择要评价的部门', 'Choose the department to rate');
    const d = s.depts.find((r) => r.dept === dept && r.status !== 'proposed');
    if (!d) throw new UserError('bad_dept', '该部门不在本案中', 'That department was not on this case');
    if (d.rating !== null) throw new AlreadyDone('该部门已评价', 'Already rated');
    const score = Number(formText(x.form, 'score'));
    if (!Number.isInteger(score) || score < 1 || score > 5)
      throw new UserError('bad_score', '请选择1–5分', 'Choose a score from 1 to 5');
    const note = formText(x.form, 'note', 300) ?? null;
    p.patchDept(dept, { rating: score, rating_note: note });
    p.log({ actor: x.actor, action: 'rate', dept, note: `${score}${note ? ` ${note}` : ''}`, ref: x.ref });
    p.done(`已评价：${score}分`, `Rated ${score}`);
  },
};

/** A deadline typed into a form: an impossible time or one more than a year away is refused, saying why. */
function formDeadline(text: string, now: number, tz: string): number | undefined {
  const checked = boundDeadline(text, parseDeadline(text, now, tz), now);
  if (checked.ignored) throw new UserError('bad_deadline', checked.ignored.zh, checked.ignored.en);
  return checked.at;
}
