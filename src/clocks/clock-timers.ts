import type { Roster } from '../roster/roster.js';
import { stageFired, stageTimers } from '../stages/stages.js';
import type { Timer } from '../timers/timer-plan.js';
import type { Plan } from '../whistle/plan.js';
import type { CaseState } from '../whistle/store.js';
import { resume } from './shelve.js';
import { contactBy, current, signBy, signed } from './windows.js';

/** The timers of the clocks in this folder: a department's 签收 and 联系, the street's own steps (a draft not
 * confirmed, a resolved case not accepted within the roster's limit). Each fires once per summons or step. */
export const CLOCK_KINDS = ['sign', 'contact', 'street', 'shelve', 'stage'] as const;
export type ClockTimerKind = (typeof CLOCK_KINDS)[number];
export const isClockTimer = (t: Timer): t is Timer & { kind: ClockTimerKind } =>
  (CLOCK_KINDS as readonly string[]).includes(t.kind);

const ACTIVE = new Set(['summoned', 'arrived']);
const OPEN = new Set(['whistled', 'reopened', 'resolved']);

/** When the street's current step started and how long the roster gives it; undefined when there is none. */
function streetStep(s: CaseState, roster: Roster): { step: 0 | 1; from: number; due: number } | undefined {
  const d = roster.data.defaults;
  if (s.caseRow.status === 'draft' && d.confirm_within !== undefined) {
    const from = s.caseRow.created_at.getTime();
    return { step: 0, from, due: roster.addSpan(from, d.confirm_within) };
  }
  if (s.caseRow.status === 'resolved' && d.accept_within !== undefined) {
    // Resolved when the last department finished, left or was released.
    const ends = s.depts.flatMap((x) => [x.done_at, x.ended_at]).map((t) => t?.getTime() ?? 0);
    const from = Math.max(...ends, s.caseRow.whistled_at?.getTime() ?? 0);
    return { step: 1, from, due: roster.addSpan(from, d.accept_within) };
  }
  return undefined;
}

export function clockTimers(s: CaseState, roster: Roster): Timer[] {
  const out: Timer[] = [];
  const street = streetStep(s, roster);
  const told = s.caseRow.street_late_at?.getTime();
  if (street && !(told !== undefined && told >= street.from))
    out.push({
      caseId: s.caseRow.id,
      dept: '',
      kind: 'street',
      phase: 'resolve',
      step: street.step,
      dueAt: street.due,
    });
  if (!OPEN.has(s.caseRow.status)) return out;
  out.push(...stageTimers(s));
  // 挂账: only the review date runs while the case is shelved.
  if (s.caseRow.shelved_at && s.caseRow.shelve_review)
    return [
      ...out,
      {
        caseId: s.caseRow.id,
        dept: '',
        kind: 'shelve',
        phase: 'resolve',
        step: 0,
        dueAt: s.caseRow.shelve_review.getTime(),
      },
    ];
  for (const d of s.depts) {
    if (!ACTIVE.has(d.status)) continue;
    const base = { caseId: s.caseRow.id, dept: d.dept, phase: 'arrive' as const, step: 0 };
    const sBy = signBy(roster, s, d);
    if (sBy !== undefined && !signed(d) && !current(d, d.sign_late_at)) out.push({ ...base, kind: 'sign', dueAt: sBy });
    const cBy = contactBy(roster, s, d);
    if (cBy !== undefined && !current(d, d.contacted_at) && !current(d, d.contact_late_at))
      out.push({ ...base, kind: 'contact', dueAt: cBy });
  }
  return out;
}

/** A clock ran out: the department (and its head, or the street) hears once, and the timeline records it. */
export function clockFired(
  s: CaseState,
  roster: Roster,
  t: Timer & { kind: ClockTimerKind },
  p: Plan,
  now: number,
): void {
  const at = new Date(now);
  if (t.kind === 'stage') {
    stageFired(s, roster, p, now);
    return;
  }
  if (t.kind === 'shelve') {
    resume(s, p, now);
    p.notices.push({ kind: 'shelve_review', to: 'street' });
    p.log({ actor: 'bot', action: 'shelve_review' });
    return;
  }
  if (t.kind === 'sign') {
    p.patchDept(t.dept, { sign_late_at: at });
    p.notices.push(
      { kind: 'sign_late', dept: t.dept, to: 'contacts' },
      { kind: 'sign_late', dept: t.dept, to: 'head' },
    );
    p.log({ actor: 'bot', action: 'sign_late', dept: t.dept });
  } else if (t.kind === 'contact') {
    p.patchDept(t.dept, { contact_late_at: at });
    p.notices.push(
      { kind: 'contact_late', dept: t.dept, to: 'contacts' },
      { kind: 'contact_late', dept: t.dept, to: 'street' },
    );
    p.log({ actor: 'bot', action: 'contact_late', dept: t.dept });
  } else {
    const step = t.step === 0 ? 'confirm' : 'accept';
    p.patchCase({ street_late_at: at });
    p.notices.push({ kind: 'street_late', to: 'street', note: step });
    p.log({ actor: 'bot', action: 'street_late', note: step });
  }
}
