import { AlreadyDone, UserError } from '../errors.js';
import type { Roster } from '../roster/roster.js';
import type { Timer } from '../timers/timer-plan.js';
import { OPEN_CASE } from '../whistle/model.js';
import type { Plan } from '../whistle/plan.js';
import { at, caseMustBe, type Rule } from '../whistle/rules/common.js';
import type { CaseState } from '../whistle/store.js';
import { deptDeadline, tellDistrictOnce } from './ladder.js';

/** 重点督办 (key supervision) as a district trigger.
 *
 * A street leader (on the status card) or a district person (on the case card that `查询` answers) marks a case
 * 重点督办. From then on its lateness reaches the district (区级专班) whatever its kind: `defaults.district_key`
 * after the first deadline a department on it misses (default 0s: at once), in one message per case naming every
 * late department, never one per department. `district_key: false` turns the trigger off (marked cases then climb
 * the ladder like any other). The automatic 重点督办 (`overdue`, set by the ladder) is a consequence of lateness;
 * this mark is a decision taken before it. */

export const key: Rule = (s, x, p) => {
  caseMustBe(s, OPEN_CASE);
  if (!x.roster.isLeader(x.actor) && !x.roster.isDistrict(x.actor))
    throw new UserError(
      'forbidden',
      '只有街道领导或区级专班可以列为重点督办',
      'Only a street leader or the district can put a case under key supervision',
    );
  if (s.caseRow.key_at) throw new AlreadyDone('本案已列为重点督办', 'This case is already under key supervision');
  p.patchCase({ key_at: at(x), key_by: x.actor });
  p.allCards = true;
  p.log({ actor: x.actor, action: 'key', ref: x.ref });
  p.done('已列为重点督办，超时将报区级专班', 'Under key supervision: lateness will reach the district');
};

/** When the district should hear of a marked case: `district_key` after the earliest deadline a department on it
 * works against; nothing once it has heard, while shelved, or when the roster turned the trigger off. */
export function keyTimers(s: CaseState, roster: Roster): Timer[] {
  const after = roster.data.defaults.district_key;
  if (!s.caseRow.key_at || after === false || s.caseRow.district_escalated_at || s.caseRow.shelved_at) return [];
  const dues = s.depts.map((d) => deptDeadline(d)?.getTime()).filter((t): t is number => t !== undefined);
  if (dues.length === 0) return [];
  return [{ caseId: s.caseRow.id, dept: '', kind: 'key', phase: 'resolve', step: 0, dueAt: Math.min(...dues) + after }];
}

/** The key timer fired: the district hears once, naming every late department; the case shows 重点督办 red. */
export function keyFired(s: CaseState, roster: Roster, p: Plan, now: number): void {
  if (!tellDistrictOnce(p, { state: s, roster, now })) return;
  p.patchCase({ overdue: true });
  p.allCards = true;
  p.log({ actor: 'bot', action: 'escalate', note: 'key: district' });
}
