import type { DeptRow } from '../../db/schema.js';
import { whistledNotices } from '../../emergency/emergency.js';
import { AlreadyDone, UserError } from '../../errors.js';
import { formField, formText } from '../action-value.js';
import {
  type ActionName,
  FEEDBACK_RESULTS,
  type FeedbackResult,
  isLevel,
  LEVEL_LABEL,
  type Level,
  OPEN_CASE,
} from '../model.js';
import type { Plan } from '../plan.js';
import type { CaseState } from '../store.js';
import { at, type Ctx, caseMustBe, deadlinesFor, deptName, type Rule, summonAgain } from './common.js';

/** The level the draft proposes: the classifier's when it gives one; else emergencies and cases needing several
 * departments are whistles, one department is a dispatch. */
export function proposeLevel(kind: string, deptCount: number, classified?: unknown): Level {
  // The draft's own departments outrank the text's wording: a category the street set up with assisting
  // departments (违建: 城管 with 规划) needs several departments, which is a whistle (多部门), not a dispatch.
  if (classified === 'dispatch' && deptCount > 1) return 'whistle';
  if (isLevel(classified)) return classified;
  if (kind === 'emergency' || deptCount > 1) return 'whistle';
  return 'dispatch';
}

/** Summons one department now, whether it waited on the case as proposed or is new to it. */
function summonDept(state: CaseState, ctx: Ctx, plan: Plan, dept: string, role: 'lead' | 'assist'): void {
  const { arriveBy, resolveBy } = deadlinesFor(state, ctx.roster, ctx.now);
  const row = state.depts.find((d) => d.dept === dept);
  if (row?.status === 'proposed')
    plan.patchDept(dept, {
      status: 'summoned',
      role,
      summoned_at: at(ctx),
      arrive_by: arriveBy,
      resolve_by: resolveBy,
    });
  else
    plan.newDepts.push({
      case_id: state.caseRow.id,
      dept,
      role,
      status: 'summoned',
      summoned_at: at(ctx),
      arrive_by: arriveBy,
      resolve_by: resolveBy,
    });
  plan.log({ actor: 'bot', action: 'summon', dept, note: role });
  plan.summon.add(dept);
}

function levelFrom(ctx: Ctx): { level: Level; reason?: string } {
  const given = formText(ctx.form, 'level', 20);
  const reason = formText(ctx.form, 'reason', 200);
  // A confirm without a level is an old card: it whistles, as it did before levels existed.
  if (given === undefined) return { level: 'whistle', reason };
  if (!isLevel(given)) throw new UserError('bad_level', '请选择处置层级', 'Choose a level');
  if (given === 'whistle' && !reason)
    throw new UserError(
      'missing_input',
      '街道吹哨需说明理由：无权限、无资源、多部门、有争议或应急',
      'A street whistle needs a reason: no authority, no resources, several departments, disputed or emergency',
    );
  return { level: given, reason };
}

