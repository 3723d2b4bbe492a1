import type { Roster } from '../roster/roster.js';
import { competence } from './competence.js';
import type { Emergency } from './emergency.js';
import { relatedMatters } from './evidence.js';
import type { Ranking } from './rank.js';
import { FUNCTIONS, type FunctionId } from './taxonomy/index.js';

/** A served function this close to the best one may lead when the best has no department in the roster
 * (an acceptable second lead, e.g. 住建 for a 供暖 matter of 物业); below it the bot says who owns the matter. */
export const TUNING = { secondLeadRatio: 0.55, modelOnlyFloor: 0.3, emergencyModel: 0.7 };

export interface Placement {
  lead: string | null;
  leadFn: FunctionId | null;
  /** The best function when no roster department serves it: the draft names who owns the matter. */
  unowned: FunctionId | null;
  assistFns: FunctionId[];
  score: number;
}

/** The department serving a function; the one whose own category the text matched first. */
export function deptFor(fn: FunctionId, roster: Roster, ranking: Ranking): string | undefined {
  const depts = competence(roster).serving.get(fn) ?? [];
  if (depts.length < 2) return depts[0];
  let best = depts[0];
  let bestScore = 0;
  for (const [cat, score] of ranking.categories) {
    const lead = roster.category(cat)!.lead;
    if (depts.includes(lead) && score > bestScore) [best, bestScore] = [lead, score];
  }
  return best;
}

const FALLBACK: FunctionId[] = ['fire_rescue', 'public_security', 'emergency_management', 'community'];

/** An emergency always gets a lead: the first of its leads the roster serves, else whoever can act first. */
export function placeEmergency(em: Emergency, roster: Roster, ranking: Ranking): Placement {
  const owner = ranking.functions[0]?.id;
  for (const fn of [...em.lead, ...FALLBACK, ...ranking.functions.map((f) => f.id)]) {
    const lead = deptFor(fn, roster, ranking);
    if (!lead) continue;
    const assistFns = [...em.assist, ...(owner && owner !== fn ? [owner] : [])];
    return { lead, leadFn: fn, unowned: null, assistFns, score: ranking.functions[0]?.score ?? 0.5 };
  }
  // A roster serving none of them still names departments: the first one can at least relay the alarm.
  return { lead: roster.departments[0]!.id, leadFn: null, unowned: null, assistFns: em.assist, score: 0 };
}

/** No department owns the matter, but one of the street's categories is about that very matter (they share its
 * wordings, e.g. a 积水与排水 category listing 井盖) and the text used the category's words: the street has said who
 * takes such cases. A category merely matched on another matter's word ("工地" in a wage complaint) says nothing. */
function streetTakes(
  fn: FunctionId,
  roster: Roster,
  ranking: Ranking,
): { lead: string; leadFn: FunctionId | null } | null {
  const related = relatedMatters(roster);
  let best: string | null = null;
  let bestScore = 0;
  for (const [cat, score] of ranking.categories) {
    const about = [...(related.get(cat) ?? [])].some((m) => m.fn === fn && ranking.matters.has(m));
    if (about && score > bestScore) [best, bestScore] = [cat, score];
  }
  if (!best) return null;
  const lead = roster.category(best)!.lead;
  return { lead, leadFn: competence(roster).of.get(lead)?.[0] ?? null };
}

/** The lead for an ordinary matter: the best function the roster serves, or who owns it when none does. */
export function placeMatter(roster: Roster, ranking: Ranking): Placement | null {
  const top = ranking.functions[0];
  if (!top) return null;
  if (ranking.evidence === 0 && top.score < TUNING.modelOnlyFloor) return null;
  const direct = deptFor(top.id, roster, ranking);
  if (direct) return { lead: direct, leadFn: top.id, unowned: null, assistFns: [], score: top.score };
  for (const f of FUNCTIONS[top.id].standIn ?? []) {
    const lead = deptFor(f, roster, ranking);
    if (lead) return { lead, leadFn: f, unowned: null, assistFns: [], score: top.score };
  }
  const own = streetTakes(top.id, roster, ranking);
  if (own) return { ...own, unowned: top.id, assistFns: [], score: top.score };
  for (const f of ranking.functions.slice(1)) {
    if (f.score < TUNING.secondLeadRatio * top.score) break;
    const lead = deptFor(f.id, roster, ranking);
    if (lead) return { lead, leadFn: f.id, unowned: top.id, assistFns: [], score: f.score };
  }
  return { lead: null, leadFn: null, unowned: top.id, assistFns: [], score: top.score };
}

/** The roster category for the lead: one of its own categories the text matched, else the function's id. */
export function categoryFor(
  lead: string,
  leadFn: FunctionId | null,
  roster: Roster,
  ranking: Ranking,
  emergency: boolean,
): string | null {
  let best: string | null = null;
  let bestScore = 0;
  const related = relatedMatters(roster);
  for (const c of roster.categories) {
    // An emergency category on a text that is no emergency ("燃气费" is no gas leak) would raise a false alarm.
    if (c.lead !== lead || (c.kind === 'emergency' && !emergency)) continue;
    // The street's own words count fully; the standard wordings of a matter the category is about, half.
    let score = ranking.categories.get(c.id) ?? 0;
    for (const m of related.get(c.id) ?? []) score += 0.5 * (ranking.matters.get(m) ?? 0);
    if (score > bestScore) [best, bestScore] = [c.id, score];
  }
  return best ?? leadFn;
}
