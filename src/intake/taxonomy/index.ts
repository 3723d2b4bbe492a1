import { FUNCTIONS as FUNCTIONS_LOCAL, type FunctionId, isFunctionId as isFunctionIdLocal } from './functions.js';
import type { Matter } from './matter.js';
import { LIVING_MATTERS } from './matters-living.js';
import { ORDER_MATTERS } from './matters-order.js';

export { FUNCTION_IDS, FUNCTIONS, type FunctionId, isFunctionId } from './functions.js';
export type { Matter } from './matter.js';

export const MATTERS: Matter[] = [...ORDER_MATTERS, ...LIVING_MATTERS];

export interface Phrase {
  term: string;
  matter: Matter;
}

/** Every wording of every matter, longest first, so a longer wording claims its span before a shorter one. */
export const PHRASES: Phrase[] = MATTERS.flatMap((matter) =>
  matter.words
    .split(/\s+/)
    .filter(Boolean)
    .map((term) => ({ term, matter })),
).sort((a, b) => b.term.length - a.term.length);

/** The taxonomy's own training texts: each example, and each matter's wordings as one pseudo-document. */
export function taxonomySamples(): { text: string; functions: FunctionId[] }[] {
  return MATTERS.flatMap((m) => {
    const functions = [m.fn, ...(m.also ?? [])];
    return [...m.examples, m.words].map((text) => ({ text, functions }));
  });
}

/** The bilingual name of a generic category (a function id used where no roster category fits), for cards. */
export function functionLabel(id: string): { zh: string; en: string } | undefined {
  return isFunctionIdLocal(id) ? { zh: FUNCTIONS_LOCAL[id].zh, en: FUNCTIONS_LOCAL[id].en } : undefined;
}