export const levelRules: Partial<Record<ActionName, Rule>> = {
  async confirm(state, ctx, plan) {
    if (state.caseRow.status !== 'draft') {
      if (state.caseRow.status === 'cancelled') throw new UserError('closed', '草稿已取消', 'This draft was cancelled');
      throw new AlreadyDone('已吹哨', 'Already whistled');
    }
    const { level, reason } = levelFrom(ctx);
    const proposed = state.depts.filter((d) => d.status === 'proposed');
    const lead = proposed.find((d) => d.role === 'lead');
    if (!lead && level !== 'grid') {
      throw new UserError(
        'no_lead',
        '请先在“修改”中选择类别或主责部门',
        'Choose a category or a lead department under Edit first',
      );
    }
    const number = await ctx.nextNumber();
    // The grid's own clock: the draft's deadline, else the category's resolve window.
    const deadline =
      level === 'grid'
        ? (state.caseRow.deadline ?? deadlinesFor(state, ctx.roster, ctx.now).resolveBy)
        : state.caseRow.deadline;
    plan.patchCase({
      status: 'whistled',
      number,
      whistled_at: at(ctx),
      level,
      level_reason: reason ?? (state.caseRow.kind === 'emergency' && level === 'whistle' ? '应急' : null),
      deadline,
    });
    plan.log({ actor: ctx.actor, action: 'confirm', ref: ctx.ref, note: number });
    plan.log({ actor: ctx.actor, action: 'level', note: reason ? `${level} ${reason}` : level });
    const summoned = level === 'grid' ? [] : level === 'dispatch' ? [lead!] : proposed;
    for (const d of summoned) summonDept(state, ctx, plan, d.dept, d.role as 'lead' | 'assist');
    // An emergency reaches the leaders and the district at once; a joint whistle is reported to the district.
    if (level !== 'grid') whistledNotices(state, plan);
    const l = LEVEL_LABEL[level];
    if (level === 'grid') plan.done(`已受理 ${number}（${l.zh}）`, `Accepted ${number} (${l.en})`);
    else
      plan.done(
        `已${level === 'whistle' ? '吹哨' : '派单'} ${number}，已召集${summoned.length}个部门`,
        `${level === 'whistle' ? 'Whistled' : 'Dispatched'} ${number}; ${summoned.length} department(s) summoned`,
      );
  },

  /** Moves a case up one level (grid → dispatch → whistle), summoning whoever the new level adds; the history
   * (and every department already on the case) stays. */
  raise(state, ctx, plan) {
    caseMustBe(state, OPEN_CASE);
    const from = (isLevel(state.caseRow.level) ? state.caseRow.level : 'whistle') as Level;
    if (from === 'whistle') throw new AlreadyDone('已是街道吹哨', 'This is already a street whistle');
    const to: Level = from === 'grid' ? 'dispatch' : 'whistle';
    const reason = formText(ctx.form, 'reason', 200);
    const picked = formText(ctx.form, 'dept') ?? ctx.dept;
    if (picked && !ctx.roster.department(picked)) throw new UserError('bad_dept', '没有这个部门', 'Unknown department');
    const onCase = (d: DeptRow) => d.status !== 'proposed';
    const adds: { dept: string; role: 'lead' | 'assist' }[] = [];
    if (to === 'dispatch') {
      const lead = picked ?? state.depts.find((d) => d.role === 'lead' && !onCase(d))?.dept;
      if (!lead) throw new UserError('no_lead', '请选择主责部门', 'Choose the lead department');
      adds.push({ dept: lead, role: 'lead' });
    } else {
      for (const d of state.depts) if (d.status === 'proposed') adds.push({ dept: d.dept, role: 'assist' });
      if (picked && !state.depts.some((d) => d.dept === picked && onCase(d)) && !adds.some((a) => a.dept === picked))
        adds.push({ dept: picked, role: 'assist' });
    }
    plan.patchCase({ level: to, level_reason: reason ?? state.caseRow.level_reason });
    for (const a of adds) summonDept(state, ctx, plan, a.dept, a.role);
    if (adds.length && state.caseRow.status === 'resolved') plan.patchCase({ status: 'whistled' });
    plan.log({ actor: ctx.actor, action: 'raise', note: `${from}→${to}${reason ? ` ${reason}` : ''}`, ref: ctx.ref });
    const names = adds.map((a) => deptName(ctx.roster, a.dept)).join('、');
    plan.done(
      `已升级为${LEVEL_LABEL[to].zh}${names ? `，已召集${names}` : ''}`,
      `Raised to ${LEVEL_LABEL[to].en}${adds.length ? `; ${adds.length} department(s) summoned` : ''}`,
    );
  },

  /** 回访: the resident's answer after acceptance; 不满意 reopens the case like a send-back. */
  feedback(state, ctx, plan) {
    caseMustBe(state, ['accepted']);
    if (state.caseRow.feedback_at && state.caseRow.closed_at && state.caseRow.feedback_at >= state.caseRow.closed_at)
      throw new AlreadyDone('已记录回访结果', 'The call-back was already recorded');
    const result = formText(ctx.form, 'result', 40);
    if (!(FEEDBACK_RESULTS as readonly (string | undefined)[]).includes(result))
      throw new UserError(
        'bad_result',
        '请选择回访结果：满意、基本满意或不满意',
        'Choose the result: satisfied, basically satisfied or unsatisfied',
      );
    const note = formField(ctx.form, ['feedback_note', 'note']) ?? null;
    plan.patchCase({ feedback_result: result as FeedbackResult, feedback_note: note, feedback_at: at(ctx) });
    plan.log({ actor: ctx.actor, action: 'feedback', note: note ? `${result} ${note}` : result, ref: ctx.ref });
    if (result !== 'unsatisfied') return void plan.done('已记录回访结果', 'Call-back recorded');
    reopen(state, ctx, plan);
    plan.done('群众不满意，案件已重新办理', 'The resident is not satisfied; the case is reopened');
  },
};

/** As a send-back: the departments that finished are summoned again with fresh windows. */
function reopen(state: CaseState, ctx: Ctx, plan: Plan): void {
  let again = state.depts.filter((d) => d.status === 'done');
  if (again.length === 0 && state.caseRow.level !== 'grid')
    again = state.depts.filter((d) => d.role === 'lead' && ['released', 'left'].includes(d.status));
  plan.patchCase({ status: 'reopened', closed_at: null });
  summonAgain(state, ctx, plan, again);
  // A grid case goes back to the street with a fresh deadline of its own.
  if (state.caseRow.level === 'grid')
    plan.patchCase({
      deadline: deadlinesFor({ ...state, caseRow: { ...state.caseRow, deadline: null } }, ctx.roster, ctx.now)
        .resolveBy,
    });
  plan.log({ actor: 'bot', action: 'reopen', note: 'unsatisfied' });
}
