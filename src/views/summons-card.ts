import type { CardVars } from '../cards/card-registry.js';
import { clip } from '../cards/escape.js';
import { summonsClock } from '../clocks/clock-view.js';
import { formatDeadline } from '../i18n/time.js';
import { meetingSummons } from '../joint/attendance.js';
import { mentions } from '../lark/outbound/messages.js';
import type { Roster } from '../roster/roster.js';
import type { Kind } from '../roster/roster-schema.js';
import { returnByText } from '../transfer-slip/first-ask.js';
import { buttonValue } from '../whistle/action-value.js';
import { ACTIVE_DEPT, type CaseStatus, type DeptStatus, KIND_LABEL, OPEN_CASE, ROLE_LABEL } from '../whistle/model.js';
import type { CaseState } from '../whistle/store.js';
import { deptLine } from './dept-line.js';
import {
  categoryBi,
  deptOptions,
  LOCATION_MAX,
  MAX_DEPT_OPTIONS,
  NONE,
  pickOptions,
  TEXT_MAX,
  type ViewCtx,
} from './lists.js';

/** What the summons card (召集卡, cards/whistle-summons.json) says to one department. */
export function summonsVars(s: CaseState, dept: string, v: ViewCtx): CardVars<'whistle-summons'> {
  const r = v.roster;
  const d = s.depts.find((x) => x.dept === dept)!;
  const info = r.department(dept);
  const st = d.status as DeptStatus;
  const open = ACTIVE_DEPT.includes(st) && OPEN_CASE.includes(s.caseRow.status as CaseStatus);
  const role = ROLE_LABEL[d.role as 'lead' | 'assist'] ?? ROLE_LABEL.assist;
  const tz = r.timezone;
  const line = deptLine(s, d, v);
  const closedNote =
    s.caseRow.status === 'cancelled'
      ? { zh: '（案件已撤销）', en: ' (case cancelled)' }
      : s.caseRow.status === 'accepted'
        ? { zh: '（案件已验收结案）', en: ' (case closed)' }
        : { zh: '', en: '' };
  const emergency = s.caseRow.kind === 'emergency';
  const tags: CardVars<'whistle-summons'>['tags'] = [{ ...role, color: d.role === 'lead' ? 'red' : 'blue' }];
  if (emergency) tags.push({ zh: '应急', en: 'Emergency', color: 'red' });
  if (d.sent_back > 0) tags.push({ zh: '退回重办', en: 'Sent back', color: 'orange' });
  const cat = categoryBi(r, s.caseRow.category);
  const handover =
    st === 'arrived'
      ? [...(info?.contacts ?? []), ...(info?.head ? [info.head] : [])].map((u) => ({ label: r.name(u), value: u }))
      : [];
  return {
    title: {
      zh: `${s.caseRow.level === 'dispatch' ? '【派单】' : '【吹哨】'}${s.caseRow.number ?? ''} 请${info?.name ?? dept}报到`,
      en: `Whistle ${s.caseRow.number ?? ''}: ${info?.name_en ?? dept}, report in`,
    },
    subtitle: {
      zh: `${r.tierName(s.caseRow.tier).zh}吹哨 · ${role.zh}`,
      en: `${r.tierName(s.caseRow.tier).en} · ${role.en}`,
    },
    summary: {
      zh: `${s.caseRow.number ?? ''} 请${role.zh}报到：${cat.zh}`,
      en: `${s.caseRow.number ?? ''}: report in (${role.en})`,
    },
    color: emergency || d.role === 'lead' ? 'red' : 'orange',
    tags,
    // Whoever is on duty when the card is drawn (src/duty); the designated contacts when no rota says otherwise.
    mentions: mentions(info ? r.dutyContacts(dept, v.now) : []),
    role,
    category: cat,
    kind: KIND_LABEL[s.caseRow.kind as Kind],
    location: s.caseRow.location ? clip(s.caseRow.location, LOCATION_MAX) : '—',
    arriveBy: d.arrive_by ? formatDeadline(d.arrive_by.getTime(), tz, v.now) : NONE,
    resolveBy: d.resolve_by ? formatDeadline(d.resolve_by.getTime(), tz, v.now) : NONE,
    returnBy: open ? returnByText(r, d, v.now) : undefined,
    text: clip(s.caseRow.text, TEXT_MAX),
    task: d.task ?? undefined,
    state: { zh: `${line.zh}${closedNote.zh}`, en: `${line.en}${closedNote.en}` },
    open,
    arrived: st === 'arrived',
    ...summonsDeptOptions(s, r, dept),
    ...withMeeting(summonsClock(s, dept, v, open), meetingSummons(s, dept, v, open)),
    openHandover: open && st === 'arrived' && handover.length > 0,
    handoverOptions: handover,
    actions: {
      arrive: buttonValue('arrive', s.caseRow.id, { dept, card: 'dept' }),
      progress: buttonValue('progress', s.caseRow.id, { dept, card: 'dept' }),
      done: buttonValue('done', s.caseRow.id, { dept, card: 'dept' }),
      transfer: buttonValue('transfer', s.caseRow.id, { dept, card: 'dept' }),
      leave: buttonValue('leave', s.caseRow.id, { dept, card: 'dept' }),
      extend: buttonValue('extend', s.caseRow.id, { dept, card: 'dept' }),
      handover: buttonValue('handover', s.caseRow.id, { dept, card: 'dept' }),
    },
  };
}

/** The 签收 / 联系 line and buttons, with a joint whistle's coordination meeting (and its 到会) below them. */
function withMeeting(
  clock: ReturnType<typeof summonsClock>,
  meeting: ReturnType<typeof meetingSummons>,
): ReturnType<typeof summonsClock> {
  const lines = [clock.clockNote, meeting.note].filter((x) => x !== undefined);
  return {
    clockNote: lines.length
      ? { zh: lines.map((l) => l.zh).join('\n'), en: lines.map((l) => l.en).join('\n') }
      : undefined,
    clockButtons: [...(clock.clockButtons ?? []), ...meeting.buttons],
  };
}

function summonsDeptOptions(s: CaseState, r: Roster, dept: string) {
  const cat = s.caseRow.category ? r.category(s.caseRow.category) : undefined;
  const picked = pickOptions(
    deptOptions(r).filter((o) => o.value !== dept),
    cat ? [cat.lead, ...cat.assist] : [],
    MAX_DEPT_OPTIONS,
  );
  return { deptOptions: picked.options, moreDepts: picked.more };
}

/** The street's department select: the departments on the case first, then the others, never the whole roster. */
