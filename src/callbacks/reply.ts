import type { TimelineRow } from '../db/schema.js';
import { wallClock } from '../i18n/time.js';
import type { Roster } from '../roster/roster.js';
import type { CaseState } from '../whistle/store.js';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The street's local time as a hotline operator reads it: 2026-12-02 14:05. */
function local(d: Date | null | undefined, tz: string): string {
  if (!d) return '';
  const w = wallClock(d.getTime(), tz);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${p(w.month)}-${p(w.day)} ${p(w.hour)}:${p(w.minute)}`;
}

/** What a source system (12345) files back when its case closes: when it was received, who went to the resident,
 * what was done and by when. Assembled from the case record only; the cadre's acceptance note is the summary of
 * what was done. */
export function sourceReply(s: CaseState, timeline: TimelineRow[], r: Roster) {
  const tz = r.timezone;
  const deptName = (id: string) => r.department(id)?.name ?? id;
  const lead = s.depts.find((d) => d.role === 'lead' && d.status !== 'proposed');
  const closedBy = [...timeline].reverse().find((t) => t.action === 'accept' || t.action === 'cancel');
  // Who went to the resident: the lead department's first person on site; a grid case, the cadre who closed it.
  const contact = lead?.arrived_by
    ? { name: r.name(lead.arrived_by), dept: lead.dept, deptName: deptName(lead.dept), at: iso(lead.arrived_at) }
    : closedBy
      ? { name: r.name(closedBy.actor), dept: null, deptName: r.street.name, at: iso(closedBy.at) }
      : null;
  const actions = timeline
    .filter((t) => (t.action === 'progress' || t.action === 'done') && t.note)
    .map((t) => ({ at: iso(t.at), dept: t.dept, note: t.note }));
  const deadline = lead?.resolve_by ?? s.caseRow.deadline;
  const handled = s.depts
    .filter((d) => d.done_at)
    .map((d) => ({ dept: d.dept, deptName: deptName(d.dept), arrivedAt: iso(d.arrived_at), doneAt: iso(d.done_at) }));
  const what = s.caseRow.result ?? actions.map((a) => a.note).join('；') ?? '';
  const cancelled = s.caseRow.status === 'cancelled';
  const text = [
    `${local(s.caseRow.created_at, tz)} 受理（${s.caseRow.number ?? s.caseRow.id}）`,
    contact ? `${contact.deptName}${contact.name}于${local(new Date(contact.at!), tz)}联系处置` : '',
    what ? `处理情况：${what}` : '',
    cancelled
      ? `${local(s.caseRow.closed_at, tz)} 撤销：${closedBy?.note ?? ''}`
      : `${local(s.caseRow.closed_at, tz)} 办结${deadline ? `（时限 ${local(deadline, tz)}）` : ''}`,
  ]
    .filter(Boolean)
    .join('；');
  return {
    receivedAt: iso(s.caseRow.created_at),
    contactedBy: contact,
    handledBy: handled,
    actions,
    result: what || null,
    closedAt: iso(s.caseRow.closed_at),
    deadline: iso(deadline),
    text,
  };
}
