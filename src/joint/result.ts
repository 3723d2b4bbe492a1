import type { DeptRow } from '../db/schema.js';
import { type Bi, formatTime } from '../i18n/time.js';
import type { Plan } from '../whistle/plan.js';
import type { Ctx } from '../whistle/rules/common.js';
import type { CaseState } from '../whistle/store.js';
import { attendanceMark } from './attendance.js';

/** 联合联动哨 (seed 004: "及时向专班反馈处理结果"): once every department's task is done, the district (区级专班)
 * hears the result in one message: each department's task, its deadline, when it was done (or how it left the
 * case), and whether it attended the coordination meeting. Called when the case settles as resolved. */
export function jointDone(state: CaseState, plan: Plan, ctx: Ctx): void {
  if (state.caseRow.kind !== 'joint') return;
  // The rows as this plan leaves them: the department finishing now has its done_at only in the patch.
  const rows = state.depts
    .filter((d) => d.status !== 'proposed')
    .map((d) => ({ ...d, ...(plan.deptPatches.get(d.dept) ?? {}) }) as DeptRow);
  const lines = rows.map((d) => resultLine(state, d, ctx));
  plan.notices.push({
    kind: 'joint_done',
    to: 'district',
    note: lines.map((l) => l.zh).join('\n'),
    noteEn: lines.map((l) => l.en).join('\n'),
  });
}

function resultLine(s: CaseState, d: DeptRow, x: Ctx): Bi {
  const tz = x.roster.timezone;
  const info = x.roster.department(d.dept);
  const name = { zh: info?.name ?? d.dept, en: info?.name_en ?? info?.name ?? d.dept };
  const task = d.task ? { zh: `任务：${d.task}`, en: `task: ${d.task}` } : { zh: '未分派任务', en: 'no task set' };
  const due = d.resolve_by ? formatTime(d.resolve_by.getTime(), tz, x.now) : undefined;
  const deadline = due ? { zh: `时限 ${due.zh}`, en: `due ${due.en}` } : { zh: '无时限', en: 'no deadline' };
  let end: Bi;
  if (d.status === 'done' && d.done_at) {
    const t = formatTime(d.done_at.getTime(), tz, x.now);
    const late = d.resolve_by && d.done_at.getTime() > d.resolve_by.getTime();
    end = { zh: `${t.zh} 办结${late ? '（超时）' : ''}`, en: `done ${t.en}${late ? ' (late)' : ''}` };
  } else if (d.status === 'transferred') end = { zh: '已移交', en: 'transferred' };
  else if (d.status === 'released') end = { zh: '街道放行', en: 'released by the street' };
  else end = { zh: '已离场', en: 'left' };
  const met =
    attendanceMark(s, d, x) ??
    (s.caseRow.meeting_at ? { zh: '未到会', en: 'not at the meeting' } : { zh: '未开协调会', en: 'no meeting held' });
  const meeting = { zh: `；${met.zh}`, en: `; ${met.en}` };
  return {
    zh: `${name.zh}：${task.zh}；${deadline.zh}；${end.zh}${meeting.zh}`,
    en: `${name.en}: ${task.en}; ${deadline.en}; ${end.en}${meeting.en}`,
  };
}
