import type { CardVars } from '../cards/card-registry.js';
import { clip } from '../cards/escape.js';
import { shelveButtons, shelveNotes } from '../clocks/clock-view.js';
import type { DeptRow, TimelineRow } from '../db/schema.js';
import { type Bi, formatDeadline, formatTime } from '../i18n/time.js';
import type { Roster } from '../roster/roster.js';
import type { Kind } from '../roster/roster-schema.js';
import { stageButtons, stageNotes } from '../stages/stages.js';
import { buttonValue } from '../whistle/action-value.js';
import {
  ACTIVE_DEPT,
  CASE_STATUS_LABEL,
  type CaseStatus,
  type DeptStatus,
  FEEDBACK_LABEL,
  FEEDBACK_RESULTS,
  isLevel,
  KIND_LABEL,
  LEVEL_LABEL,
  OPEN_CASE,
} from '../whistle/model.js';
import type { CaseState } from '../whistle/store.js';
import { kindButtons, kindNotes } from './kinds.js';
import {
  categoryBi,
  deptBi,
  deptOptions,
  joinLines,
  LOCATION_MAX,
  MAX_DEPT_OPTIONS,
  MAX_REQUEST_ROWS,
  md,
  pickOptions,
  TIMELINE_BYTES,
  type ViewCtx,
} from './lists.js';

export { draftVars } from './draft-card.js';
export { summonsVars } from './summons-card.js';

import { deptLine } from './dept-line.js';

export type { ViewCtx } from './lists.js';

function caseDeadline(s: CaseState, v: ViewCtx): Bi {
  const lead = s.depts.find((d) => d.role === 'lead' && d.resolve_by);
  const t = lead?.resolve_by?.getTime() ?? s.caseRow.deadline?.getTime();
  return t ? formatDeadline(t, v.roster.timezone, v.now) : { zh: '按类别默认时限', en: "the category's default" };
}

function statusColor(s: CaseState): CardVars<'whistle-status'>['color'] {
  const st = s.caseRow.status as CaseStatus;
  if (st === 'cancelled') return 'grey';
  if (st === 'accepted') return 'green';
  if (s.caseRow.overdue) return 'red';
  if (st === 'resolved') return 'turquoise';
  if (s.caseRow.kind === 'emergency') return 'red';
  return st === 'reopened' ? 'orange' : 'blue';
}

/** The street's department actions on the status card: label, English label, button style, action. */
const RAISE_BUTTON = ['升级', 'Raise level', 'primary', 'raise'] as const;
const STREET_BUTTONS = [
  ['催办', 'Nudge', 'default', 'nudge'],
  ['放行', 'Release', 'default', 'release'],
  ['增派', 'Add', 'default', 'add_dept'],
  ['分派任务', 'Assign task', 'default', 'set_task'],
  ['升级督办', 'Escalate', 'danger', 'escalate'],
  ['撤销', 'Cancel', 'danger', 'cancel'],
] as const;

type StatusVars = CardVars<'whistle-status'>;

/** The header's tags: status, 重点督办 (marked, or late past the escalation), 应急, the level (三级过滤). */
function statusTags(s: CaseState, st: CaseStatus, open: boolean, level: keyof typeof LEVEL_LABEL): StatusVars['tags'] {
  const tags: StatusVars['tags'] = [
    { ...CASE_STATUS_LABEL[st], color: st === 'accepted' ? 'green' : st === 'cancelled' ? 'neutral' : 'blue' },
  ];
  if ((s.caseRow.overdue || s.caseRow.key_at) && open)
    tags.push({ zh: '重点督办', en: 'Key supervision', color: 'red' });
  if (s.caseRow.kind === 'emergency') tags.push({ zh: '应急', en: 'Emergency', color: 'red' });
  tags.push({ ...LEVEL_LABEL[level], color: level === 'whistle' ? 'orange' : 'turquoise' });
  return tags;
}

const REQUEST_ACTIONS = {
  transfer: ['approve_transfer', 'deny_transfer'],
  leave: ['approve_leave', 'deny_leave'],
  extension: ['approve_extension', 'deny_extension'],
} as const;

