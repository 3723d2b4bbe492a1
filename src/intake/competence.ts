import type { Roster } from '../roster/roster.js';
import type { Department } from '../roster/roster-schema.js';
import { normalizeText } from './normalize.js';
import { FUNCTION_IDS, FUNCTIONS, type FunctionId } from './taxonomy/index.js';

export interface Competence {
  /** The functions each department serves. */
  of: Map<string, FunctionId[]>;
  /** The departments serving each function, in roster order (core before extended). */
  serving: Map<FunctionId, string[]>;
}

const cache = new WeakMap<Roster, Competence>();

/** What a department serves: its declared `functions`, else what its name and aliases say (城管 → 城管执法). */
export function inferFunctions(d: Department): FunctionId[] {
  if (d.functions && d.functions.length > 0) return d.functions;
  const names = [d.name, ...d.aliases].map(normalizeText);
  return FUNCTION_IDS.filter((f) => names.some((n) => FUNCTIONS[f].dept.test(n)));
}

export function competence(roster: Roster): Competence {
  let c = cache.get(roster);
  if (c) return c;
  c = { of: new Map(), serving: new Map() };
  const ordered = [...roster.departments].sort((a, b) => Number(a.tier !== 'core') - Number(b.tier !== 'core'));
  for (const d of ordered) {
    const fns = inferFunctions(d);
    c.of.set(d.id, fns);
    for (const f of fns) c.serving.set(f, [...(c.serving.get(f) ?? []), d.id]);
  }
  cache.set(roster, c);
  return c;
}
