import { UserError } from '../errors.js';
import { formatTime, zonedInstant } from '../i18n/time.js';
import { parseDeadline } from '../intake/deadline.js';
import { jobId } from '../queue/outbox.js';
import { formText } from '../whistle/action-value.js';
import { ACTIVE_DEPT, type DeptStatus } from '../whistle/model.js';
import { caseMustBe, need, type Rule } from '../whistle/rules/common.js';

/** 联合联动哨 (seed 004: "组织召开协调会议，明确各部门职责任务和完成时限"): the street schedules the coordination
 * meeting from the status card; it becomes a Lark calendar event with the summoned departments' contacts. */

export const MEETING_MS = 60 * 60_000;
const STAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::\d{2})?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/** "2027-01-04 10:00" (the roster's zone), with an offset ("… +0800", as Lark's date-time picker sends it), or
 * words ("明天上午10点"). */
export function parseMeetingTime(text: string, now: number, tz: string): number | undefined {
  const m = STAMP.exec(text.trim());
  if (!m) return parseDeadline(text, now, tz);
  const [y, mo, d, h, mi] = m.slice(1, 6).map(Number) as [number, number, number, number, number];
  if (!m[6]) return zonedInstant(tz, y, mo, d, h, mi);
  const sign = m[6].startsWith('-') ? -1 : 1;
  const digits = m[6].replace(/\D/g, '');
  const off = m[6] === 'Z' ? 0 : sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  return Date.UTC(y, mo - 1, d, h, mi) - off * 60_000;
}

export const meeting: Rule = (state, ctx, plan) => {
  caseMustBe(state, ['whistled', 'reopened']);
  const text = need(formText(ctx.form, 'time', 60), '请填写会议时间', 'Give the meeting time');
  const place = need(formText(ctx.form, 'place', 100), '请填写会议地点', 'Give the meeting place');
  const at = parseMeetingTime(text, ctx.now, ctx.roster.timezone);
  if (at === undefined || at <= ctx.now)
    throw new UserError(
      'bad_time',
      `看不懂会议时间“${text}”，请写成“2027-01-04 10:00”或“明天上午10点”`,
      'Cannot read the meeting time; write e.g. 2027-01-04 10:00',
    );
  const depts = state.depts.filter((d) => ACTIVE_DEPT.includes(d.status as DeptStatus));
  const attendees = [...new Set(depts.flatMap((d) => ctx.roster.department(d.dept)?.contacts ?? []))];
  if (attendees.length === 0)
    throw new UserError('nobody', '没有在办的部门可以参会', 'No department on the case to meet');
  const n = state.caseRow.number ?? '';
  plan.patchCase({ meeting_at: new Date(at), meeting_place: place, meeting_event_id: null });
  plan.allCards = true;
  const when = formatTime(at, ctx.roster.timezone, ctx.now);
  plan.log({ actor: ctx.actor, action: 'meeting', note: `${new Date(at).toISOString()} ${place}`, ref: ctx.ref });
  plan.send(jobId('meeting', state.caseRow.id, String(at)), {
    op: 'calendar_event',
    summary: `协调会：${n}`,
    description: `联合联动哨 ${n}：明确各部门职责任务和完成时限。\n${state.caseRow.text.slice(0, 500)}`,
    start: at,
    end: at + MEETING_MS,
    timezone: ctx.roster.timezone,
    place,
    attendees,
    record: { kind: 'meeting', ref: state.caseRow.id },
    caseId: state.caseRow.id,
  });
  for (const d of depts) plan.notices.push({ kind: 'meeting', dept: d.dept, to: 'chat', note: `${when.zh} ${place}` });
  plan.done(`已安排协调会：${when.zh} ${place}`, `Meeting scheduled: ${when.en}, ${place}`);
};
