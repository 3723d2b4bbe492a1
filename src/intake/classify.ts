import type { Roster } from '../roster/roster.js';
import type { Kind } from '../roster/roster-schema.js';
import { competence } from './competence.js';
import { parseDeadline } from './deadline.js';
import { alarmWithdrawn, detectEmergency, type Emergency } from './emergency.js';
import { DISPUTE_SIGNS, JOINT_SIGNS, SUPERVISE_SIGNS } from './lexicon.js';
import { findLocation } from './location.js';
import { shippedEmergencyModel, shippedModel, type TextModel } from './model.js';
import { namedDepartments, summonsByName } from './named.js';
import { normalizeText } from './normalize.js';
import { categoryFor, type Placement, placeEmergency, placeMatter, TUNING } from './place.js';
import { type RankedFunction, type Ranking, rankFunctions } from './rank.js';
import { FUNCTIONS, type FunctionId } from './taxonomy/index.js';
import { spansOf, withoutNegated } from './text.js';

export { namedDepartments } from './named.js';

/** 三级过滤: the grid handles it, one department is dispatched, or the street blows the whistle. */
export type Level = 'grid' | 'dispatch' | 'whistle';

export interface Understanding {
  category: string | null;
  lead: string | null;
  assist: string[];
  kind: Kind;
  level: Level;
  location: string | null;
  deadline: number | null;
  confidence: number;
  source: string | null;
  sourceRef: string | null;
  /** When the bot cannot place the case, or no roster department owns it: what it says and asks. */
  question: { zh: string; en: string } | null;
  /** Roster categories, likeliest first (the card's choices). */
  candidates: string[];
  /** Department functions, likeliest first, with scores summing to at most 1. */
  functions: RankedFunction[];
  /** The function that owns the matter when no roster department serves it. */
  unowned: FunctionId | null;
  /** The taxonomy matter the text speaks of most (its name), if any: what the street's corrections are keyed on. */
  matter: string | null;
  normalized: string;
}

const URGENT_ONLY = { type: 'urgent', lead: ['public_security', 'fire_rescue'], assist: [] } satisfies Emergency;

