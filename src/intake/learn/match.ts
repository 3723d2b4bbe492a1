import type { Understanding } from '../classify.js';
import { features } from '../text.js';

/** A correction the street taught: a confirmed draft whose category, lead or kind the cadre changed. */
export interface Learnt {
  id: string;
  text: string;
  matter: string | null;
  /** What the classifier said of that text before anyone changed it. */
  rawCategory: string | null;
  rawLead: string | null;
  /** What the cadre confirmed instead. */
  category: string | null;
  lead: string | null;
  kind: string;
  decidedAt: Date;
}

/** How alike two texts are: the share of features (jieba words and character bigrams) they have in common. */
export function likeness(a: string, b: string): number {
  const fa = new Set(features(a));
  const fb = new Set(features(b));
  if (fa.size === 0 || fb.size === 0) return 0;
  let common = 0;
  for (const f of fa) if (fb.has(f)) common++;
  return (2 * common) / (fa.size + fb.size);
}

/** Texts this alike are the same matter told again, whatever the classifier made of them. */
export const SAME_TEXT = 0.6;
/** With the same matter and the same first guess, this much in common is enough to follow the correction. */
export const SAME_MATTER = 0.2;

/** The street's correction a new draft should follow, or null: the newest whose first guess was the same as this
 * draft's (the same mistake) about the same matter in similar words, or one about nearly the same words. */
export function learntFor(text: string, u: Understanding, learnt: readonly Learnt[]): Learnt | null {
  let best: Learnt | null = null;
  for (const l of learnt) {
    const sameGuess = l.rawCategory === u.category && l.rawLead === u.lead;
    const like = likeness(text, l.text);
    const follows =
      like >= SAME_TEXT || (sameGuess && l.matter !== null && l.matter === u.matter && like >= SAME_MATTER);
    if (follows && (!best || l.decidedAt > best.decidedAt)) best = l;
  }
  return best;
}
