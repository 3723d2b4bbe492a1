import type { Roster } from '../roster/roster.js';
import type { CaseState } from './store.js';

/** Who may read what, in one place (the contract's "Who may read"):
 * - a case (查询/status, its status card, 我的待办 entries): the street's staff (cadres and leaders, and a tier's
 *   own cadres for that tier's cases), the district, and the contacts and head of every department summoned to
 *   that case (a department only proposed on a draft was never summoned and sees nothing);
 * - today's digest (今日/today): the street's staff and the district.
 * Everyone else, including a cadre of another street and a department not on the case, is refused with the same
 * words whether or not the case exists, so that case numbers cannot be walked. */
export interface Reader {
  roster: Roster;
  user: string;
  /** True when the user is district staff of any street this deployment serves (the district sees every case). */
  isDistrict?: (user: string) => boolean;
}

const district = (r: Reader) => r.roster.isDistrict(r.user) || (r.isDistrict?.(r.user) ?? false);

export function mayReadCase(r: Reader, s: CaseState): boolean {
  if (district(r)) return true;
  if (s.caseRow.street !== r.roster.street.id) return false;
  if (r.roster.isStreetStaff(r.user, s.caseRow.tier)) return true;
  return s.depts.some((d) => d.status !== 'proposed' && r.roster.actsFor(r.user, d.dept));
}

export function mayReadToday(r: Reader): boolean {
  return district(r) || r.roster.isStreetStaff(r.user);
}

/** The one refusal for a case: the same for a case that exists and one that does not. */
export const CASE_HIDDEN = {
  title: { zh: '无法查询', en: 'Not available' },
  body: (number: string) => ({
    zh: `案件 ${number} 不存在，或你无权查看。`,
    en: `Case ${number} does not exist or you may not see it.`,
  }),
};

export const TODAY_HIDDEN = {
  title: { zh: '无法查看', en: 'Not available' },
  body: {
    zh: '今日碰头仅向本街道干部、领导和区级专班提供。',
    en: "Today's huddle is for the street's cadres and leaders and the district only.",
  },
};
