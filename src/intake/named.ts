import type { Roster } from '../roster/roster.js';
import { normalizeText } from './normalize.js';

const aliasCache = new WeakMap<Roster, Map<string, string[]>>();

/** Each department's name and aliases, normalized once per roster. */
function aliasesOf(roster: Roster): Map<string, string[]> {
  let m = aliasCache.get(roster);
  if (!m) {
    m = new Map(roster.departments.map((d) => [d.id, [d.name, ...d.aliases].map(normalizeText)]));
    aliasCache.set(roster, m);
  }
  return m;
}

/** Departments the text names, by name or alias, in order of appearance; "由X牵头" marks the lead. */
export function namedDepartments(text: string, roster: Roster): { named: string[]; lead: string | null } {
  const hits: { id: string; at: number }[] = [];
  for (const [id, aliases] of aliasesOf(roster)) {
    let best = -1;
    for (const a of aliases) {
      if (a.length < 2) continue;
      const i = text.indexOf(a);
      if (i >= 0 && (best < 0 || i < best)) best = i;
    }
    if (best >= 0) hits.push({ id, at: best });
  }
  hits.sort((a, b) => a.at - b.at);
  let lead: string | null = null;
  const leadMatch = /由(.{1,12}?)(?:牵头|负责|主责|主办)|请(.{1,8}?)牵头/.exec(text);
  if (leadMatch) {
    const span = leadMatch[1] ?? leadMatch[2]!;
    lead = hits.find((h) => deptMatches(span, h.id, roster))?.id ?? null;
  }
  return { named: hits.map((h) => h.id), lead };
}

const SUMMON_WORDS = /(?:请|通知|叫上?|麻烦|需要|让|由)/;

/** "请城管、公安、消防…到": the cadre summons these departments by name (not merely mentions them). */
export function summonsByName(text: string, named: string[], roster: Roster): boolean {
  if (named.length === 0) return false;
  const m = SUMMON_WORDS.exec(text);
  if (!m) return false;
  const after = text.slice(m.index, m.index + 16);
  return named.some((id) => deptMatches(after, id, roster));
}

function deptMatches(span: string, id: string, roster: Roster): boolean {
  return (aliasesOf(roster).get(id) ?? []).some((a) => span.includes(a));
}
