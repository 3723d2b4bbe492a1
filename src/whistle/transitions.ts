import { randomUUID } from 'node:crypto';
import { AlreadyDone, UserError } from '../errors.js';
import { parseDeadline } from '../intake/deadline.js';
import type { Roster } from '../roster/roster.js';
import { KINDS, type Kind } from '../roster/roster-schema.js';
import { formList, formText } from './action-value.js';
import { ACTIVE_DEPT, type ActionName, type CaseStatus, type DeptStatus } from './model.js';
import { Plan } from './plan.js';
import type { CaseState } from './store.js';

export interface Ctx {
  roster: Roster;
  now: number;
  actor: string;
  ref?: string;
  form: Record<string, unknown>;
  dept?: string;
  req?: string;
  nextNumber(): Promise<string>;
}

type Rule = (s: CaseState, x: Ctx, p: Plan) => void | Promise<void>;

const at = (x: Ctx) => new Date(x.now);
const isOpen = (st: string) => st === 'whistled' || st === 'reopened' || st === 'resolved';
const deptName = (r: Roster, id: string) => r.department(id)?.name ?? id;

function need(value: string | undefined, zh: string, en: string): string {
  if (!value) throw new UserError('missing_input', zh, en);
  return value;
}

function caseMustBe(s: CaseState, allowed: CaseStatus[]): void {
  const st = s.c.status as CaseStatus;
  if (allowed.includes(st)) return;
  if (st === 'cancelled') throw new UserError('closed', '案件已撤销', 'This case was cancelled');
  if (st === 'accepted') throw new UserError('closed', '案件已验收结案', 'This case is closed');
  if (st === 'draft') throw new UserError('draft', '案件尚未吹哨', 'This case has not been whistled yet');
  throw new UserError('bad_state', '案件当前状态不允许此操作', 'This cannot be done in the case’s current state');
}

function deptRow(s: CaseState, x: Ctx) {
  const d = s.depts.find((r) => r.dept === x.dept);
  if (!d || d.status === 'proposed') {
    throw new UserError('not_on_case', '本部门不在此案件中', 'Your department is not on this case');
  }
  return d;
}

function activeDept(s: CaseState, x: Ctx) {
  const d = deptRow(s, x);
  if (d.status === 'done') throw new AlreadyDone('本部门任务已办结', "Your department's part is already done");
  if (d.status === 'transferred')
    throw new UserError('transferred', '本案已移交其他部门', 'This case was transferred away from you');
  if (d.status === 'released' || d.status === 'left')
    throw new UserError('released', '街道已放行本部门', 'The street has released your department');
  return d;
}

/** Windows for a department summoned now: category windows, or the draft's own deadline where it is sooner. */
export function deadlinesFor(s: CaseState, roster: Roster, now: number): { arriveBy: Date; resolveBy: Date } {
  const w = roster.windows(s.c.category, s.c.kind as Kind);
  let resolve = now + w.resolve;
  const asked = s.c.deadline?.getTime();
  if (asked && asked > now) resolve = asked;
  const arrive = Math.min(now + w.arrive, resolve);
  return { arriveBy: new Date(arrive), resolveBy: new Date(resolve) };
}

/** Applies "nothing left open → resolved" after a department finishes or leaves the case. */
function settle(s: CaseState, p: Plan, x: Ctx): void {
  const status = (d: (typeof s.depts)[number]) => (p.deptPatches.get(d.dept)?.status ?? d.status) as DeptStatus;
  const onCase = s.depts.filter((d) => d.status !== 'proposed');
  const active = onCase.filter((d) => ACTIVE_DEPT.includes(status(d)));
  const extra = p.newDepts.filter((d) => ACTIVE_DEPT.includes(d.status as DeptStatus));
  if (active.length === 0 && extra.length === 0 && p.summon.size === 0) {
    p.patchCase({ status: 'resolved' });
    p.log({ actor: 'bot', action: 'resolved' });
    p.notices.push({ kind: 'resolved', to: 'street' });
  } else if (s.c.status === 'resolved') {
    p.patchCase({ status: 'whistled' });
  }
  void x;
}