/** A department's pending request (transfer, leave, extension) as a row the street approves or denies. */
function requestRow(s: CaseState, r: Roster, q: CaseState['requests'][number]): StatusVars['requests'][number] {
  const dn = deptBi(r, q.dept);
  const label =
    q.kind === 'transfer'
      ? { zh: `申请移交给${deptBi(r, q.target ?? '').zh}`, en: `asks to transfer to ${deptBi(r, q.target ?? '').en}` }
      : q.kind === 'leave'
        ? { zh: '申请离场', en: 'asks to leave' }
        : { zh: '申请延期', en: 'asks for more time' };
  const why = [q.reason, q.basis]
    .filter(Boolean)
    .map((t) => md(clip(t!, 30)))
    .join(' / ');
  const [approve, deny] = REQUEST_ACTIONS[q.kind === 'transfer' || q.kind === 'leave' ? q.kind : 'extension'];
  return {
    zh: `**${md(dn.zh)}** ${label.zh}：${why}`,
    en: `**${md(dn.en)}** ${label.en}: ${why}`,
    approve: buttonValue(approve, s.caseRow.id, { dept: q.dept, req: q.id, card: 'status' }),
    deny: buttonValue(deny, s.caseRow.id, { dept: q.dept, req: q.id, card: 'status' }),
  };
}

/** What the street should know at a glance: evidence, waiting acceptance, emergency, the grid's own case, and the
 * notes of the whistle kind, the stage and the shelving. */
function statusNotes(s: CaseState, v: ViewCtx, st: CaseStatus, gridAlone: boolean): Bi[] {
  const evidence = s.caseRow.evidence;
  const notes: Bi[] = [];
  if (evidence > 0)
    notes.push({
      zh: `📍 现场证据 ${evidence} 条（见案件话题）`,
      en: `📍 ${evidence} piece(s) of evidence in the case thread`,
    });
  if (st === 'resolved')
    notes.push({ zh: '各部门均已办结，请验收。', en: 'Every department is done: please accept or send back.' });
  if (s.caseRow.kind === 'emergency' && s.caseRow.created_by && st !== 'cancelled')
    notes.push({ zh: '⚡ 应急事件已立即吹哨。', en: '⚡ Emergency: whistled at once.' });
  if (gridAlone)
    notes.push({
      zh: '网格自办：处理完毕后填写处理结果并验收结案；需要部门时点“升级”。',
      en: 'The grid handles it: write what was done and accept to close; tap Raise to bring in a department.',
    });
  notes.push(...kindNotes(s, v), ...stageNotes(s, v), ...shelveNotes(s, v));
  return notes;
}

/** The street's buttons on an open case; a case below a whistle can be raised one level (the dept form's reason
 * and department go with it). */
function streetButtonsOf(s: CaseState, r: Roster, level: string): StatusVars['streetButtons'] {
  const here = level === 'whistle' ? STREET_BUTTONS : [RAISE_BUTTON, ...STREET_BUTTONS];
  return [...here, ...kindButtons(s), ...stageButtons(s, r), ...shelveButtons(s)].map(([zh, en, type, action]) => ({
    zh,
    en,
    type,
    name: `${action}_btn`,
    value: buttonValue(action, s.caseRow.id, { card: 'status' }),
  }));
}

/** 回访 and ratings after acceptance: once per acceptance (不满意 reopens; the next acceptance asks again). */
function afterAcceptance(s: CaseState, r: Roster, st: CaseStatus, onCase: DeptRow[]) {
  const unrated = onCase.filter((d) => d.rating === null);
  return {
    canRate: st === 'accepted' && unrated.length > 0,
    rateOptions: pickOptions(
      deptOptions(
        r,
        unrated.map((d) => d.dept),
      ),
      [],
      MAX_DEPT_OPTIONS,
    ).options,
    canFeedback:
      st === 'accepted' &&
      !(s.caseRow.feedback_at && s.caseRow.closed_at && s.caseRow.feedback_at >= s.caseRow.closed_at),
    resultOptions: FEEDBACK_RESULTS.map((f) => ({
      label: `${FEEDBACK_LABEL[f].zh} ${FEEDBACK_LABEL[f].en}`,
      value: f,
    })),
  };
}

/** The status card (状态卡): the case, each department's line, requests to decide, the timeline, the street's
 * actions. */
