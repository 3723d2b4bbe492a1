import type { CardVars } from '../cards/card-registry.js';
import { clip, escapeMarkdown } from '../cards/escape.js';
import { shelveButtons, shelveNotes, summonsClock } from '../clocks/clock-view.js';
import type { DeptRow, TimelineRow } from '../db/schema.js';
import { type Bi, formatDeadline, formatDuration, formatTime } from '../i18n/time.js';
import { classify } from '../intake/classify.js';
import type { Roster } from '../roster/roster.js';
import { KINDS, type Kind } from '../roster/roster-schema.js';
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
  ROLE_LABEL,
  SOURCE_LABEL,
} from '../whistle/model.js';
import type { CaseState } from '../whistle/store.js';
import { kindButtons, kindNotes } from './kinds.js';
import {
  at,
  categoryBi,
  deptBi,
  deptOptions,
  joinLines,
  LOCATION_MAX,
  MAX_DEPT_OPTIONS,
  MAX_REQUEST_ROWS,
  md,
  NONE,
  pickOptions,
  TEXT_MAX,
  TIMELINE_BYTES,
  type ViewCtx,
} from './lists.js';

export { draftVars } from './draft-card.js';
export type { ViewCtx } from './lists.js';

function caseDeadline(s: CaseState, v: ViewCtx): Bi {
  const lead = s.depts.find((d) => d.role === 'lead' && d.resolve_by);
  const t = lead?.resolve_by?.getTime() ?? s.c.deadline?.getTime();
  return t ? formatDeadline(t, v.roster.timezone, v.now) : { zh: '按类别默认时限', en: "the category's default" };
}

/** One department's line on the status card: state, clocks and who is on site now. */
function deptLine(s: CaseState, d: DeptRow, v: ViewCtx): Bi {
  const r = v.roster;
  const tz = r.timezone;
  const name = deptBi(r, d.dept);
  const role = ROLE_LABEL[d.role as 'lead' | 'assist'] ?? ROLE_LABEL.assist;
  const st = d.status as DeptStatus;
  const summoned = d.summoned_at ? formatTime(d.summoned_at.getTime(), tz, v.now) : undefined;
  let zh = '';
  let en = '';
  if (st === 'summoned') {
    const left = d.arrive_by ? formatDeadline(d.arrive_by.getTime(), tz, v.now) : undefined;
    const late = d.arrive_by && d.arrive_by.getTime() < v.now;
    zh = `${late ? '🔴' : '⏳'} 待报到（${summoned?.zh ?? ''}召集，报到时限 ${left?.zh ?? '—'}）`;
    en = `${late ? '🔴' : '⏳'} awaiting arrival (summoned ${summoned?.en ?? ''}, arrive by ${left?.en ?? '—'})`;
  } else if (st === 'arrived') {
    const after = formatDuration(d.arrived_at!.getTime() - (d.summoned_at?.getTime() ?? d.arrived_at!.getTime()));
    const res = d.resolve_by ? formatDeadline(d.resolve_by.getTime(), tz, v.now) : undefined;
    zh = `✅ 已报到（召集后${after.zh}到达${d.arrive_late ? '，迟到' : ''}）· 办结时限 ${res?.zh ?? '—'}`;
    en = `✅ arrived (${after.en} after the summons${d.arrive_late ? ', late' : ''}) · resolve by ${res?.en ?? '—'}`;
  } else if (st === 'done') {
    const t = formatTime(d.done_at!.getTime(), tz, v.now);
    zh = `☑️ 已办结（${t.zh}）`;
    en = `☑️ done (${t.en})`;
  } else if (st === 'transferred') {
    zh = '↪️ 已移交';
    en = '↪️ transferred';
  } else if (st === 'released') {
    zh = '🟢 已放行';
    en = '🟢 released';
  } else {
    zh = '已离场';
    en = 'left';
  }
  const onSite = s.presence.filter((p) => p.dept === d.dept && !p.until);
  const site = onSite.length
    ? {
        zh: ` · 在场：${onSite.map((p) => `${at([p.user_id])} ${formatDuration(v.now - p.since.getTime()).zh}${p.missed ? '（未确认在场⚠️）' : ''}`).join('，')}`,
        en: ` · on site: ${onSite.map((p) => `${at([p.user_id])} ${formatDuration(v.now - p.since.getTime()).en}${p.missed ? ' (presence not confirmed ⚠️)' : ''}`).join(', ')}`,
      }
    : { zh: '', en: '' };
  const rating = d.rating ? { zh: ` · 评分 ${d.rating}`, en: ` · rated ${d.rating}` } : { zh: '', en: '' };
  return {
    zh: `**${md(name.zh)}** · ${role.zh} · ${zh}${site.zh}${rating.zh}`,
    en: `**${md(name.en)}** · ${role.en} · ${en}${site.en}${rating.en}`,
  };
}

