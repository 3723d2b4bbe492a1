import type { CardVars } from '../cards/card-registry.js';
import { escapeMarkdown as md } from '../cards/escape.js';
import type { DeptRow } from '../db/schema.js';
import { AlreadyDone, UserError } from '../errors.js';
import { type Bi, formatTime } from '../i18n/time.js';
import type { ViewCtx } from '../views/lists.js';
import { buttonValue } from '../whistle/action-value.js';
import { activeDept, at, caseMustBe, deptName, markArrived, type Rule } from '../whistle/rules/common.js';
import type { CaseState } from '../whistle/store.js';
import { MEETING_MS } from './meeting.js';

/** 到会: attendance at a joint whistle's coordination meeting, which counts as the department's 报到 for that step.
 *
 * How it is known: Lark's calendar v4 keeps, per attendee, only `rsvp_status` (needs_action, accept, tentative,
 * decline, removed: the answer to the invitation, "参与人的 RSVP 状态",
 * https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/reference/calendar-v4/calendar-event-attendee/introduction).
 * An accepted invitation is an intention, not presence, and the meeting is held at a place, not in a video call
 * whose participants Lark could list. So one of the department's contacts (or its head) taps 到会 on the summons
 * card during the meeting window: from EARLY_MS before the start until the meeting ends. */

/** Check-in opens half an hour before the meeting (people arrive early) and closes when it ends. */
export const EARLY_MS = 30 * 60_000;

const meetingStart = (s: CaseState) => s.caseRow.meeting_at?.getTime();

/** Attended the meeting now scheduled (a tap for an earlier, rescheduled meeting does not count). */
export function attended(s: CaseState, d: DeptRow): boolean {
  const start = meetingStart(s);
  const t = d.attended_at?.getTime();
  return start !== undefined && t !== undefined && t >= start - EARLY_MS;
}

export const attend: Rule = (s, x, p) => {
  caseMustBe(s, ['whistled', 'reopened']);
  const start = meetingStart(s);
  if (s.caseRow.kind !== 'joint' || start === undefined)
    throw new UserError('no_meeting', '本案没有安排协调会', 'No coordination meeting is scheduled for this case');
  const d = activeDept(s, x);
  if (attended(s, d)) throw new AlreadyDone('本部门已到会', 'Your department is already checked in');
  const when = formatTime(start, x.roster.timezone, x.now);
  if (x.now < start - EARLY_MS)
    throw new UserError(
      'too_early',
      `协调会 ${when.zh} 开始，会前 30 分钟起可点“到会”`,
      `The meeting starts ${when.en}; check in from 30 minutes before`,
    );
  if (x.now > start + MEETING_MS)
    throw new UserError('meeting_over', '协调会已结束，不能再签到', 'The meeting is over; check-in has closed');
  p.patchDept(d.dept, { attended_at: at(x), attended_by: x.actor });
  p.log({ actor: x.actor, action: 'attend', dept: d.dept, ref: x.ref });
  p.touched.add(d.dept);
  if (d.status === 'summoned') {
    // Attending counts as 报到 (at the tap's time); no presence check follows, for nobody is on site yet.
    const late = markArrived(p, d, x);
    p.log({ actor: x.actor, action: 'arrive', dept: d.dept, ref: x.ref, note: late ? 'meeting, late' : 'meeting' });
  }
  p.done(`${deptName(x.roster, d.dept)}已到会，计为报到`, 'Checked in at the meeting; this counts as reporting in');
};

/** The meeting on a summons card: when and where, whether the department attended, and 到会 while it may. */
export function meetingSummons(
  s: CaseState,
  dept: string,
  v: ViewCtx,
  open: boolean,
): { note?: Bi; buttons: NonNullable<CardVars<'whistle-summons'>['clockButtons']> } {
  const d = s.depts.find((x) => x.dept === dept);
  const start = meetingStart(s);
  if (!d || start === undefined || s.caseRow.kind !== 'joint') return { buttons: [] };
  const when = formatTime(start, v.roster.timezone, v.now);
  const place = md(s.caseRow.meeting_place ?? '');
  const mark = attendanceMark(s, d, v);
  const note = {
    zh: `**协调会**：${when.zh} ${place}${mark ? ` · ${mark.zh}` : ''}`,
    en: `**Meeting**: ${when.en} ${place}${mark ? ` · ${mark.en}` : ''}`,
  };
  const may = open && s.caseRow.status !== 'resolved' && !attended(s, d) && v.now <= start + MEETING_MS;
  const value = buttonValue('attend', s.caseRow.id, { dept, card: 'dept' });
  return { note, buttons: may ? [{ zh: '到会', en: 'At the meeting', type: 'primary', value }] : [] };
}

/** "到会 10:02" for a department that attended; "未到会" once the meeting is over; nothing before. */
export function attendanceMark(s: CaseState, d: DeptRow, v: Pick<ViewCtx, 'roster' | 'now'>): Bi | undefined {
  const start = meetingStart(s);
  if (start === undefined || s.caseRow.kind !== 'joint') return undefined;
  if (attended(s, d)) {
    const t = formatTime(d.attended_at!.getTime(), v.roster.timezone, v.now);
    return { zh: `到会 ${t.zh}`, en: `at the meeting ${t.en}` };
  }
  return v.now > start + MEETING_MS ? { zh: '未到会', en: 'missed the meeting' } : undefined;
}