function detectSource(text: string): { source: string | null; ref: string | null } {
  const order = /(?:12345|96105)[^\d]{0,6}(?:工单|单号|编号)?[：:\s#]*([A-Z]{0,3}\d{6,})/.exec(text);
  if (order) return { source: '12345', ref: order[1]! };
  if (/12345|96105|热线|接诉即办|市民服务热线/.test(text)) return { source: '12345', ref: null };
  if (/网格员|网格/.test(text)) return { source: 'grid', ref: null };
  if (/巡查|巡逻|街巷长|小巷管家/.test(text)) return { source: 'patrol', ref: null };
  if (/区里交办|区级交办|区委|区政府交办/.test(text)) return { source: 'district', ref: null };
  return { source: null, ref: null };
}

function questionFor(p: Placement | null, lead: string | null): Understanding['question'] {
  if (lead)
    return p
      ? null
      : {
          zh: '没能确定案件类别，请选择类别后确认。',
          en: 'I could not tell the category; please choose one before confirming.',
        };
  if (p?.unowned && p.unowned !== 'community') {
    const f = FUNCTIONS[p.unowned];
    return {
      zh: `这类事项通常由${f.zh}部门主责，本街道名册中没有该部门；请转交主管部门，或在下方指定部门。`,
      en: `Matters like this are usually led by the ${f.en} department, which this street's roster does not have; please pass it on, or choose a department below.`,
    };
  }
  if (p) return null;
  return {
    zh: '没能判断这是哪类事项、该由哪个部门主责，请在下方选择类别。',
    en: 'I could not tell what kind of case this is or which department should lead; please choose a category below.',
  };
}

function levelOf(kind: Kind, p: Placement | null, summoned: number, text: string, ranking: Ranking): Level {
  if (kind === 'emergency' || kind === 'joint' || summoned >= 2) return 'whistle';
  if (DISPUTE_SIGNS.some((s) => text.includes(s))) return 'whistle';
  if ((p?.leadFn ?? p?.unowned ?? ranking.functions[0]?.id) === 'community') return 'grid';
  return 'dispatch';
}

/** Roster categories ranked by the street's own words, then by how likely their lead department's functions are. */
function candidatesOf(roster: Roster, ranking: Ranking): string[] {
  const fnScore = new Map(ranking.functions.map((f) => [f.id, f.score]));
  const of = competence(roster).of;
  return roster.categories
    .map((c) => {
      const fs = of.get(c.lead) ?? [];
      const byFn = Math.max(0, ...fs.map((f) => fnScore.get(f) ?? 0));
      return { id: c.id, s: (ranking.categories.get(c.id) ?? 0) + byFn };
    })
    .filter((c) => c.s > 0)
    .sort((a, b) => b.s - a.s)
    .map((c) => c.id);
}

function weightiest(ranking: Ranking): string | null {
  let best: string | null = null;
  let weight = 0;
  for (const [m, w] of ranking.matters) if (w > weight) [best, weight] = [m.name, w];
  return best;
}

/** Understands a case as a seasoned dispatcher would: who is competent for it (whatever the roster's categories
 * say), kind, level, place, deadline and source. Never throws: anything it cannot place becomes a question. */
export function classify(
  raw: string,
  roster: Roster,
  now: number,
  model: TextModel | null = shippedModel(),
  emergencyModel: TextModel | null = shippedEmergencyModel(),
): Understanding {
  const text = normalizeText(raw);
  const spans = spansOf(text);
  const ranking = rankFunctions(text, roster, spans, model);
  let em = detectEmergency(text, spans);
  // Signs come first; the model catches emergencies told in words no sign lists.
  // A few words ("这个怎么办") are too little for the model to raise an alarm on; a withdrawn alarm stays withdrawn.
  const judged = em === null && text.length >= 15 && !alarmWithdrawn(text);
  const pEmergency = judged ? (emergencyModel?.predict(withoutNegated(text, spans)).get('emergency') ?? 0) : 0;
  if (pEmergency >= TUNING.emergencyModel) em = 'urgent';
  const emergency = em !== null;
  let p = em && em !== 'urgent' ? placeEmergency(em, roster, ranking) : placeMatter(roster, ranking);
  // An emergency is never left without a department, even when its words name no known situation.
  if (em === 'urgent' && !p?.lead) p = placeEmergency(URGENT_ONLY, roster, ranking);
  const { named, lead: namedLead } = namedDepartments(text, roster);
  const summoned = summonsByName(text, named, roster);
  const lead = namedLead ?? p?.lead ?? named[0] ?? null;
  const leadFn = namedLead ? (competence(roster).of.get(namedLead)?.[0] ?? null) : (p?.leadFn ?? null);
  const category = lead
    ? categoryFor(lead, leadFn, roster, ranking, emergency)
    : p?.unowned === 'community'
      ? 'community'
      : null;
  const cat = category ? roster.category(category) : undefined;
  const helpers = (p?.assistFns ?? []).map((f) =>
    f === p?.leadFn ? undefined : competence(roster).serving.get(f)?.[0],
  );
  // Departments the cadre summons by name are the roster of this case; departments merely mentioned join the
  // category's usual helpers.
  const assistBase = summoned ? named : [...(cat?.assist ?? []), ...helpers.filter((d) => d !== undefined), ...named];
  const assist = [...new Set(assistBase)].filter((d) => d !== lead);
  let kind: Kind = emergency ? 'emergency' : (cat?.kind ?? 'assemble');
  if (!emergency && JOINT_SIGNS.some((s) => text.includes(s))) kind = 'joint';
  else if (!emergency && SUPERVISE_SIGNS.some((s) => text.includes(s))) kind = 'supervise';
  const { source, ref } = detectSource(text);
  const placed = p !== null && (p.lead !== null || namedLead !== null);
  return {
    category,
    lead,
    assist,
    kind,
    level: levelOf(kind, p, summoned ? named.length : 0, text, ranking),
    location: findLocation(text),
    deadline: parseDeadline(text, now, roster.timezone) ?? null,
    confidence: Math.round((placed || p?.unowned ? (p?.score ?? 0) : 0) * 100) / 100,
    source,
    sourceRef: ref,
    question: questionFor(p, lead),
    candidates: candidatesOf(roster, ranking),
    functions: ranking.functions.slice(0, 5).map((f) => ({ id: f.id, score: Math.round(f.score * 1000) / 1000 })),
    unowned: lead ? null : (p?.unowned ?? null),
    matter: weightiest(ranking),
    normalized: text,
  };
}
