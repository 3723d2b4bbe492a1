import { UserError } from '../errors.js';
import type { Roster } from '../roster/roster.js';
import { type ActionName, DEPT_ACTIONS } from './model.js';
import type { CaseState } from './store.js';

const DEPT = new Set<string>(DEPT_ACTIONS);

/** Who may do what, from the roster: street cadres and leaders act for the street (leaders may do all a cadre
 * may), a department's contacts and head act for that department, and the person who reported a draft may
 * withdraw it. Everyone else is refused, with the reason, in both languages. */
export function authorize(roster: Roster, s: CaseState, action: ActionName, actor: string, dept?: string): void {
  const tier = s.caseRow.tier;
  if (DEPT.has(action)) {
    const d = dept ? roster.department(dept) : undefined;
    if (!d)
      throw new UserError(
        'bad_dept',
        '按钮缺少部门信息，请使用最新的卡片',
        'This button names no department; use the latest card',
      );
    if (!roster.actsFor(actor, d.id)) {
      throw new UserError(
        'forbidden',
        `只有${d.name}的联络人或负责人可以操作`,
        `Only ${d.name_en ?? d.name}'s contacts or head can do this`,
      );
    }
    return;
  }
  if (action === 'cancel' && s.caseRow.status === 'draft' && actor === s.caseRow.created_by) return;
  // 重点督办 is the district's to mark too (on the card `查询` answers); the rule checks who exactly.
  if (action === 'key' && roster.isDistrict(actor)) return;
  if (!roster.isStreetStaff(actor, tier)) {
    throw new UserError('forbidden', '只有街道干部或领导可以操作', "Only the street's cadres and leaders can do this");
  }
}
