import type { DeptRow } from '../db/schema.js';
import type { Roster } from '../roster/roster.js';
import type { EscalationStep } from '../roster/roster-schema.js';
import type { Plan } from '../whistle/plan.js';
import type { CaseState } from '../whistle/store.js';

/** The escalation ladder (升级督办), in one place.
 *
 * What it is: when a department on a case misses a deadline (报到 by `arrive_by`, 办结 by `resolve_by`), the case
 * climbs a ladder of rungs, each `after` a delay past that deadline. The roster declares the rungs under
 * `escalation:` (src/roster/roster-schema.ts, `escalationStep`); without it DEFAULT_ESCALATION applies:
 *   1. at once     → the department's head (分管领导), with a Lark urgent (app) on the summons card;
 *   2. +15 minutes → the street's leaders (街道领导);
 *   3. +1 hour     → the district (区级专班), once per case, naming every late department.
 *
 * What a rung does (climbRung): tells its audience (notice `escalate`, or `escalate_case` for the district,
 * texts in src/notices/lifecycle-texts.ts and kind-notices.ts), marks the department's `escalation_step`, makes the
 * case 重点督办 (`overdue`), and writes `escalate` on the timeline. Reminders stop once the first rung is reached.
 *
 * Who climbs it: the timers (ladderTimers plans one `escalate` timer per rung not yet reached; src/timers/run-timer.ts
 * fires it), or a street cadre by hand with the status card's 升级督办 (rule `escalate`, src/whistle/rules/street.ts),
 * which climbs the next rung at once. */
export type Rung = EscalationStep;

/** The ladder a street uses (its roster's, or the default). */
export const ladderOf = (roster: Roster): Rung[] => roster.escalation;

/** One escalate timer per rung this department has not reached, due `after` its deadline. */
export function ladderTimers<T extends object>(
  base: T,
  d: Pick<DeptRow, 'escalation_step'>,
  deadline: number,
  ladder: Rung[],
): (T & { kind: 'escalate'; step: number; dueAt: number })[] {
  return ladder.flatMap((rung, i) =>
    i >= d.escalation_step ? [{ ...base, kind: 'escalate' as const, step: i, dueAt: deadline + rung.after }] : [],
  );
}

/** One rung of the escalation ladder: who hears, with which urgents, and the case becomes 重点督办. The district
 * hears once per case, in one message naming every late department, however many departments reach that rung. */
export function climbRung(
  plan: Plan,
  dept: string,
  rungIndex: number,
  rung: Rung,
  actor: string,
  ref: string | undefined,
  on: { state: CaseState; roster: Roster; now: number },
): void {
  if (rung.to !== 'district') {
    plan.notices.push({ kind: 'escalate', dept, to: rung.to, urgent: rung.to === 'head' ? rung.urgent : [] });
  } else if (
    // Only the kinds the roster sends to the district (defaults.district_kinds) reach it, and 重点督办 cases
    // (src/escalation/key.ts) whatever their kind, unless the roster turned that off.
    (on.roster.data.defaults.district_kinds as string[]).includes(on.state.caseRow.kind) ||
    (on.state.caseRow.key_at && on.roster.data.defaults.district_key !== false)
  ) {
    tellDistrictOnce(plan, on, dept);
  }
  plan.patchDept(dept, { escalation_step: rungIndex + 1 });
  plan.patchCase({ overdue: true });
  plan.log({ actor, action: 'escalate', dept, note: `${rungIndex + 1}: ${rung.to}`, ref });
}

/** The district hears of a case's lateness once, in one message naming every department late now (and `dept`,
 * the one whose rung fired). False when it had already heard. */
export function tellDistrictOnce(
  plan: Plan,
  on: { state: CaseState; roster: Roster; now: number },
  dept?: string,
): boolean {
  if (on.state.caseRow.district_escalated_at || plan.casePatch.district_escalated_at) return false;
  const late = on.state.depts.filter((d) => d.dept === dept || lateNow(d, on.now));
  const names = late.map((d) => on.roster.department(d.dept));
  plan.notices.push({
    kind: 'escalate_case',
    to: 'district',
    note: names.map((d, j) => d?.name ?? late[j]!.dept).join('、'),
    noteEn: names.map((d, j) => d?.name_en ?? d?.name ?? late[j]!.dept).join(', '),
  });
  plan.patchCase({ district_escalated_at: new Date(on.now) });
  return true;
}

/** The deadline a department on the case works against now: 报到 while summoned, 办结 once arrived. */
export function deptDeadline(d: Pick<DeptRow, 'status' | 'arrive_by' | 'resolve_by'>): Date | null {
  return d.status === 'summoned' ? d.arrive_by : d.status === 'arrived' ? d.resolve_by : null;
}

const lateNow = (d: DeptRow, now: number) => {
  const due = deptDeadline(d);
  return due !== null && due.getTime() < now;
};
