import type { Span } from '../calendar/working-time.js';
import type { DeptRow } from '../db/schema.js';
import { UserError } from '../errors.js';
import { formatDeadline } from '../i18n/time.js';
import type { Roster } from '../roster/roster.js';
import { formField, formText } from '../whistle/action-value.js';

/** 首问协查 as seed 002 (002_*.txt) describes it: "发现或接到案子后，履行首问责任，立即进行现场核查……不属于本部门职能范围内的
 * 业务，填写案件移交单，注明移交原因和相关法规政策依据，将案件移送至相关职能部门，限时办结". A department returns a case only
 * after checking on site (it has reported in) or by saying why it could not, and only within the roster's objection
 * window after its summons; after that it owns the case and the street arbitrates. */

/** The roster's objection window; none when the roster declares none (the issue asks for "the roster's objection
 * window": a street that has not agreed one with its departments must not have returns refused by a default). */
export function objectionWindow(roster: Roster): Span | undefined {
  return roster.data.transfer.objection_window;
}

export function windowLabel(w: Span): { zh: string; en: string } {
  if (typeof w !== 'number')
    return w.unit === 'wd'
      ? { zh: `${w.n}个工作日`, en: `${w.n} working day${w.n === 1 ? '' : 's'}` }
      : { zh: `${w.n}个工作小时`, en: `${w.n} working hour${w.n === 1 ? '' : 's'}` };
  const h = w / 3_600_000;
  return Number.isInteger(h) ? { zh: `${h}小时`, en: `${h} h` } : { zh: `${w / 60_000}分钟`, en: `${w / 60_000} min` };
}

/** When this department's objection window closes (it runs from its latest summons). */
export function objectionDeadline(roster: Roster, d: Pick<DeptRow, 'summoned_at'>): number | undefined {
  const w = objectionWindow(roster);
  return d.summoned_at && w !== undefined ? roster.addSpan(d.summoned_at.getTime(), w) : undefined;
}

/** The 移交单's on-site part, or the refusal: late (the department owns the case) or neither on site nor a reason. */
export function firstAskCheck(
  roster: Roster,
  d: DeptRow,
  form: Record<string, unknown>,
  now: number,
): { onSite: boolean; offsiteReason: string | null } {
  const closes = objectionDeadline(roster, d);
  const window = objectionWindow(roster);
  if (closes !== undefined && window !== undefined && now > closes) {
    const w = windowLabel(window);
    throw new UserError(
      'objection_window_passed',
      `异议期（接到派单后${w.zh}）已过：本部门已承办本案，不能再退回；如有争议，请报街道仲裁`,
      `The objection window (${w.en} after the summons) has passed: your department owns this case; the street arbitrates any dispute`,
    );
  }
  if (d.status === 'arrived') return { onSite: true, offsiteReason: null };
  // The card makes offsite_reason a required field before 报到, so Lark's client will not submit without it. A
  // summons card posted before that field existed has only the transfer's reason: it stands as the explanation
  // rather than leaving the department unable to return a case from the card it has.
  const reason = formText(form, 'offsite_reason', 300) ?? formField(form, ['transfer_reason', 'reason'], 300);
  if (!reason)
    throw new UserError(
      'not_on_site',
      '首问协查：请先到现场核查（点“报到”）再申请移交，或在“未到现场原因”中写明为何无需到场',
      'First ask: check on site first (tap 报到) before asking to transfer, or write why you could not be on site',
    );
  return { onSite: false, offsiteReason: reason };
}

/** For the summons card: the end of the department's objection window, or that it passed and the case is its own. */
export function returnByText(roster: Roster, d: DeptRow, now: number): { zh: string; en: string } | undefined {
  const closes = objectionDeadline(roster, d);
  if (closes === undefined) return undefined;
  if (closes > now) return formatDeadline(closes, roster.timezone, now);
  return {
    zh: '已过，本部门承办（争议由街道仲裁）',
    en: 'passed: your department owns the case (the street arbitrates)',
  };
}
