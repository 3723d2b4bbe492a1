import type { Roster } from '../roster/roster.js';
import { rosterVotes, taxonomyVotes } from './evidence.js';
import type { TextModel } from './model.js';
import type { FunctionId, Matter } from './taxonomy/index.js';
import { type Spans, withoutNegated, withoutPlaceNames } from './text.js';

export interface RankedFunction {
  id: FunctionId;
  score: number;
}

/** How the three voices mix: the model generalises, the taxonomy knows the standard wordings, the roster knows
 * the street's own words. Tuned on the train rows and fixtures only (`npm run eval:intake` never tunes). */
export const WEIGHTS = { model: 1, taxonomy: 1.2, roster: 0.5 };

export interface Ranking {
  functions: RankedFunction[];
  /** Roster category id → the street's own keyword score. */
  categories: Map<string, number>;
  /** Taxonomy matters the text speaks of, with their weight. */
  matters: Map<Matter, number>;
  /** Wordings found: taxonomy plus roster (0 = nothing recognisable; the model alone does not place a case). */
  evidence: number;
}

function share(votes: Map<FunctionId, number>): Map<FunctionId, number> {
  let total = 0;
  for (const v of votes.values()) total += v;
  const out = new Map<FunctionId, number>();
  // +1: one short wording is a hint, not certainty.
  for (const [f, v] of votes) out.set(f, v / (total + 1));
  return out;
}

export function rankFunctions(original: string, roster: Roster, spans: Spans, model: TextModel | null): Ranking {
  const text = withoutPlaceNames(original);
  const tax = taxonomyVotes(text, spans);
  const ros = rosterVotes(text, roster, spans);
  const nb = (model?.predict(withoutNegated(text, spans)) ?? new Map()) as Map<FunctionId, number>;
  const parts: [Map<FunctionId, number>, number][] = [
    [nb, WEIGHTS.model],
    [share(tax.votes), WEIGHTS.taxonomy],
    [share(ros.votes), WEIGHTS.roster],
  ];
  const sum = new Map<FunctionId, number>();
  for (const [m, w] of parts) for (const [f, v] of m) sum.set(f, (sum.get(f) ?? 0) + v * w);
  let total = 0;
  for (const v of sum.values()) total += v;
  const functions = [...sum]
    .map(([id, v]) => ({ id, score: total > 0 ? v / total : 0 }))
    .filter((r) => r.score > 0.005)
    .sort((a, b) => b.score - a.score);
  let evidence = 0;
  for (const v of tax.votes.values()) evidence += v;
  for (const v of ros.categories.values()) evidence += v;
  return { functions, categories: ros.categories, matters: tax.matters, evidence };
}
