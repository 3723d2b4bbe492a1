import type { Roster } from '../roster/roster.js';
import type { Category } from '../roster/roster-schema.js';
import { competence } from './competence.js';
import { normalizeText } from './normalize.js';
import { type FunctionId, type Matter, PHRASES } from './taxonomy/index.js';
import { contextAt, type Spans } from './text.js';

/** How much a wording says: longer wordings are more specific ("燃气管道" over "燃气"). */
const weightOf = (term: string) => 1 + 0.3 * Math.min(4, [...term].length - 1);
const REPORTED_FACTOR = 0.4;
/** A matter's other acceptable leads get part of its vote: they are competent, less typically. */
const ALSO_FACTOR = 0.35;

interface Hit {
  term: string;
  at: number;
}

/** Occurrences of terms in the text, one per span: a term inside a longer one already found adds nothing. */
function hitsOf<T extends { term: string }>(text: string, terms: T[], spans: Spans): { t: T; weight: number }[] {
  const taken: Hit[] = [];
  const out: { t: T; weight: number }[] = [];
  // The text's character pairs: a term whose first pair is absent cannot occur, so most terms cost a set lookup.
  const pairs = terms.length > 64 ? new Set<string>() : null;
  if (pairs) for (let i = 0; i + 1 < text.length; i++) pairs.add(text.slice(i, i + 2));
  for (const t of terms) {
    if (!t.term || (pairs && t.term.length >= 2 && !pairs.has(t.term.slice(0, 2)))) continue;
    const at = text.indexOf(t.term);
    if (at < 0) continue;
    if (taken.some((h) => at >= h.at && at + t.term.length <= h.at + h.term.length && h.term !== t.term)) continue;
    taken.push({ term: t.term, at });
    const ctx = contextAt(spans, at);
    if (ctx === 'negated') continue;
    out.push({ t, weight: weightOf(t.term) * (ctx === 'reported' ? REPORTED_FACTOR : 1) });
  }
  return out;
}

/** The taxonomy's vote per function, and the weight of each matter the text speaks of. */
export function taxonomyVotes(
  text: string,
  spans: Spans,
): { votes: Map<FunctionId, number>; matters: Map<Matter, number> } {
  const votes = new Map<FunctionId, number>();
  const matters = new Map<Matter, number>();
  const add = (f: FunctionId, w: number) => votes.set(f, (votes.get(f) ?? 0) + w);
  for (const { t, weight } of hitsOf(text, PHRASES, spans)) {
    add(t.matter.fn, weight);
    for (const f of t.matter.also ?? []) add(f, weight * ALSO_FACTOR);
    matters.set(t.matter, (matters.get(t.matter) ?? 0) + weight);
  }
  return { votes, matters };
}

const relatedCache = new WeakMap<Roster, Map<string, Set<Matter>>>();

/** The taxonomy's matters a roster category is about: those sharing a wording with its name or keywords
 * (占道经营 ↔ 摆桌), so the standard wordings reach the street's category even where its keywords are few. */
export function relatedMatters(roster: Roster): Map<string, Set<Matter>> {
  let m = relatedCache.get(roster);
  if (m) return m;
  m = new Map();
  for (const c of roster.categories) {
    const own = [c.name, ...c.keywords].map(normalizeText).filter((k) => k.length >= 2);
    const set = new Set<Matter>();
    for (const p of PHRASES) {
      if (
        p.term.length >= 2 &&
        own.some(
          (k) => k === p.term || (k.length >= 3 && p.term.includes(k)) || (p.term.length >= 3 && k.includes(p.term)),
        )
      ) {
        set.add(p.matter);
      }
    }
    m.set(c.id, set);
  }
  relatedCache.set(roster, m);
  return m;
}

interface RosterTerm {
  term: string;
  category: Category;
}

const termCache = new WeakMap<Roster, RosterTerm[]>();

function rosterTerms(roster: Roster): RosterTerm[] {
  let terms = termCache.get(roster);
  if (!terms) {
    terms = roster.categories
      .flatMap((category) => [...category.keywords, category.name].map((k) => ({ term: normalizeText(k), category })))
      .sort((a, b) => b.term.length - a.term.length);
    termCache.set(roster, terms);
  }
  return terms;
}

/** The street's own words: each roster category's score, and the vote it gives its lead department's functions. */
export function rosterVotes(
  text: string,
  roster: Roster,
  spans: Spans,
): { categories: Map<string, number>; votes: Map<FunctionId, number> } {
  const categories = new Map<string, number>();
  for (const { t, weight } of hitsOf(text, rosterTerms(roster), spans)) {
    categories.set(t.category.id, (categories.get(t.category.id) ?? 0) + weight);
  }
  const votes = new Map<FunctionId, number>();
  const comp = competence(roster);
  for (const [id, score] of categories) {
    const fns = comp.of.get(roster.category(id)!.lead) ?? [];
    for (const f of fns) votes.set(f, Math.max(votes.get(f) ?? 0, score / fns.length));
  }
  return { categories, votes };
}
