import { AlreadyDone, UserError } from '../../errors.js';
import { jointDone } from '../../joint/result.js';
import type { Roster } from '../../roster/roster.js';
import type { Kind } from '../../roster/roster-schema.js';
import { ACTIVE_DEPT, type CaseStatus, type DeptStatus, OPEN_CASE } from '../model.js';
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

export type Rule = (state: CaseState, ctx: Ctx, plan: Plan) => void | Promise<void>;

export const at = (ctx: Ctx) => new Date(ctx.now);
export const isOpen = (st: string) => (OPEN_CASE as string[]).includes(st);
export const deptName = (r: Roster, id: string) => r.department(id)?.name ?? id;

export function need(value: string | undefined, zh: string, en: string): string {
  if (!value) throw new UserError('missing_input', zh, en);
  return value;
}

export function caseMustBe(state: CaseState, allowed: CaseStatus[]): void {
  const st = state.caseRow.status as CaseStatus;
  if (allowed.includes(st)) return;
  if (st === 'cancelled') throw new UserError('closed', '案件已撤销', 'This case was cancelled');
  if (st === 'accepted') throw new UserError('closed', '案件已验收结案', 'This case is closed');
  if (st === 'draft') throw new UserError('draft', '案件尚未吹哨', 'This case has not been whistled yet');
  throw new UserError('bad_state', '案件当前状态不允许此操作', 'This cannot be done in the case’s current state');
}

export function deptRow(state: CaseState, ctx: Ctx) {
  const d = state.depts.find((r) => r.dept === ctx.dept);
  if (!d || d.status === 'proposed') {
    throw new UserError('not_on_case', '本部门不在此案件中', 'Your department is not on this case');
  }
  return d;
}

export function activeDept(state: CaseState, ctx: Ctx) {
  const d = deptRow(state, ctx);
  if (d.status === 'done') throw new AlreadyDone('本部门任务已办结', "Your department's part is already done");
  if (d.status === 'transferred')
    throw new UserError('transferred', '本案已移交其他部门', 'This case was transferred away from you');
  if (d.status === 'released' || d.status === 'left')
    throw new UserError('released', '街道已放行本部门', 'The street has released your department');
  return d;
}

/** Windows for a department summoned now: category windows, or the draft's own deadline where it is sooner. */
export function deadlinesFor(state: CaseState, roster: Roster, now: number): { arriveBy: Date; resolveBy: Date } {
  const w = roster.deadlines(state.caseRow.category, state.caseRow.kind as Kind, now);
  let resolve = w.resolveBy;
  const asked = state.caseRow.deadline?.getTime();
  if (asked && asked > now) resolve = asked;
  const arrive = Math.min(w.arriveBy, resolve);
  return { arriveBy: new Date(arrive), resolveBy: new Date(resolve) };
}

/** Applies "nothing left open → resolved" after a department finishes or leaves the case. */
export function settle(state: CaseState, plan: Plan, ctx: Ctx): void {
  const status = (d: (typeof state.depts)[number]) => (plan.deptPatches.get(d.dept)?.status ?? d.status) as DeptStatus;
  const onCase = state.depts.filter((d) => d.status !== 'proposed');
  const active = onCase.filter((d) => ACTIVE_DEPT.includes(status(d)));
  const extra = plan.newDepts.filter((d) => ACTIVE_DEPT.includes(d.status as DeptStatus));
  if (active.length === 0 && extra.length === 0 && plan.summon.size === 0) {
    plan.patchCase({ status: 'resolved' });
    plan.log({ actor: 'bot', action: 'resolved' });
    plan.notices.push({ kind: 'resolved', to: 'street' });
    // 联合联动哨: "及时向专班反馈处理结果" once every department's task is done (src/joint/result.ts).
    jointDone(state, plan, ctx);
  } else if (state.caseRow.status === 'resolved') {
    plan.patchCase({ status: 'whistled' });
  }
}

export function pending(state: CaseState, ctx: Ctx, kind: string) {
  caseMustBe(state, OPEN_CASE);
  const r = state.requests.find((q) => (ctx.req ? q.id === ctx.req : q.dept === ctx.dept) && q.kind === kind);
  if (!r) throw new UserError('no_request', '找不到这个申请', 'No such request');
  if (r.status !== 'pending') throw new AlreadyDone('该申请已处理', 'This request was already decided');
  return r;
}

/** A department asks once: a second request of the same kind while one waits is "already done", not a duplicate. */
export function notAlreadyRequested(state: CaseState, dept: string, kind: string, zh: string, en: string): void {
  if (state.requests.some((r) => r.dept === dept && r.kind === kind && r.status === 'pending'))
    throw new AlreadyDone(zh, en);
}

/** Sent back or reopened (不满意): these departments are summoned again with fresh windows, their clocks restarted
 * and the send-back counted. */
export function summonAgain(state: CaseState, ctx: Ctx, plan: Plan, depts: CaseState['depts']): void {
  const { arriveBy, resolveBy } = deadlinesFor(
    { ...state, caseRow: { ...state.caseRow, deadline: null } },
    ctx.roster,
    ctx.now,
  );
  for (const d of depts) {
    plan.patchDept(d.dept, {
      status: 'summoned',
      summoned_at: at(ctx),
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
    plan.summon.add(d.dept);
  }
}

/** A department reports in (报到) at the action's time, late or not against its arrival deadline: the ladder and
 * the reminders start over. Returns whether it was late. Used by 报到 on site and by 到会 at a joint meeting. */
export function markArrived(plan: Plan, d: CaseState['depts'][number], ctx: Ctx): boolean {
  const late = d.arrive_by ? ctx.now > d.arrive_by.getTime() : false;
  plan.patchDept(d.dept, {
    status: 'arrived',
    arrived_at: at(ctx),
    arrived_by: ctx.actor,
    arrive_late: late,
    escalation_step: 0,
    reminded: 0,
  });
  return late;
}
