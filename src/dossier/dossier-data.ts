import type { TimelineRow } from '../db/schema.js';
import { isoMinute } from '../i18n/time.js';
import type { Roster } from '../roster/roster.js';
import { FEEDBACK_LABEL, LEVEL_LABEL } from '../whistle/model.js';
import type { CaseState } from '../whistle/store.js';
import {
  ACTION_LABELS,
  CASE_STATUS_LABELS,
  DEPT_STATUS_LABELS,
  KIND_LABELS,
  label,
  REQUEST_KIND_LABELS,
  REQUEST_STATUS_LABELS,
  ROLE_LABELS,
} from './labels.js';

/** Everything the dossier shows, read once. */
export interface DossierInput {
  s: CaseState;
  timeline: TimelineRow[];
  roster: Roster;
  now: Date;
}

/** One section of the dossier as plain text cells: the HTML and the PDF lay out the same content. */
export interface Section {
  title: string;
  /** Key-value pairs (the case) or a table with a header row. */
  layout: 'kv' | 'table';
  head: string[];
  rows: string[][];
  empty: string;
}

export interface Dossier {
  title: string;
  subtitle: string;
  sections: Section[];
  footer: string;
}

/** "2026-12-02 09:05" in the street's time zone: a printed archive has no hover for the offset. */
export function dossierTime(d: Date | null | undefined, tz: string): string {
  return d ? isoMinute(d.getTime(), tz) : '';
}

const labelOf = (table: Record<string, { zh: string; en: string }>, key: string | null) =>
  key ? `${table[key]?.zh ?? key} ${table[key]?.en ?? ''}`.trim() : '';
const deptName = (roster: Roster, id: string | null) => (id ? (roster.department(id)?.name ?? id) : '');
const person = (roster: Roster, id: string | null) => (id === 'bot' ? '系统 system' : id ? roster.name(id) : '');

function caseSection({ s, roster }: DossierInput, tz: string): Section {
  const c = s.caseRow;
  const tier = roster.tierName(c.tier);
  const rows: [string, string][] = [
    ['案件编号 No.', c.number ?? c.id],
    ['街道 Street', [roster.street.name, roster.street.name_en].filter(Boolean).join(' ')],
    ['层级 Tier', `${tier.zh} ${tier.en}`],
    ['三级过滤 Level', labelOf(LEVEL_LABEL, c.level)],
    ['类型 Kind', label(KIND_LABELS, c.kind)],
    ['类别 Category', c.category ? (roster.category(c.category)?.name ?? c.category) : ''],
    ['来源 Source', [c.source, c.source_ref].filter(Boolean).join(' · ')],
    ['地点 Place', c.location ?? ''],
    ['状态 Status', label(CASE_STATUS_LABELS, c.status)],
    ['超期 Overdue', c.overdue ? '是 yes' : '否 no'],
    ['发起人 Raised by', person(roster, c.created_by)],
    ['立案 Created', dossierTime(c.created_at, tz)],
    ['吹哨 Whistled', dossierTime(c.whistled_at, tz)],
    ['期限 Deadline', dossierTime(c.deadline, tz)],
    ['结案 Closed', dossierTime(c.closed_at, tz)],
    ['诉求内容 Case text', c.text],
  ];
  return { title: '一、案件 The case', layout: 'kv', head: [], rows, empty: '' };
}

function departmentsSection({ s, roster }: DossierInput, tz: string): Section {
  const rows = s.depts
    .filter((d) => d.status !== 'proposed' || s.caseRow.status === 'draft')
    .map((d) => [
      deptName(roster, d.dept),
      label(ROLE_LABELS, d.role),
      label(DEPT_STATUS_LABELS, d.status),
      dossierTime(d.summoned_at, tz),
      [dossierTime(d.arrived_at, tz), person(roster, d.arrived_by)].filter(Boolean).join(' '),
      dossierTime(d.arrive_by, tz),
      dossierTime(d.done_at, tz),
      dossierTime(d.resolve_by, tz),
      [d.arrive_late && '迟到 late', d.resolve_late && '超时 overdue', d.left_early && '早退 left early']
        .filter(Boolean)
        .join(' '),
    ]);
  return {
    title: '二、部门报到与办理 Departments',
    layout: 'table',
    head: [
      '部门 Dept',
      '角色 Role',
      '状态 Status',
      '召集 Summoned',
      '报到 Arrived',
      '应到 Due',
      '办结 Done',
      '应办结 Due',
      '备注 Flags',
    ],
    rows,
    empty: '无部门 No departments',
  };
}

