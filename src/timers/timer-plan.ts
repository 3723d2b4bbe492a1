import { type ClockTimerKind, clockTimers } from '../clocks/clock-timers.js';
import type { DeptRow } from '../db/schema.js';
import { keyTimers } from '../escalation/key.js';
import { ladderOf, ladderTimers } from '../escalation/ladder.js';
import { presenceTimers } from '../presence/presence-timers.js';
import type { Roster } from '../roster/roster.js';
import type { EscalationStep } from '../roster/roster-schema.js';
import { OPEN_CASE } from '../whistle/model.js';
import type { CaseState } from '../whistle/store.js';

export type TimerKind = 'remind' | 'escalate' | 'presence' | 'renew' | 'key' | ClockTimerKind;

/** One pending timer of a case, derived from the database alone: the sweep can always rebuild it. */
export interface Timer {
  caseId: string;
  dept: string;
  kind: TimerKind;
  /** arrive (before reporting in) or resolve (after): which deadline the timer serves. */
  phase: 'arrive' | 'resolve';
  step: number;
  dueAt: number;
  /** The person a presence check is for. */
  user?: string;
}

/** Deterministic id: the same timer is added once however often it is planned; a moved deadline is a new id. */
export const timerId = (t: Timer) =>
  `t-${t.caseId}-${t.dept}-${t.kind}-${t.phase}-${t.step}-${t.dueAt}${t.user ? `-${t.user}` : ''}`;

const OPEN = new Set<string>(OPEN_CASE);

function deptTimers(s: CaseState, d: DeptRow, roster: Roster, ladder: EscalationStep[]): Timer[] {
  const phase = d.status === 'summoned' ? 'arrive' : d.status === 'arrived' ? 'resolve' : undefined;
  if (!phase) return [];
  const start = (phase === 'arrive' ? d.summoned_at : d.arrived_at)?.getTime();
  const deadline = (phase === 'arrive' ? d.arrive_by : d.resolve_by)?.getTime();
  if (start === undefined || deadline === undefined) return [];
  const base = { caseId: s.caseRow.id, dept: d.dept, phase } as const;
  const out: Timer[] = [];
  if (d.escalation_step === 0) {
    roster.data.defaults.reminders.forEach((f, i) => {
      if (i >= d.reminded)
        out.push({ ...base, kind: 'remind', step: i, dueAt: Math.round(start + f * (deadline - start)) });
    });
  }
  // The escalation ladder (src/escalation/ladder.ts): one timer per rung not yet reached.
  out.push(...ladderTimers(base, d, deadline, ladder));
  if (phase === 'resolve') out.push(...presenceTimers(s, d, roster, base));
  return out;
}

/** Every timer a case should have now. A timer that fires and is not in this list is stale and does nothing. */
export function plannedTimers(s: CaseState, roster: Roster): Timer[] {
  // 签收, 联系, stages and the street's own steps (src/clocks, src/stages); a draft has only the street's.
  const clocks = clockTimers(s, roster);
  if (!OPEN.has(s.caseRow.status)) return clocks;
  // 挂账: a shelved case's departments are not reminded or escalated until its review date.
  if (s.caseRow.shelved_at) return [...clocks, ...renewTimers(s)];
  return [
    ...s.depts.flatMap((d) => deptTimers(s, d, roster, ladderOf(roster))),
    ...renewTimers(s),
    ...clocks,
    // 重点督办: the district hears of a marked case's lateness (src/escalation/key.ts).
    ...keyTimers(s, roster),
  ];
}

/** Lark 2.0 cards can be clicked and updated for 14 days; a day before that the bot posts fresh ones. */
export const RENEW_AFTER_MS = 13 * 86_400_000;

/** A renew timer for the status card and for every live summons card, due 13 days after it was posted. */
function renewTimers(s: CaseState): Timer[] {
  const out: Timer[] = [];
  const posted = (s.caseRow.card_posted_at ?? s.caseRow.whistled_at ?? s.caseRow.created_at).getTime();
  if (s.caseRow.card_message_id)
    out.push({
      caseId: s.caseRow.id,
      dept: '',
      kind: 'renew',
      phase: 'resolve',
      step: 0,
      dueAt: posted + RENEW_AFTER_MS,
    });
  for (const d of s.depts) {
    if (!d.card_message_id || !['summoned', 'arrived'].includes(d.status)) continue;
    const at = (d.card_posted_at ?? d.summoned_at)?.getTime();
    if (at !== undefined)
      out.push({
        caseId: s.caseRow.id,
        dept: d.dept,
        kind: 'renew',
        phase: 'resolve',
        step: 0,
        dueAt: at + RENEW_AFTER_MS,
      });
  }
  return out;
}
