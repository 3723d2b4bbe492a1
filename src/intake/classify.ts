import type { Roster } from '../roster/roster.js';
import type { Category, Kind } from '../roster/roster-schema.js';
import { parseDeadline } from './deadline.js';
import { EMERGENCY_SIGNS, JOINT_SIGNS, LEXICON, SUPERVISE_SIGNS } from './lexicon.js';
import { findLocation } from './location.js';
import { normalizeText } from './normalize.js';

export interface Understanding {
  category: string | null;
  lead: string | null;
  assist: string[];
  kind: Kind;
  location: string | null;
  deadline: number | null;
  confidence: number;
  source: string | null;
  sourceRef: string | null;
  /** When the bot cannot place the case: what it asks, and the likeliest categories first. */
  question: { zh: string; en: string } | null;
  candidates: string[];
  normalized: string;
}

interface Scored {
  category: Category;
  score: number;
}

const termsCache = new WeakMap<Roster, Map<string, { term: string; weight: number }[]>>();

/** Roster keywords weigh more than the built-in lexicon: the operator knows the street. */
function termsFor(roster: Roster): Map<string, { term: string; weight: number }[]> {
  let cached = termsCache.get(roster);
  if (cached) return cached;
  cached = new Map();
  for (const c of roster.categories) {
    const terms = new Map<string, number>();
    for (const k of [...c.keywords, c.name]) terms.set(normalizeText(k), 1.5);
    for (const e of LEXICON) {
      if (!e.match.some((m) => m === c.id || c.name.includes(m))) continue;
      for (const w of e.words) if (!terms.has(w)) terms.set(w, 1);
    }
    cached.set(
      c.id,
      [...terms].map(([term, weight]) => ({ term, weight })),
    );
  }
  termsCache.set(roster, cached);
  return cached;
}

function scoreCategories(text: string, roster: Roster): Scored[] {
  const terms = termsFor(roster);
  const scored: Scored[] = [];
  for (const c of roster.categories) {
    // A term inside a longer matched term (噪音 in 噪音扰民) adds nothing: one wording, one vote.
    const hits = (terms.get(c.id) ?? []).filter(({ term }) => term && text.includes(term));
    let score = 0;
    for (const { term, weight } of hits) {
      if (hits.some((h) => h.term !== term && h.term.includes(term))) continue;
      score += weight * (1 + 0.3 * Math.min(4, [...term].length - 1));
    }
    scored.push({ category: c, score });
  }
  return scored.sort((a, b) => b.score - a.score);
}

/** Departments the text names, by name or alias, in order of appearance; "由X牵头" marks the lead. */
export function namedDepartments(text: string, roster: Roster): { named: string[]; lead: string | null } {
  const hits: { id: string; at: number }[] = [];
  for (const d of roster.departments) {
    let best = -1;
    for (const alias of [d.name, ...d.aliases]) {
      const a = normalizeText(alias);
      if (a.length < 2) continue;
      const i = text.indexOf(a);
      if (i >= 0 && (best < 0 || i < best)) best = i;
    }
    if (best >= 0) hits.push({ id: d.id, at: best });
  }
  hits.sort((a, b) => a.at - b.at);
  let lead: string | null = null;
  const leadMatch = /由(.{1,12}?)(?:牵头|负责|主责|主办)/.exec(text);
  if (leadMatch) {
    const span = leadMatch[1]!;
    lead = hits.find((h) => roster.department(h.id) && deptMatches(span, h.id, roster))?.id ?? null;
  }
  return { named: hits.map((h) => h.id), lead };
}

const SUMMON_WORDS = /(?:请|通知|叫上?|麻烦|需要|让|由)/;

function summonsByName(text: string, named: string[], roster: Roster): boolean {
  if (named.length === 0) return false;
  const m = SUMMON_WORDS.exec(text);
  if (!m) return false;
  const after = text.slice(m.index, m.index + 16);
  return named.some((id) => deptMatches(after, id, roster));
}

function deptMatches(span: string, id: string, roster: Roster): boolean {
  const d = roster.department(id)!;
  return [d.name, ...d.aliases].some((a) => span.includes(normalizeText(a)));
}

function detectKind(text: string, category: Category | undefined): Kind {
  if (EMERGENCY_SIGNS.some((s) => text.includes(s)) || category?.kind === 'emergency') return 'emergency';
  if (JOINT_SIGNS.some((s) => text.includes(s))) return 'joint';
  if (SUPERVISE_SIGNS.some((s) => text.includes(s))) return 'supervise';
  return category?.kind ?? 'assemble';
}

function detectSource(text: string): { source: string | null; ref: string | null } {
  const order = /(?:12345|96105)[^\d]{0,6}(?:工单|单号|编号)?[：:\s#]*([A-Z]{0,3}\d{6,})/.exec(text);
  if (order) return { source: '12345', ref: order[1]! };
  if (/12345|96105|热线|接诉即办|市民服务热线/.test(text)) return { source: '12345', ref: null };
  if (/网格员|网格/.test(text)) return { source: 'grid', ref: null };
  if (/巡查|巡逻|街巷长|小巷管家/.test(text)) return { source: 'patrol', ref: null };
  if (/区里交办|区级交办|区委|区政府交办/.test(text)) return { source: 'district', ref: null };
  return { source: null, ref: null };
}

/** One distinctive two-character wording (1.3) is enough; nothing at all is a question. */
const CONFIDENT = 1.25;

/** Understands a case as a seasoned dispatcher would: category, lead and assisting departments, kind, place,
 * deadline and source. Never throws: anything it cannot place becomes a question. */
export function classify(raw: string, roster: Roster, now: number): Understanding {
  const text = normalizeText(raw);
  const scored = scoreCategories(text, roster);
  const top = scored[0];
  const second = scored[1]?.score ?? 0;
  const confident = top !== undefined && top.score >= CONFIDENT;
  const category = confident ? top.category : undefined;
  const { named, lead: namedLead } = namedDepartments(text, roster);

  const lead = namedLead ?? category?.lead ?? named[0] ?? null;
  // Departments the cadre summons by name ("请城管、公安、消防…到") are the roster of this case; departments merely
  // mentioned ("消防车进不去") join the category's usual helpers.
  const assistBase = summonsByName(text, named, roster) ? named : [...(category?.assist ?? []), ...named];
  const assist = [...new Set(assistBase)].filter((d) => d !== lead);
  const kind = detectKind(text, category);
  const { source, ref } = detectSource(text);
  const confidence = top && top.score > 0 ? Math.min(1, top.score / (top.score + second + 1)) : 0;
  const candidates = scored.filter((s) => s.score > 0).map((s) => s.category.id);

  let question: Understanding['question'] = null;
  if (!category) {
    question = lead
      ? {
          zh: '没能确定案件类别，请选择类别后确认。',
          en: 'I could not tell the category; please choose one before confirming.',
        }
      : {
          zh: '没能判断这是哪类事项、该由哪个部门主责，请在下方选择类别。',
          en: 'I could not tell what kind of case this is or which department should lead; please choose a category below.',
        };
  }
  return {
    category: category?.id ?? null,
    lead,
    assist,
    kind,
    location: findLocation(text),
    deadline: parseDeadline(text, now, roster.timezone) ?? null,
    confidence: Math.round(confidence * 100) / 100,
    source,
    sourceRef: ref,
    question,
    candidates,
    normalized: text,
  };
}
