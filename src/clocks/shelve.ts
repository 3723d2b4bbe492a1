import { AlreadyDone, UserError } from '../errors.js';
import { formatTime, zonedInstant } from '../i18n/time.js';
import { parseMeetingTime } from '../joint/meeting.js';
import { formText } from '../whistle/action-value.js';
import { ACTIVE_DEPT, type DeptStatus } from '../whistle/model.js';
import type { Plan } from '../whistle/plan.js';
import { at, caseMustBe, need, type Rule } from '../whistle/rules/common.js';
import type { CaseState } from '../whistle/store.js';

/** 挂账 (issue 20): a case the street cannot finish now (a court ruling, a season, funds) is shelved, only by the
 * street (its cadres and leaders: the street's approval) and only with a reason and a review date within the
 * roster's `shelve_max`. While shelved its departments' clocks stand still; on the review date (or when the street
 * takes it up again, `unshelve`) every deadline moves on by the time it stood, and the street is told. */

const DAY_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2027-03-01" (that morning, 09:00 in the roster's zone), "2027-03-01 10:00", or words (下周一, 3月1日). */
function reviewDate(text: string, now: number, tz: string): number | undefined {
  const d = DAY_ONLY.exec(text.trim());
  if (d) return zonedInstant(tz, Number(d[1]), Number(d[2]), Number(d[3]), 9, 0);
  return parseMeetingTime(text, now, tz);
}

export const shelve: Rule = (s, x, p) => {
  caseMustBe(s, ['whistled', 'reopened']);
  if (s.caseRow.shelved_at) throw new AlreadyDone('案件已挂账', 'This case is already shelved');
  const reason = need(formText(x.form, 'reason', 300), '挂账需填写理由', 'Give the reason for shelving');
  const text = need(
    formText(x.form, 'deadline', 40),
    '挂账需填写复核日期（填在“时限”栏，如 2027-03-01）',
    'Give the review date (in the deadline field, e.g. 2027-03-01)',
  );
  const review = reviewDate(text, x.now, x.roster.timezone);
  const max = x.roster.data.defaults.shelve_max;
  if (review === undefined || review <= x.now || review > x.now + max)
    throw new UserError(
      'bad_review',
      `复核日期须在今后 ${Math.round(max / 86_400_000)} 天之内，如 2027-03-01`,
      `The review date must be within the next ${Math.round(max / 86_400_000)} days, e.g. 2027-03-01`,
    );
  p.patchCase({ shelved_at: at(x), shelved_by: x.actor, shelve_reason: reason, shelve_review: new Date(review) });
  p.allCards = true;
  const when = formatTime(review, x.roster.timezone, x.now);
  p.log({ actor: x.actor, action: 'shelve', note: `${when.zh}: ${reason}`, ref: x.ref });
  p.done(`已挂账，${when.zh}复核`, `Shelved until ${when.en}`);
};

export const unshelve: Rule = (s, x, p) => {
  if (!s.caseRow.shelved_at) throw new AlreadyDone('案件未挂账', 'This case is not shelved');
  resume(s, p, x.now);
  p.log({ actor: x.actor, action: 'unshelve', ref: x.ref });
  p.done('已恢复办理，时限顺延', 'Taken up again; deadlines moved on');
};

/** Ends the shelving: every open department's deadlines move on by the time the case stood. */
export function resume(s: CaseState, p: Plan, now: number): void {
  const stood = Math.max(0, now - (s.caseRow.shelved_at?.getTime() ?? now));
  for (const d of s.depts) {
    if (!ACTIVE_DEPT.includes(d.status as DeptStatus)) continue;
    const move = (t: Date | null) => (t ? new Date(t.getTime() + stood) : t);
    p.patchDept(d.dept, { arrive_by: move(d.arrive_by), resolve_by: move(d.resolve_by) });
  }
  const stageDue = s.caseRow.stage_due
    ? new Date(s.caseRow.stage_due.getTime() + stood)
    : (s.caseRow.stage_due ?? null);
  p.patchCase({ shelved_at: null, shelved_by: null, shelve_review: null, stage_due: stageDue });
  p.allCards = true;
}
