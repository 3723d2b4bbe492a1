import type { DeptRow } from '../../db/schema.js';
import { whistledNotices } from '../../emergency/emergency.js';
import { AlreadyDone, UserError } from '../../errors.js';
import { formField, formText } from '../action-value.js';
import { type ActionName, FEEDBACK_RESULTS, type FeedbackResult, isLevel, LEVEL_LABEL, type Level } from '../model.js';
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
function summonDept(s: CaseState, x: Ctx, p: Plan, dept: string, role: 'lead' | 'assist'): void {
  const { arriveBy, resolveBy } = deadlinesFor(s, x.roster, x.now);
  const row = s.depts.find((d) => d.dept === dept);
  if (row?.status === 'proposed')
    p.patchDept(dept, { status: 'summoned', role, summoned_at: at(x), arrive_by: arriveBy, resolve_by: resolveBy });
  else
    p.newDepts.push({
      case_id: s.c.id,
      dept,
      role,
      status: 'summoned',
      summoned_at: at(x),
      arrive_by: arriveBy,
      resolve_by: resolveBy,
    });
  p.log({ actor: 'bot', action: 'summon', dept, note: role });
  p.summon.add(dept);
}

function levelFrom(x: Ctx): { level: Level; reason?: string } {
  const given = formText(x.form, 'level', 20);
  const reason = formText(x.form, 'reason', 200);
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
  async confirm(s, x, p) {
    if (s.c.status !== 'draft') {
      if (s.c.status === 'cancelled') throw new UserError('closed', '草稿已取消', 'This draft was cancelled');
      throw new AlreadyDone('已吹哨', 'Already whistled');
    }
    const { level, reason } = levelFrom(x);
    const proposed = s.depts.filter((d) => d.status === 'proposed');
    const lead = proposed.find((d) => d.role === 'lead');
    if (!lead && level !== 'grid') {
      throw new UserError(
        'no_lead',
        '请先在“修改”中选择类别或主责部门',
        'Choose a category or a lead department under Edit first',
      );
    }
    const number = await x.nextNumber();
    // The grid's own clock: the draft's deadline, else the category's resolve window.
    const deadline = level === 'grid' ? (s.c.deadline ?? deadlinesFor(s, x.roster, x.now).resolveBy) : s.c.deadline;
    p.patchCase({
      status: 'whistled',
      number,
      whistled_at: at(x),
      level,
      level_reason: reason ?? (s.c.kind === 'emergency' && level === 'whistle' ? '应急' : null),
      deadline,
    });
    p.log({ actor: x.actor, action: 'confirm', ref: x.ref, note: number });
    p.log({ actor: x.actor, action: 'level', note: reason ? `${level} ${reason}` : level });
    const summoned = level === 'grid' ? [] : level === 'dispatch' ? [lead!] : proposed;
    for (const d of summoned) summonDept(s, x, p, d.dept, d.role as 'lead' | 'assist');
    // An emergency reaches the leaders and the district at once; a joint whistle is reported to the district.
    if (level !== 'grid') whistledNotices(s, p);
    const l = LEVEL_LABEL[level];
    if (level === 'grid') p.done(`已受理 ${number}（${l.zh}）`, `Accepted ${number} (${l.en})`);
    else
      p.done(
        `已${level === 'whistle' ? '吹哨' : '派单'} ${number}，已召集${summoned.length}个部门`,
        `${level === 'whistle' ? 'Whistled' : 'Dispatched'} ${number}; ${summoned.length} department(s) summoned`,
      );
  },

  /** Moves a case up one level (grid → dispatch → whistle), summoning whoever the new level adds; the history
   * (and every department already on the case) stays. */
  raise(s, x, p) {
    caseMustBe(s, ['whistled', 'reopened', 'resolved']);
    const from = (isLevel(s.c.level) ? s.c.level : 'whistle') as Level;
    if (from === 'whistle') throw new AlreadyDone('已是街道吹哨', 'This is already a street whistle');
    const to: Level = from === 'grid' ? 'dispatch' : 'whistle';
    const reason = formText(x.form, 'reason', 200);
    const picked = formText(x.form, 'dept') ?? x.dept;
    if (picked && !x.roster.department(picked)) throw new UserError('bad_dept', '没有这个部门', 'Unknown department');
    const onCase = (d: DeptRow) => d.status !== 'proposed';
    const adds: { dept: string; role: 'lead' | 'assist' }[] = [];
    if (to === 'dispatch') {
      const lead = picked ?? s.depts.find((d) => d.role === 'lead' && !onCase(d))?.dept;
      if (!lead) throw new UserError('no_lead', '请选择主责部门', 'Choose the lead department');
      adds.push({ dept: lead, role: 'lead' });
    } else {
      for (const d of s.depts) if (d.status === 'proposed') adds.push({ dept: d.dept, role: 'assist' });
      if (picked && !s.depts.some((d) => d.dept === picked && onCase(d)) && !adds.some((a) => a.dept === picked))
        adds.push({ dept: picked, role: 'assist' });
    }
    p.patchCase({ level: to, level_reason: reason ?? s.c.level_reason });
    for (const a of adds) summonDept(s, x, p, a.dept, a.role);
    if (adds.length && s.c.status === 'resolved') p.patchCase({ status: 'whistled' });
    p.log({ actor: x.actor, action: 'raise', note: `${from}→${to}${reason ? ` ${reason}` : ''}`, ref: x.ref });
    const names = adds.map((a) => deptName(x.roster, a.dept)).join('、');
    p.done(
      `已升级为${LEVEL_LABEL[to].zh}${names ? `，已召集${names}` : ''}`,
      `Raised to ${LEVEL_LABEL[to].en}${adds.length ? `; ${adds.length} department(s) summoned` : ''}`,
    );
  },

  /** 回访: the resident's answer after acceptance; 不满意 reopens the case like a send-back. */
  feedback(s, x, p) {
    caseMustBe(s, ['accepted']);
    if (s.c.feedback_at && s.c.closed_at && s.c.feedback_at >= s.c.closed_at)
      throw new AlreadyDone('已记录回访结果', 'The call-back was already recorded');
    const result = formText(x.form, 'result', 40);
    if (!(FEEDBACK_RESULTS as readonly (string | undefined)[]).includes(result))
      throw new UserError(
        'bad_result',
        '请选择回访结果：满意、基本满意或不满意',
        'Choose the result: satisfied, basically satisfied or unsatisfied',
      );
    const note = formField(x.form, ['feedback_note', 'note']) ?? null;
    p.patchCase({ feedback_result: result as FeedbackResult, feedback_note: note, feedback_at: at(x) });
    p.log({ actor: x.actor, action: 'feedback', note: note ? `${result} ${note}` : result, ref: x.ref });
    if (result !== 'unsatisfied') return void p.done('已记录回访结果', 'Call-back recorded');
    reopen(s, x, p);
    p.done('群众不满意，案件已重新办理', 'The resident is not satisfied; the case is reopened');
  },
};

/** As a send-back: the departments that finished are summoned again with fresh windows. */
function reopen(s: CaseState, x: Ctx, p: Plan): void {
  let again = s.depts.filter((d) => d.status === 'done');
  if (again.length === 0 && s.c.level !== 'grid')
    again = s.depts.filter((d) => d.role === 'lead' && ['released', 'left'].includes(d.status));
  p.patchCase({ status: 'reopened', closed_at: null });
  summonAgain(s, x, p, again);
  // A grid case goes back to the street with a fresh deadline of its own.
  if (s.c.level === 'grid')
    p.patchCase({ deadline: deadlinesFor({ ...s, c: { ...s.c, deadline: null } }, x.roster, x.now).resolveBy });
  p.log({ actor: 'bot', action: 'reopen', note: 'unsatisfied' });
}