const rules: Record<ActionName, Rule> = {
  async confirm(s, x, p) {
    if (s.c.status !== 'draft') {
      if (s.c.status === 'cancelled') throw new UserError('closed', '草稿已取消', 'This draft was cancelled');
      throw new AlreadyDone('已吹哨', 'Already whistled');
    }
    const proposed = s.depts.filter((d) => d.status === 'proposed');
    if (!proposed.some((d) => d.role === 'lead')) {
      throw new UserError(
        'no_lead',
        '请先在“修改”中选择类别或主责部门',
        'Choose a category or a lead department under Edit first',
      );
    }
    const number = await x.nextNumber();
    const { arriveBy, resolveBy } = deadlinesFor(s, x.roster, x.now);
    p.patchCase({ status: 'whistled', number, whistled_at: at(x) });
    p.log({ actor: x.actor, action: 'confirm', ref: x.ref, note: number });
    for (const d of proposed) {
      p.patchDept(d.dept, { status: 'summoned', summoned_at: at(x), arrive_by: arriveBy, resolve_by: resolveBy });
      p.log({ actor: 'bot', action: 'summon', dept: d.dept, note: d.role });
      p.summon.add(d.dept);
    }
    p.done(
      `已吹哨 ${number}，已召集${proposed.length}个部门`,
      `Whistled ${number}; ${proposed.length} departments summoned`,
    );
  },

  async edit(s, x, p) {
    if (s.c.status !== 'draft')
      throw new UserError('not_draft', '已吹哨的案件不能再修改草稿', 'A whistled case cannot be edited as a draft');
    const r = x.roster;
    const catId = formText(x.form, 'category');
    const cat = catId ? r.category(catId) : undefined;
    if (catId && !cat) throw new UserError('bad_category', '没有这个类别', 'Unknown category');
    const kindIn = formText(x.form, 'kind');
    if (kindIn && !(KINDS as readonly string[]).includes(kindIn))
      throw new UserError('bad_kind', '没有这个类型', 'Unknown kind');
    const leadIn = formText(x.form, 'dept');
    if (leadIn && !r.department(leadIn)) throw new UserError('bad_dept', '没有这个部门', 'Unknown department');
    const assistIn = formList(x.form, 'assist').filter((d) => r.department(d));
    const deadlineIn = formText(x.form, 'deadline', 40);
    const deadline = deadlineIn ? parseDeadline(deadlineIn, x.now, r.timezone) : undefined;
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
    p.patchCase({
      category: cat?.id ?? s.c.category,
      kind: kindIn ?? (cat?.kind && cat.id !== s.c.category ? cat.kind : s.c.kind),
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

  arrive(s, x, p) {
    caseMustBe(s, ['whistled', 'reopened', 'resolved']);
    const d = activeDept(s, x);
    if (d.status === 'arrived') throw new AlreadyDone('本部门已报到', 'Your department has already reported in');
    const late = d.arrive_by ? x.now > d.arrive_by.getTime() : false;
    p.patchDept(d.dept, {
      status: 'arrived',
      arrived_at: at(x),
      arrived_by: x.actor,
      arrive_late: late,
      escalation_step: 0,
      reminded: 0,
    });
    p.presenceOpen.push({ dept: d.dept, user: x.actor });
    p.log({ actor: x.actor, action: 'arrive', dept: d.dept, ref: x.ref, note: late ? 'late' : null });
    p.done(`${deptName(x.roster, d.dept)}已报到`, 'Reported in');
  },

  progress(s, x, p) {
    caseMustBe(s, ['whistled', 'reopened', 'resolved']);
    const d = activeDept(s, x);
    const note = need(formText(x.form, 'note'), '请填写进展说明', 'Write what progress was made');
    p.touched.add(d.dept);
    p.log({ actor: x.actor, action: 'progress', dept: d.dept, note, ref: x.ref });
    p.done('进展已报告', 'Progress reported');
  },

  done(s, x, p) {
    caseMustBe(s, ['whistled', 'reopened', 'resolved']);
    const d = activeDept(s, x);
    if (d.status !== 'arrived')
      throw new UserError('not_arrived', '请先报到，再办结', 'Tap 报到 (arrived) before marking done');
    const late = d.resolve_by ? x.now > d.resolve_by.getTime() : false;
    p.patchDept(d.dept, { status: 'done', done_at: at(x), resolve_late: late });
    p.log({ actor: x.actor, action: 'done', dept: d.dept, ref: x.ref, note: formText(x.form, 'note') });
    settle(s, p, x);
    p.done('本部门任务已办结', "Your department's part is done");
  },

  transfer(s, x, p) {
    caseMustBe(s, ['whistled', 'reopened']);
    const d = activeDept(s, x);
    if (s.requests.some((r) => r.dept === d.dept && r.kind === 'transfer' && r.status === 'pending')) {
      throw new AlreadyDone('已申请移交，等待街道审批', 'Transfer already requested; waiting for the street');
    }
    const target = need(formText(x.form, 'dept'), '请选择移交给哪个部门', 'Choose the department to transfer to');
    if (!x.roster.department(target) || target === d.dept)
      throw new UserError('bad_dept', '移交对象无效', 'Invalid transfer target');
    if (s.depts.some((o) => o.dept === target && ACTIVE_DEPT.includes(o.status as DeptStatus))) {
      throw new UserError('bad_dept', '该部门已在本案中', 'That department is already on this case');
    }
    const reason = need(formText(x.form, 'reason'), '移交需填写理由', 'Give a reason for the transfer');
    const basis = need(formText(x.form, 'basis'), '移交需填写法律或政策依据', 'Give the legal or policy basis');
    p.newRequests.push({
      id: `rq-${randomUUID().slice(0, 12)}`,
      dept: d.dept,
      kind: 'transfer',
      reason,
      basis,
      target,
      by: x.actor,
    });
    p.touched.add(d.dept);
    p.log({
      actor: x.actor,
      action: 'transfer_request',
      dept: d.dept,
      note: `→${target}: ${reason}（${basis}）`,
      ref: x.ref,
    });
    p.notices.push({ kind: 'transfer_request', dept: d.dept, to: 'street' });
    p.done('移交申请已提交，等待街道审批', 'Transfer requested; the street will decide');
  },

  leave(s, x, p) {
    const d = deptRow(s, x);
    const open = ACTIVE_DEPT.includes(d.status as DeptStatus) && isOpen(s.c.status);
    if (!open) {
      if (!s.presence.some((r) => r.dept === d.dept && !r.until)) throw new AlreadyDone('已离场', 'Already left');
      p.presenceClose.push({ dept: d.dept });
      p.touched.add(d.dept);
      p.log({ actor: x.actor, action: 'leave', dept: d.dept, ref: x.ref });
      p.done('已离场，辛苦了', 'Checked out. Thank you');
      return;
    }
    if (x.roster.department(d.dept)?.leave_requests) {
      if (s.requests.some((r) => r.dept === d.dept && r.kind === 'leave' && r.status === 'pending')) {
        throw new AlreadyDone('已申请离场，等待街道审批', 'Leave already requested; waiting for the street');
      }
      const reason = formText(x.form, 'reason') ?? formText(x.form, 'note');
      p.newRequests.push({ id: `rq-${randomUUID().slice(0, 12)}`, dept: d.dept, kind: 'leave', reason, by: x.actor });
      p.log({ actor: x.actor, action: 'leave_request', dept: d.dept, note: reason, ref: x.ref });
      p.notices.push({ kind: 'leave_request', dept: d.dept, to: 'street' });
      p.done('离场申请已提交，等待街道审批', 'Leave requested; the street will decide', 'info');
      return;
    }
    // The refusal itself is on the record: leaving early counts against the department.
    p.log({ actor: x.actor, action: 'leave_refused', dept: d.dept, ref: x.ref });
    p.refusal = new UserError(
      'not_done',
      '事不完，人不走：本部门任务尚未办结，街道放行前不能离场',
      'Your part is not done: you cannot leave until it is done or the street releases you',
    );
  },

  accept(s, x, p) {
    if (s.c.status === 'accepted') throw new AlreadyDone('已验收', 'Already accepted');
    if (s.c.status !== 'resolved') {
      caseMustBe(s, ['resolved']);
    }
    p.patchCase({ status: 'accepted', closed_at: at(x) });
    p.presenceClose.push(...s.depts.map((d) => ({ dept: d.dept })));
    p.log({ actor: x.actor, action: 'accept', ref: x.ref, note: formText(x.form, 'note') });
    p.done('已验收结案，请为各部门评分', 'Accepted and closed; please rate the departments');
  },

  reject(s, x, p) {
    if (s.c.status === 'reopened') throw new AlreadyDone('已退回', 'Already sent back');
    caseMustBe(s, ['resolved']);
    const reason = need(formText(x.form, 'reason'), '退回需填写理由', 'Give a reason to send it back');
    const { arriveBy, resolveBy } = deadlinesFor({ ...s, c: { ...s.c, deadline: null } }, x.roster, x.now);
    p.patchCase({ status: 'reopened' });
    for (const d of s.depts.filter((r) => r.status === 'done')) {
      p.patchDept(d.dept, {
        status: 'summoned',
        summoned_at: at(x),
        arrive_by: arriveBy,
        resolve_by: resolveBy,
        arrived_at: null,
        arrived_by: null,
        done_at: null,
        escalation_step: 0,
        reminded: 0,
        sent_back: d.sent_back + 1,
      });
      p.summon.add(d.dept);
    }
    p.log({ actor: x.actor, action: 'reject', note: reason, ref: x.ref });
    p.done('已退回，相关部门已重新召集', 'Sent back; the departments were summoned again');
  },

  release(s, x, p) {
    caseMustBe(s, ['whistled', 'reopened', 'resolved']);
    const dept = need(x.dept ?? formText(x.form, 'dept'), '请选择要放行的部门', 'Choose the department to release');
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
    const dept = x.dept ?? formText(x.form, 'dept');
    const targets = s.depts.filter((d) => ACTIVE_DEPT.includes(d.status as DeptStatus) && (!dept || d.dept === dept));
    if (targets.length === 0) throw new UserError('nothing', '没有需要催办的部门', 'No department to nudge');
    for (const d of targets) {
      p.notices.push({ kind: 'nudge', dept: d.dept, to: 'contacts' });
      p.log({ actor: x.actor, action: 'nudge', dept: d.dept, ref: x.ref });
    }
    p.done(`已催办${targets.length}个部门`, `Nudged ${targets.length} department(s)`);
  },

  add_dept(s, x, p) {
    caseMustBe(s, ['whistled', 'reopened', 'resolved']);
    const dept = need(formText(x.form, 'dept') ?? x.dept, '请选择要增派的部门', 'Choose the department to add');
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
      escalationStep(p, d.dept, i, ladder[i]!, x.actor, x.ref);
    }
    p.done('已升级督办', 'Escalated');
  },

  /** 联合联动哨: each department gets its own task and deadline. */
  set_task(s, x, p) {
    caseMustBe(s, ['whistled', 'reopened']);
    const dept = need(formText(x.form, 'dept') ?? x.dept, '请选择部门', 'Choose the department');
    const d = activeDept(s, { ...x, dept });
    const task = need(formText(x.form, 'note'), '请填写该部门的任务', "Write the department's task");
    const deadlineIn = formText(x.form, 'deadline', 40);
    const due = deadlineIn ? parseDeadline(deadlineIn, x.now, x.roster.timezone) : undefined;
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

  extend(s, x, p) {
    caseMustBe(s, ['whistled', 'reopened']);
    const d = activeDept(s, x);
    if (s.requests.some((r) => r.dept === d.dept && r.kind === 'extension' && r.status === 'pending')) {
      throw new AlreadyDone('已申请延期，等待街道审批', 'Extension already requested');
    }
    const reason = need(formText(x.form, 'reason'), '延期需填写理由', 'Give a reason for more time');
    const hours = Number(formText(x.form, 'hours') ?? '24');
    if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30)
      throw new UserError('bad_hours', '延期时长无效', 'Invalid extension');
    p.newRequests.push({
      id: `rq-${randomUUID().slice(0, 12)}`,
      dept: d.dept,
      kind: 'extension',
      reason,
      extendMs: hours * 3600_000,
      by: x.actor,
    });
    p.log({ actor: x.actor, action: 'extension_request', dept: d.dept, note: `${hours}h: ${reason}`, ref: x.ref });
    p.notices.push({ kind: 'extension_request', dept: d.dept, to: 'street' });
    p.done('延期申请已提交', 'Extension requested');
  },

  presence_ok(s, x, p) {
    const d = deptRow(s, x);
    const row = s.presence.find((r) => r.dept === d.dept && r.user_id === x.actor && !r.until);
    if (!row) throw new UserError('not_on_site', '您未在此案件现场报到', 'You are not checked in on this case');
    p.presenceOpen.push({ dept: d.dept, user: x.actor });
    p.log({ actor: x.actor, action: 'presence_ok', dept: d.dept, ref: x.ref });
    p.done('已确认在场', 'Presence confirmed');
  },

  handover(s, x, p) {
    caseMustBe(s, ['whistled', 'reopened', 'resolved']);
    const d = activeDept(s, x);
    const to = need(formText(x.form, 'user'), '请选择交接给谁', 'Choose who takes over');
    if (!x.roster.actsFor(to, d.dept))
      throw new UserError('bad_user', '交接对象不是本部门联络人', 'That person is not a contact of your department');
    p.presenceClose.push({ dept: d.dept, user: x.actor });
    p.presenceOpen.push({ dept: d.dept, user: to });
    p.patchDept(d.dept, { arrived_by: to });
    p.log({ actor: x.actor, action: 'handover', dept: d.dept, note: to, ref: x.ref });
    p.done('已交接', 'Handed over');
  },

  rate(s, x, p) {
    caseMustBe(s, ['accepted']);
    const dept = need(formText(x.form, 'dept') ?? x.dept, '请选择要评价的部门', 'Choose the department to rate');
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

/** One rung of the escalation ladder: who hears, with which urgents, and the case becomes 重点督办. */
export function escalationStep(
  p: Plan,
  dept: string,
  i: number,
  step: { to: 'head' | 'leaders' | 'district'; urgent: ('app' | 'sms' | 'phone')[] },
  actor: string,
  ref?: string,
): void {
  p.notices.push({ kind: 'escalate', dept, to: step.to, urgent: step.to === 'head' ? step.urgent : [] });
  p.patchDept(dept, { escalation_step: i + 1 });
  p.patchCase({ overdue: true });
  p.log({ actor, action: 'escalate', dept, note: `${i + 1}: ${step.to}`, ref });
}

function pending(s: CaseState, x: Ctx, kind: string) {
  caseMustBe(s, ['whistled', 'reopened', 'resolved']);
  const r = s.requests.find((q) => (x.req ? q.id === x.req : q.dept === x.dept) && q.kind === kind);
  if (!r) throw new UserError('no_request', '找不到这个申请', 'No such request');
  if (r.status !== 'pending') throw new AlreadyDone('该申请已处理', 'This request was already decided');
  return r;
}

/** The one place where transitions are validated: returns what the action changes, or throws the refusal. */
export async function decide(action: ActionName, s: CaseState, x: Ctx): Promise<Plan> {
  const p = new Plan();
  await rules[action](s, x, p);
  return p;
}
