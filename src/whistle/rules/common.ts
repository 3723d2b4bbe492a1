import { AlreadyDone, UserError } from '../../errors.js';
import type { Roster } from '../../roster/roster.js';
import type { Kind } from '../../roster/roster-schema.js';
import { ACTIVE_DEPT, type CaseStatus, type DeptStatus } from '../model.js';
import type { Plan } from '../plan.js';
import type { CaseState } from '../store.js';

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

export type Rule = (s: CaseState, x: Ctx, p: Plan) => void | Promise<void>;

export const at = (x: Ctx) => new Date(x.now);
export const isOpen = (st: string) => st === 'whistled' || st === 'reopened' || st === 'resolved';
export const deptName = (r: Roster, id: string) => r.department(id)?.name ?? id;

export function need(value: string | undefined, zh: string, en: string): string {
  if (!value) throw new UserError('missing_input', zh, en);
  return value;
}

export function caseMustBe(s: CaseState, allowed: CaseStatus[]): void {
  const st = s.c.status as CaseStatus;
  if (allowed.includes(st)) return;
  if (st === 'cancelled') throw new UserError('closed', '案件已撤销', 'This case was cancelled');
  if (st === 'accepted') throw new UserError('closed', '案件已验收结案', 'This case is closed');
  if (st === 'draft') throw new UserError('draft', '案件尚未吹哨', 'This case has not been whistled yet');
  throw new UserError('bad_state', '案件当前状态不允许此操作', 'This cannot be done in the case’s current state');
}

export function deptRow(s: CaseState, x: Ctx) {
  const d = s.depts.find((r) => r.dept === x.dept);
  if (!d || d.status === 'proposed') {
    throw new UserError('not_on_case', '本部门不在此案件中', 'Your department is not on this case');
  }
  return d;
}

export function activeDept(s: CaseState, x: Ctx) {
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
  const w = roster.deadlines(s.c.category, s.c.kind as Kind, now);
  let resolve = w.resolveBy;
  const asked = s.c.deadline?.getTime();
  if (asked && asked > now) resolve = asked;
  const arrive = Math.min(w.arriveBy, resolve);
  return { arriveBy: new Date(arrive), resolveBy: new Date(resolve) };
}

/** Applies "nothing left open → resolved" after a department finishes or leaves the case. */
export function settle(s: CaseState, p: Plan, x: Ctx): void {
  const status = (d: (typeof s.depts)[number]) => (p.deptPatches.get(d.dept)?.status ?? d.status) as DeptStatus;
  const onCase = s.depts.filter((d) => d.status !== 'proposed');
  const active = onCase.filter((d) => ACTIVE_DEPT.includes(status(d)));
  const extra = p.newDepts.filter((d) => ACTIVE_DEPT.includes(d.status as DeptStatus));
  if (active.length === 0 && extra.length === 0 && p.summon.size === 0) {
    p.patchCase({ status: 'resolved' });
    p.log({ actor: 'bot', action: 'resolved' });
    p.notices.push({ kind: 'resolved', to: 'street' });
    // 联合联动哨: "及时向专班反馈处理结果" once every department's task is done.
    if (s.c.kind === 'joint') {
      const done = onCase.filter((d) => status(d) === 'done');
      const line = (d: (typeof s.depts)[number]) => `${deptName(x.roster, d.dept)}${d.task ? `（${d.task}）` : ''}`;
      p.notices.push({ kind: 'joint_done', to: 'district', note: done.map(line).join('；') });
    }
  } else if (s.c.status === 'resolved') {
    p.patchCase({ status: 'whistled' });
  }
}

/** One rung of the escalation ladder: who hears, with which urgents, and the case becomes 重点督办. The district
 * hears once per case, in one message naming every late department, however many departments reach that rung. */
export function escalationStep(
  p: Plan,
  dept: string,
  i: number,
  step: { to: 'head' | 'leaders' | 'district'; urgent: ('app' | 'sms' | 'phone')[] },
  actor: string,
  ref: string | undefined,
  c: { s: CaseState; roster: Roster; now: number },
): void {
  if (step.to !== 'district') {
    p.notices.push({ kind: 'escalate', dept, to: step.to, urgent: step.to === 'head' ? step.urgent : [] });
  } else if (
    !c.s.c.district_escalated_at &&
    !p.casePatch.district_escalated_at &&
    // Only the kinds the roster sends to the district (defaults.district_kinds) reach it.
    (c.roster.data.defaults.district_kinds as string[]).includes(c.s.c.kind)
  ) {
    const late = c.s.depts.filter((d) => {
      if (d.dept === dept) return true;
      const due = d.status === 'summoned' ? d.arrive_by : d.status === 'arrived' ? d.resolve_by : null;
      return due !== null && due.getTime() < c.now;
    });
    const names = late.map((d) => c.roster.department(d.dept));
    p.notices.push({
      kind: 'escalate_case',
      to: 'district',
      note: names.map((d, j) => d?.name ?? late[j]!.dept).join('、'),
      noteEn: names.map((d, j) => d?.name_en ?? d?.name ?? late[j]!.dept).join(', '),
    });
    p.patchCase({ district_escalated_at: new Date(c.now) });
  }
  p.patchDept(dept, { escalation_step: i + 1 });
  p.patchCase({ overdue: true });
  p.log({ actor, action: 'escalate', dept, note: `${i + 1}: ${step.to}`, ref });
}

export function pending(s: CaseState, x: Ctx, kind: string) {
  caseMustBe(s, ['whistled', 'reopened', 'resolved']);
  const r = s.requests.find((q) => (x.req ? q.id === x.req : q.dept === x.dept) && q.kind === kind);
  if (!r) throw new UserError('no_request', '找不到这个申请', 'No such request');
  if (r.status !== 'pending') throw new AlreadyDone('该申请已处理', 'This request was already decided');
  return r;
}

/** A department asks once: a second request of the same kind while one waits is "already done", not a duplicate. */
export function notAlreadyRequested(s: CaseState, dept: string, kind: string, zh: string, en: string): void {
  if (s.requests.some((r) => r.dept === dept && r.kind === kind && r.status === 'pending'))
    throw new AlreadyDone(zh, en);
}

/** Sent back or reopened (不满意): these departments are summoned again with fresh windows, their clocks restarted
 * and the send-back counted. */
export function summonAgain(s: CaseState, x: Ctx, p: Plan, depts: CaseState['depts']): void {
  const { arriveBy, resolveBy } = deadlinesFor({ ...s, c: { ...s.c, deadline: null } }, x.roster, x.now);
  for (const d of depts) {
    p.patchDept(d.dept, {
      status: 'summoned',
      summoned_at: at(x),
      arrive_by: arriveBy,
      resolve_by: resolveBy,
      arrived_at: null,
      arrived_by: null,
      done_at: null,
      ended_at: null,
      escalation_step: 0,
      reminded: 0,
      sent_back: d.sent_back + 1,
    });
    p.summon.add(d.dept);
  }
}