function statusColor(s: CaseState): CardVars<'whistle-status'>['color'] {
  const st = s.c.status as CaseStatus;
  if (st === 'cancelled') return 'grey';
  if (st === 'accepted') return 'green';
  if (s.c.overdue) return 'red';
  if (st === 'resolved') return 'turquoise';
  if (s.c.kind === 'emergency') return 'red';
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

export function statusVars(s: CaseState, v: ViewCtx, timeline: TimelineRow[] = []): CardVars<'whistle-status'> {
  const evidence = s.c.evidence;
  const r = v.roster;
  const st = s.c.status as CaseStatus;
  const open = st === 'whistled' || st === 'reopened' || st === 'resolved';
  const onCase = s.depts.filter((d) => d.status !== 'proposed');
  const active = onCase.filter((d) => ACTIVE_DEPT.includes(d.status as DeptStatus));
  const tags: CardVars<'whistle-status'>['tags'] = [
    { ...CASE_STATUS_LABEL[st], color: st === 'accepted' ? 'green' : st === 'cancelled' ? 'neutral' : 'blue' },
  ];
  if (s.c.overdue && open) tags.push({ zh: '重点督办', en: 'Key supervision', color: 'red' });
  if (s.c.kind === 'emergency') tags.push({ zh: '应急', en: 'Emergency', color: 'red' });
  const level = isLevel(s.c.level) ? s.c.level : 'whistle';
  tags.push({ ...LEVEL_LABEL[level], color: level === 'whistle' ? 'orange' : 'turquoise' });
  const pending = s.requests.filter((q) => q.status === 'pending');
  const requests = pending.slice(0, MAX_REQUEST_ROWS).map((q) => {
    const dn = deptBi(r, q.dept);
    const label =
      q.kind === 'transfer'
        ? {
            zh: `申请移交给${deptBi(r, q.target ?? '').zh}`,
            en: `asks to transfer to ${deptBi(r, q.target ?? '').en}`,
          }
        : q.kind === 'leave'
          ? { zh: '申请离场', en: 'asks to leave' }
          : { zh: '申请延期', en: 'asks for more time' };
    const why = [q.reason, q.basis]
      .filter(Boolean)
      .map((t) => md(clip(t!, 30)))
      .join(' / ');
    const approve =
      q.kind === 'transfer' ? 'approve_transfer' : q.kind === 'leave' ? 'approve_leave' : 'approve_extension';
    const deny = q.kind === 'transfer' ? 'deny_transfer' : q.kind === 'leave' ? 'deny_leave' : 'deny_extension';
    return {
      zh: `**${md(dn.zh)}** ${label.zh}：${why}`,
      en: `**${md(dn.en)}** ${label.en}: ${why}`,
      approve: buttonValue(approve, s.c.id, { dept: q.dept, req: q.id, card: 'status' }),
      deny: buttonValue(deny, s.c.id, { dept: q.dept, req: q.id, card: 'status' }),
    };
  });
  const notes: Bi[] = [];
  if (evidence > 0)
    notes.push({
      zh: `📍 现场证据 ${evidence} 条（见案件话题）`,
      en: `📍 ${evidence} piece(s) of evidence in the case thread`,
    });
  if (st === 'resolved')
    notes.push({ zh: '各部门均已办结，请验收。', en: 'Every department is done: please accept or send back.' });
  if (s.c.kind === 'emergency' && s.c.created_by && st !== 'cancelled') {
    notes.push({ zh: '⚡ 应急事件已立即吹哨。', en: '⚡ Emergency: whistled at once.' });
  }
  if (level === 'grid' && open && active.length === 0)
    notes.push({
      zh: '网格自办：处理完毕后填写处理结果并验收结案；需要部门时点“升级”。',
      en: 'The grid handles it: write what was done and accept to close; tap Raise to bring in a department.',
    });
  // A case below a whistle can be raised one level (the dept form's reason and department go with it).
  const buttonsHere = level === 'whistle' ? STREET_BUTTONS : [RAISE_BUTTON, ...STREET_BUTTONS];
  notes.push(...kindNotes(s, v), ...stageNotes(s, v), ...shelveNotes(s, v));
  const streetButtons = open
    ? [...buttonsHere, ...kindButtons(s), ...stageButtons(s, r), ...shelveButtons(s)].map(([zh, en, type, action]) => ({
        zh,
        en,
        type,
        name: `${action}_btn`,
        value: buttonValue(action, s.c.id, { card: 'status' }),
      }))
    : [];
  return {
    number: s.c.number ?? '',
    title: {
      zh: `${s.c.number ?? ''} ${categoryBi(r, s.c.category).zh}`,
      en: `${s.c.number ?? ''} ${categoryBi(r, s.c.category).en}`,
    },
    subtitle: {
      zh: `${r.tierName(s.c.tier).zh} · ${active.length}个部门在办 / 共${onCase.length}个`,
      en: `${r.tierName(s.c.tier).en} · ${active.length} of ${onCase.length} departments at work`,
    },
    status: CASE_STATUS_LABEL[st],
    color: statusColor(s),
    tags,
    category: categoryBi(r, s.c.category),
    kind: KIND_LABEL[s.c.kind as Kind],
    location: s.c.location ? clip(s.c.location, LOCATION_MAX) : '—',
    deadline: caseDeadline(s, v),
    text: clip(s.c.text, 600),
    deptLines: joinLines(onCase.map((d) => deptLine(s, d, v))),
    requests,
    moreRequests:
      pending.length > MAX_REQUEST_ROWS
        ? {
            zh: `另有 ${pending.length - MAX_REQUEST_ROWS} 项申请待处理，处理上面的申请后显示。`,
            en: `${pending.length - MAX_REQUEST_ROWS} more requests wait; they show once those above are decided.`,
          }
        : null,
    notes,
    timelineText: joinLines(
      timeline.map((t) => timelineLine(t, v)),
      TIMELINE_BYTES,
    ),
    // A grid case nobody was summoned to is closed by the street itself, with its result.
    canAccept: st === 'resolved' || (level === 'grid' && open && active.length === 0),
    open,
    canRate: st === 'accepted' && onCase.some((d) => d.rating === null),
    ...statusDeptOptions(r, onCase, active),
    rateOptions: pickOptions(
      deptOptions(
        r,
        onCase.filter((d) => d.rating === null).map((d) => d.dept),
      ),
      [],
      MAX_DEPT_OPTIONS,
    ).options,
    streetButtons,
    meetingForm: open && s.c.kind === 'joint' && st !== 'resolved',
    actions: {
      accept: buttonValue('accept', s.c.id, { card: 'status' }),
      reject: buttonValue('reject', s.c.id, { card: 'status' }),
      rate: buttonValue('rate', s.c.id, { card: 'status' }),
      feedback: buttonValue('feedback', s.c.id, { card: 'status' }),
    },
    // 回访: once per acceptance (不满意 reopens; the next acceptance asks again).
    canFeedback: st === 'accepted' && !(s.c.feedback_at && s.c.closed_at && s.c.feedback_at >= s.c.closed_at),
    resultOptions: FEEDBACK_RESULTS.map((f) => ({
      label: `${FEEDBACK_LABEL[f].zh} ${FEEDBACK_LABEL[f].en}`,
      value: f,
    })),
  };
}

/** Where a department may transfer to: the category's departments first, then the others, capped. */
function summonsDeptOptions(s: CaseState, r: Roster, dept: string) {
  const cat = s.c.category ? r.category(s.c.category) : undefined;
  const picked = pickOptions(
    deptOptions(r).filter((o) => o.value !== dept),
    cat ? [cat.lead, ...cat.assist] : [],
    MAX_DEPT_OPTIONS,
  );
  return { deptOptions: picked.options, moreDepts: picked.more };
}

/** The street's department select: the departments on the case first, then the others, never the whole roster. */
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

export function summonsVars(s: CaseState, dept: string, v: ViewCtx): CardVars<'whistle-summons'> {
  const r = v.roster;
  const d = s.depts.find((x) => x.dept === dept)!;
  const info = r.department(dept);
  const st = d.status as DeptStatus;
  const open =
    ACTIVE_DEPT.includes(st) && (s.c.status === 'whistled' || s.c.status === 'reopened' || s.c.status === 'resolved');
  const role = ROLE_LABEL[d.role as 'lead' | 'assist'] ?? ROLE_LABEL.assist;
  const tz = r.timezone;
  const line = deptLine(s, d, v);
  const closedNote =
    s.c.status === 'cancelled'
      ? { zh: '（案件已撤销）', en: ' (case cancelled)' }
      : s.c.status === 'accepted'
        ? { zh: '（案件已验收结案）', en: ' (case closed)' }
        : { zh: '', en: '' };
  const emergency = s.c.kind === 'emergency';
  const tags: CardVars<'whistle-summons'>['tags'] = [{ ...role, color: d.role === 'lead' ? 'red' : 'blue' }];
  if (emergency) tags.push({ zh: '应急', en: 'Emergency', color: 'red' });
  if (d.sent_back > 0) tags.push({ zh: '退回重办', en: 'Sent back', color: 'orange' });
  const cat = categoryBi(r, s.c.category);
  const handover =
    st === 'arrived'
      ? [...(info?.contacts ?? []), ...(info?.head ? [info.head] : [])].map((u) => ({ label: r.name(u), value: u }))
      : [];
  return {
    title: {
      zh: `${s.c.level === 'dispatch' ? '【派单】' : '【吹哨】'}${s.c.number ?? ''} 请${info?.name ?? dept}报到`,
      en: `Whistle ${s.c.number ?? ''}: ${info?.name_en ?? dept}, report in`,
    },
    subtitle: { zh: `${r.tierName(s.c.tier).zh}吹哨 · ${role.zh}`, en: `${r.tierName(s.c.tier).en} · ${role.en}` },
    summary: {
      zh: `${s.c.number ?? ''} 请${role.zh}报到：${cat.zh}`,
      en: `${s.c.number ?? ''}: report in (${role.en})`,
    },
    color: emergency || d.role === 'lead' ? 'red' : 'orange',
    tags,
    // Whoever is on duty when the card is drawn (src/duty); the designated contacts when no rota says otherwise.
    mentions: info ? at(r.dutyContacts(dept, v.now)) : '',
    role,
    category: cat,
    kind: KIND_LABEL[s.c.kind as Kind],
    location: s.c.location ? clip(s.c.location, LOCATION_MAX) : '—',
    arriveBy: d.arrive_by ? formatDeadline(d.arrive_by.getTime(), tz, v.now) : NONE,
    resolveBy: d.resolve_by ? formatDeadline(d.resolve_by.getTime(), tz, v.now) : NONE,
    text: clip(s.c.text, TEXT_MAX),
    task: d.task ?? undefined,
    state: { zh: `${line.zh}${closedNote.zh}`, en: `${line.en}${closedNote.en}` },
    open,
    arrived: st === 'arrived',
    ...summonsDeptOptions(s, r, dept),
    ...summonsClock(s, dept, v, open),
    openHandover: open && st === 'arrived' && handover.length > 0,
    handoverOptions: handover,
    actions: {
      arrive: buttonValue('arrive', s.c.id, { dept, card: 'dept' }),
      progress: buttonValue('progress', s.c.id, { dept, card: 'dept' }),
      done: buttonValue('done', s.c.id, { dept, card: 'dept' }),
      transfer: buttonValue('transfer', s.c.id, { dept, card: 'dept' }),
      leave: buttonValue('leave', s.c.id, { dept, card: 'dept' }),
      extend: buttonValue('extend', s.c.id, { dept, card: 'dept' }),
      handover: buttonValue('handover', s.c.id, { dept, card: 'dept' }),
    },
  };
}
