import type { DeptRow } from '../db/schema.js';
import type { Roster } from '../roster/roster.js';
import type { CaseState } from '../whistle/store.js';

/** The clocks a department is judged by besides 到场 and 办结 (issue 20 item 5): 签收, acknowledging the summons,
 * and 联系, the lead department contacting the reporter. Both count from the summons on the roster's working
 * time (`defaults.sign` / `defaults.contact`, or the category's) and exist only where the roster declares them.
 * The deadlines are derived, not stored: a time recorded before the current summons belongs to an old one. */

const MS = (d: Date | null | undefined) => d?.getTime();

/** A time recorded for the department's current summons (a send-back summons it again). */
export function current(d: DeptRow, at: Date | null | undefined): boolean {
  const t = MS(at);
  const since = MS(d.summoned_at);
  return t !== undefined && since !== undefined && t >= since;
}

const spanFor = (roster: Roster, s: CaseState, key: 'sign' | 'contact') =>
  (s.caseRow.category ? roster.category(s.caseRow.category)?.[key] : undefined) ?? roster.data.defaults[key];

/** Acknowledged: the department tapped 签收, or reported in (报到 includes 签收). */
export const signed = (d: DeptRow) => current(d, d.signed_at) || current(d, d.arrived_at);

/** When the department must acknowledge this summons; undefined without a 签收 clock. */
export function signBy(roster: Roster, s: CaseState, d: DeptRow): number | undefined {
  const span = spanFor(roster, s, 'sign');
  const from = MS(d.summoned_at);
  return span !== undefined && from !== undefined ? roster.addSpan(from, span) : undefined;
}

/** The case has someone to call back: a resident named by the source system. */
export const hasReporter = (s: CaseState) => Boolean(s.caseRow.resident_phone || s.caseRow.resident_name);

/** Only the lead department calls the reporter (一家主责), and only where there is one. */
export const mustContact = (s: CaseState, d: DeptRow) => d.role === 'lead' && hasReporter(s);

/** When the lead must have contacted the reporter; undefined when it need not. */
export function contactBy(roster: Roster, s: CaseState, d: DeptRow): number | undefined {
  if (!mustContact(s, d)) return undefined;
  const span = spanFor(roster, s, 'contact');
  const from = MS(d.summoned_at);
  return span !== undefined && from !== undefined ? roster.addSpan(from, span) : undefined;
}
