import type { DeptRow } from '../db/schema.js';
import type { Roster } from '../roster/roster.js';
import type { Timer } from '../timers/timer-plan.js';
import type { CaseState } from '../whistle/store.js';

/** "Still on site?" checks for the people of a department that has reported in: one every presence interval after
 * they were last seen, then a grace timer once asked; a missed check waits for their answer. */
export function presenceTimers(
  s: CaseState,
  d: DeptRow,
  roster: Roster,
  base: Pick<Timer, 'caseId' | 'dept' | 'phase'>,
): Timer[] {
  const out: Timer[] = [];
  const every = roster.presenceInterval(d.dept);
  const grace = roster.data.defaults.presence_grace;
  for (const p of s.presence.filter((x) => x.dept === d.dept && !x.until)) {
    const asked = p.check_sent_at?.getTime();
    if (asked !== undefined && asked > p.last_seen.getTime()) {
      // Asked and not yet answered: the grace timer; once missed, nothing more until they answer.
      if (!p.missed) out.push({ ...base, kind: 'presence', step: 1, dueAt: asked + grace, user: p.user_id });
    } else {
      // With a declared calendar, nobody is asked "still on site?" at night or on a holiday: the check waits
      // for the next working moment.
      const due = p.last_seen.getTime() + every;
      const at = roster.calendar ? roster.calendar.nextWorkingTime(due) : due;
      out.push({ ...base, kind: 'presence', step: 0, dueAt: at, user: p.user_id });
    }
  }
  return out;
}
