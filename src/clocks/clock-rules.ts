import type { DeptRow } from '../db/schema.js';
import { AlreadyDone, UserError } from '../errors.js';
import { formText } from '../whistle/action-value.js';
import { activeDept, at, type Ctx, caseMustBe, deptName, type Rule } from '../whistle/rules/common.js';
import type { CaseState } from '../whistle/store.js';
import { current, mustContact, signed } from './windows.js';

const OPEN = ['whistled', 'reopened', 'resolved'] as const;

/** 签收: the department acknowledges the summons (someone has it in hand) before anyone is on site. `arrive`
 * needs no 签收 first: reporting in acknowledges too. */
export const sign: Rule = (s, x, p) => {
  caseMustBe(s, [...OPEN]);
  const d = activeDept(s, x);
  if (signed(d)) throw new AlreadyDone('本部门已签收', 'Your department has already acknowledged');
  p.patchDept(d.dept, { signed_at: at(x), signed_by: x.actor });
  p.log({ actor: x.actor, action: 'sign', dept: d.dept, ref: x.ref, note: lateNote(d, 'sign_late_at') });
  p.done(`${deptName(x.roster, d.dept)}已签收`, 'Acknowledged');
};

/** 联系: the lead department has contacted the reporter (form field `note`: how, what was agreed). */
export const contact: Rule = (s, x, p) => {
  caseMustBe(s, [...OPEN]);
  const d = activeDept(s, x);
  if (!mustContact(s, d))
    throw new UserError('no_reporter', '本案没有需要联系的诉求人', 'This case has no reporter for you to contact');
  if (current(d, d.contacted_at)) throw new AlreadyDone('已记录联系诉求人', 'The contact is already recorded');
  p.patchDept(d.dept, { contacted_at: at(x), contacted_by: x.actor });
  const note = formText(x.form, 'note');
  p.log({ actor: x.actor, action: 'contact', dept: d.dept, ref: x.ref, note: note ?? lateNote(d, 'contact_late_at') });
  p.done('已记录联系诉求人', 'Contact with the reporter recorded');
};

/** "late" when the clock already ran out for this summons, so the timeline says so. */
function lateNote(d: DeptRow, key: 'sign_late_at' | 'contact_late_at'): string | null {
  return current(d, d[key]) ? 'late' : null;
}

/** The roster's cap on extensions (count per department and case, longest one), checked when a department asks:
 * a request beyond it is refused at once rather than left for the street to refuse. */
export function checkExtension(s: CaseState, x: Ctx, dept: string, hours: number): void {
  const d = x.roster.data.defaults;
  const asked = s.requests.filter((r) => r.dept === dept && r.kind === 'extension' && r.status !== 'denied').length;
  if (asked >= d.extensions)
    throw new UserError(
      'extension_cap',
      `本案延期已达上限（${d.extensions} 次），请按时办结或由街道处理`,
      `This case has had its ${d.extensions} extension(s); finish in time or ask the street`,
    );
  const max = Math.floor(d.extension_max / 3_600_000);
  if (hours > max)
    throw new UserError(
      'extension_too_long',
      `单次延期不得超过 ${max} 小时`,
      `One extension may be at most ${max} hours`,
    );
}
