import { randomUUID } from 'node:crypto';
import { checkExtension } from '../../clocks/clock-rules.js';
import { AlreadyDone, UserError } from '../../errors.js';
import { firstAskCheck } from '../../transfer-slip/first-ask.js';
import { deptByName } from '../../views/lists.js';
import { formField, formText } from '../action-value.js';
import { ACTIVE_DEPT, type ActionName, type DeptStatus, OPEN_CASE } from '../model.js';
import {
  activeDept,
  at,
  caseMustBe,
  deptName,
  deptRow,
  isOpen,
  markArrived,
  need,
  notAlreadyRequested,
  type Rule,
  settle,
} from './common.js';

/** At most 30 days more per request; a longer delay is a new case or a decision for the street. */
const MAX_EXTENSION_HOURS = 720;

/** What a department's contacts and head do on their summons card. */
export const departmentRules: Partial<Record<ActionName, Rule>> = {
  arrive(state, ctx, plan) {
    caseMustBe(state, OPEN_CASE);
    const d = activeDept(state, ctx);
    if (d.status === 'arrived') throw new AlreadyDone('本部门已报到', 'Your department has already reported in');
    const late = markArrived(plan, d, ctx);
    plan.presenceOpen.push({ dept: d.dept, user: ctx.actor });
    plan.log({ actor: ctx.actor, action: 'arrive', dept: d.dept, ref: ctx.ref, note: late ? 'late' : null });
    plan.done(`${deptName(ctx.roster, d.dept)}已报到`, 'Reported in');
  },

  progress(state, ctx, plan) {
    caseMustBe(state, OPEN_CASE);
    const d = activeDept(state, ctx);
    const note = need(formText(ctx.form, 'note'), '请填写进展说明', 'Write what progress was made');
    plan.touched.add(d.dept);
    plan.log({ actor: ctx.actor, action: 'progress', dept: d.dept, note, ref: ctx.ref });
    plan.done('进展已报告', 'Progress reported');
  },

  done(state, ctx, plan) {
    caseMustBe(state, OPEN_CASE);
    const d = activeDept(state, ctx);
    if (d.status !== 'arrived')
      throw new UserError('not_arrived', '请先报到，再办结', 'Tap 报到 (arrived) before marking done');
    const late = d.resolve_by ? ctx.now > d.resolve_by.getTime() : false;
    plan.patchDept(d.dept, { status: 'done', done_at: at(ctx), resolve_late: late });
    plan.log({ actor: ctx.actor, action: 'done', dept: d.dept, ref: ctx.ref, note: formText(ctx.form, 'note') });
    settle(state, plan, ctx);
    plan.done('本部门任务已办结', "Your department's part is done");
  },

  transfer(state, ctx, plan) {
    caseMustBe(state, ['whistled', 'reopened']);
    const d = activeDept(state, ctx);
    notAlreadyRequested(
      state,
      d.dept,
      'transfer',
      '已申请移交，等待街道审批',
      'Transfer already requested; waiting for the street',
    );
    const target = need(
      formText(ctx.form, 'dept') ?? deptByName(ctx.roster, formText(ctx.form, 'dept_name')),
      '请选择移交给哪个部门',
      'Choose the department to transfer to',
    );
    if (!ctx.roster.department(target) || target === d.dept)
      throw new UserError('bad_dept', '移交对象无效', 'Invalid transfer target');
    if (state.depts.some((o) => o.dept === target && ACTIVE_DEPT.includes(o.status as DeptStatus))) {
      throw new UserError('bad_dept', '该部门已在本案中', 'That department is already on this case');
    }
    const reason = need(
      formField(ctx.form, ['transfer_reason', 'reason']),
      '移交需填写理由',
      'Give a reason for the transfer',
    );
    const basis = need(formText(ctx.form, 'basis'), '移交需填写法律或政策依据', 'Give the legal or policy basis');
    const slip = firstAskCheck(ctx.roster, d, ctx.form, ctx.now);
    plan.newRequests.push({
      ...slip,
      id: `rq-${randomUUID().slice(0, 12)}`,
      dept: d.dept,
      kind: 'transfer',
      reason,
      basis,
      target,
      by: ctx.actor,
    });
    plan.touched.add(d.dept);
    plan.log({
      actor: ctx.actor,
      action: 'transfer_request',
      dept: d.dept,
      note: `→${target}: ${reason}（${basis}）${slip.offsiteReason ? `；未到现场：${slip.offsiteReason}` : ''}`,
      ref: ctx.ref,
    });
    plan.notices.push({ kind: 'transfer_request', dept: d.dept, to: 'street' });
    plan.done('移交申请已提交，等待街道审批', 'Transfer requested; the street will decide');
  },

  leave(state, ctx, plan) {
    const d = deptRow(state, ctx);
    const open = ACTIVE_DEPT.includes(d.status as DeptStatus) && isOpen(state.caseRow.status);
    if (!open) {
      if (!state.presence.some((r) => r.dept === d.dept && !r.until)) throw new AlreadyDone('已离场', 'Already left');
      plan.presenceClose.push({ dept: d.dept });
      plan.touched.add(d.dept);
      plan.log({ actor: ctx.actor, action: 'leave', dept: d.dept, ref: ctx.ref });
      plan.done('已离场，辛苦了', 'Checked out. Thank you');
      return;
    }
    if (ctx.roster.department(d.dept)?.leave_requests) {
      notAlreadyRequested(
        state,
        d.dept,
        'leave',
        '已申请离场，等待街道审批',
        'Leave already requested; waiting for the street',
      );
      const reason = formText(ctx.form, 'reason') ?? formText(ctx.form, 'note');
      plan.newRequests.push({
        id: `rq-${randomUUID().slice(0, 12)}`,
        dept: d.dept,
        kind: 'leave',
        reason,
        by: ctx.actor,
      });
      plan.log({ actor: ctx.actor, action: 'leave_request', dept: d.dept, note: reason, ref: ctx.ref });
      plan.notices.push({ kind: 'leave_request', dept: d.dept, to: 'street' });
      plan.done('离场申请已提交，等待街道审批', 'Leave requested; the street will decide', 'info');
      return;
    }
    // The refusal itself is on the record: leaving early counts against the department.
    plan.log({ actor: ctx.actor, action: 'leave_refused', dept: d.dept, ref: ctx.ref });
    plan.refusal = new UserError(
      'not_done',
      '事不完，人不走：本部门任务尚未办结，街道放行前不能离场',
      'Your part is not done: you cannot leave until it is done or the street releases you',
    );
  },

  extend(state, ctx, plan) {
    caseMustBe(state, ['whistled', 'reopened']);
    const d = activeDept(state, ctx);
    notAlreadyRequested(state, d.dept, 'extension', '已申请延期，等待街道审批', 'Extension already requested');
    const reason = need(formText(ctx.form, 'reason'), '延期需填写理由', 'Give a reason for more time');
    // Whole hours only: a forged "1.1" would give a fractional millisecond count that the bigint column refuses.
    const hoursIn = (formText(ctx.form, 'hours') ?? '24').trim();
    const hours = /^\d{1,4}$/.test(hoursIn) ? Number(hoursIn) : Number.NaN;
    if (!(hours >= 1 && hours <= MAX_EXTENSION_HOURS))
      throw new UserError(
        'bad_hours',
        `延期时长须为 1 到 ${MAX_EXTENSION_HOURS} 之间的整数小时`,
        `An extension is a whole number of hours from 1 to ${MAX_EXTENSION_HOURS}`,
      );
    checkExtension(state, ctx, d.dept, hours);
    plan.newRequests.push({
      id: `rq-${randomUUID().slice(0, 12)}`,
      dept: d.dept,
      kind: 'extension',
      reason,
      extendMs: hours * 3600_000,
      by: ctx.actor,
    });
    plan.log({
      actor: ctx.actor,
      action: 'extension_request',
      dept: d.dept,
      note: `${hours}h: ${reason}`,
      ref: ctx.ref,
    });
    plan.notices.push({ kind: 'extension_request', dept: d.dept, to: 'street' });
    plan.done('延期申请已提交', 'Extension requested');
  },
};