function requestsSection({ s, roster }: DossierInput, tz: string): Section {
  const rows = s.requests.map((r) => [
    label(REQUEST_KIND_LABELS, r.kind),
    deptName(roster, r.dept),
    r.kind === 'transfer' ? deptName(roster, r.target) : '',
    r.reason ?? '',
    r.basis ?? '',
    `${person(roster, r.requested_by)} ${dossierTime(r.requested_at, tz)}`,
    [label(REQUEST_STATUS_LABELS, r.status), person(roster, r.decided_by), dossierTime(r.decided_at, tz)]
      .filter(Boolean)
      .join(' '),
  ]);
  return {
    title: '三、移交单及申请 Transfers and requests',
    layout: 'table',
    head: ['单据 Form', '部门 Dept', '移交至 To', '理由 Reason', '依据 Basis', '申请 Requested', '审批 Decision'],
    rows,
    empty: '无移交、延期或离场申请 No transfer, extension or leave requests',
  };
}

function evidenceSection({ timeline, roster }: DossierInput, tz: string): Section {
  const rows = timeline
    .filter((t) => t.action === 'evidence')
    .map((t) => [dossierTime(t.at, tz), person(roster, t.actor), deptName(roster, t.dept), t.note ?? '', t.ref ?? '']);
  return {
    title: '四、现场证据 Evidence',
    layout: 'table',
    head: ['时间 Time', '提交人 By', '部门 Dept', '内容 Content', '飞书消息 Lark message'],
    rows,
    empty: '无现场证据 No evidence',
  };
}

function ratingsSection({ s, timeline, roster }: DossierInput, tz: string): Section {
  const rows = s.depts
    .filter((d) => d.rating !== null)
    .map((d) => {
      const n = Math.max(0, Math.min(5, d.rating ?? 0));
      const at = timeline.filter((t) => t.action === 'rate' && t.dept === d.dept).at(-1);
      return [
        deptName(roster, d.dept),
        `${'★'.repeat(n)}${'☆'.repeat(5 - n)} ${d.rating}/5`,
        d.rating_note ?? '',
        at ? `${person(roster, at.actor)} ${dossierTime(at.at, tz)}` : '',
      ];
    });
  // The resident's answer to the call-back (回访) is the 满意率 that counts; the street's rating sits beside it.
  if (s.caseRow.feedback_result)
    rows.unshift([
      '诉求人回访 Resident call-back',
      labelOf(FEEDBACK_LABEL, s.caseRow.feedback_result),
      s.caseRow.feedback_note ?? '',
      dossierTime(s.caseRow.feedback_at, tz),
    ]);
  return {
    title: '五、评价与回访 Ratings and call-back',
    layout: 'table',
    head: ['对象 Whom', '评价 Result', '评语 Note', '评价人/时间 By'],
    rows,
    empty: '尚无评价 Not rated yet',
  };
}

function timelineSection({ timeline, roster }: DossierInput, tz: string): Section {
  const rows = timeline.map((t) => [
    dossierTime(t.at, tz),
    person(roster, t.actor),
    label(ACTION_LABELS, t.action),
    deptName(roster, t.dept),
    t.note ?? '',
  ]);
  return {
    title: '六、全程记录 Timeline',
    layout: 'table',
    head: ['时间 Time', '操作人 Actor', '事项 Action', '部门 Dept', '说明 Note'],
    rows,
    empty: '无记录 No entries',
  };
}

/** The case's 案卷: the case, departments' times, 移交单 and other requests, evidence, ratings, the timeline. */
export function buildDossier(input: DossierInput): Dossier {
  const tz = input.roster.timezone;
  const c = input.s.caseRow;
  return {
    title: '吹哨报到案卷',
    subtitle: `Case dossier · ${input.roster.street.name} · ${c.number ?? c.id}`,
    sections: [caseSection, departmentsSection, requestsSection, evidenceSection, ratingsSection, timelineSection].map(
      (f) => f(input, tz),
    ),
    footer: `生成时间 Generated ${dossierTime(input.now, tz)} (${tz}) · lark-whistle`,
  };
}