export function statusVars(s: CaseState, v: ViewCtx, timeline: TimelineRow[] = []): StatusVars {
  const r = v.roster;
  const st = s.caseRow.status as CaseStatus;
  const open = OPEN_CASE.includes(st);
  const onCase = s.depts.filter((d) => d.status !== 'proposed');
  const active = onCase.filter((d) => ACTIVE_DEPT.includes(d.status as DeptStatus));
  const level = isLevel(s.caseRow.level) ? s.caseRow.level : 'whistle';
  // A grid case nobody was summoned to is closed by the street itself, with its result.
  const gridAlone = level === 'grid' && open && active.length === 0;
  const pending = s.requests.filter((q) => q.status === 'pending');
  const number = s.caseRow.number ?? '';
  const category = categoryBi(r, s.caseRow.category);
  return {
    number,
    title: { zh: `${number} ${category.zh}`, en: `${number} ${category.en}` },
    subtitle: {
      zh: `${r.tierName(s.caseRow.tier).zh} · ${active.length}个部门在办 / 共${onCase.length}个`,
      en: `${r.tierName(s.caseRow.tier).en} · ${active.length} of ${onCase.length} departments at work`,
    },
    status: CASE_STATUS_LABEL[st],
    color: statusColor(s),
    tags: statusTags(s, st, open, level),
    category,
    kind: KIND_LABEL[s.caseRow.kind as Kind],
    location: s.caseRow.location ? clip(s.caseRow.location, LOCATION_MAX) : '—',
    deadline: caseDeadline(s, v),
    text: clip(s.caseRow.text, 600),
    deptLines: joinLines(onCase.map((d) => deptLine(s, d, v))),
    requests: pending.slice(0, MAX_REQUEST_ROWS).map((q) => requestRow(s, r, q)),
    moreRequests:
      pending.length > MAX_REQUEST_ROWS
        ? {
            zh: `另有 ${pending.length - MAX_REQUEST_ROWS} 项申请待处理，处理上面的申请后显示。`,
            en: `${pending.length - MAX_REQUEST_ROWS} more requests wait; they show once those above are decided.`,
          }
        : null,
    notes: statusNotes(s, v, st, gridAlone),
    timelineText: joinLines(
      timeline.map((t) => timelineLine(t, v)),
      TIMELINE_BYTES,
    ),
    canAccept: st === 'resolved' || gridAlone,
    open,
    ...statusDeptOptions(r, onCase, active),
    streetButtons: open ? streetButtonsOf(s, r, level) : [],
    meetingForm: open && s.caseRow.kind === 'joint' && st !== 'resolved',
    actions: {
      accept: buttonValue('accept', s.caseRow.id, { card: 'status' }),
      reject: buttonValue('reject', s.caseRow.id, { card: 'status' }),
      rate: buttonValue('rate', s.caseRow.id, { card: 'status' }),
      feedback: buttonValue('feedback', s.caseRow.id, { card: 'status' }),
    },
    ...afterAcceptance(s, r, st, onCase),
  };
}

/** Where a department may transfer to: the category's departments first, then the others, capped. */
function statusDeptOptions(r: Roster, onCase: DeptRow[], active: DeptRow[]) {
  const picked = pickOptions(
    deptOptions(r),
    active.map((d) => d.dept).concat(onCase.map((d) => d.dept)),
    MAX_DEPT_OPTIONS,
  );
  return { deptOptions: picked.options, moreDepts: picked.more };
}

export function timelineLine(t: TimelineRow, v: ViewCtx): Bi {
  const time = formatTime(t.at.getTime(), v.roster.timezone, v.now);
  const who =
    t.actor === 'bot' ? { zh: '系统', en: 'bot' } : { zh: md(v.roster.name(t.actor)), en: md(v.roster.name(t.actor)) };
  const dept = t.dept ? deptBi(v.roster, t.dept) : undefined;
  const note = t.note ? ` — ${md(clip(t.note, 80))}` : '';
  return {
    zh: `${time.zh} ${who.zh} ${md(t.action)}${dept ? ` ${md(dept.zh)}` : ''}${note}`,
    en: `${time.en} ${who.en} ${md(t.action)}${dept ? ` ${md(dept.en)}` : ''}${note}`,
  };
}
