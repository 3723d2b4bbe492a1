import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface Cutter {
  cut(text: string, hmm?: boolean): string[];
}

let jieba: Cutter | undefined;

/** The segmenter, loaded once on first use (its dictionary ships with the package: nothing is downloaded). */
function segmenter(): Cutter {
  if (!jieba) {
    const { Jieba } = require('@node-rs/jieba') as { Jieba: { withDict(d: Uint8Array): Cutter } };
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    jieba = Jieba.withDict(dict);
  }
  return jieba;
}

/** Words that say a matter is absent ("不是违建", "没有发现明火"): what follows in the clause is not the matter. */
const NEGATION = /不是|并非|并不是|并没有|没有发现|未发现|不存在|排除了?|不属于|谈不上/g;
/** Words that report what someone else claims ("说是要装修", "号称"): the claim counts for less. */
const REPORTED = /说是要?|声称|号称|自称|据说|说要|谎称/g;
const CLAUSE_END = /[，。！？；,.!?;\n]/;
const SPAN = 8;

export type HitContext = 'plain' | 'negated' | 'reported';

export interface Spans {
  negated: [number, number][];
  reported: [number, number][];
}

/** The character ranges of negated and reported clauses (from the cue to the clause's end, at most 8 chars). */
export function spansOf(text: string): Spans {
  const find = (re: RegExp): [number, number][] => {
    const out: [number, number][] = [];
    for (const m of text.matchAll(re)) {
      const from = m.index + m[0].length;
      let to = from;
      while (to < text.length && to - from < SPAN && !CLAUSE_END.test(text[to]!)) to++;
      out.push([from, to]);
    }
    return out;
  };
  return { negated: find(NEGATION), reported: find(REPORTED) };
}

export function contextAt(spans: Spans, at: number): HitContext {
  if (spans.negated.some(([a, b]) => at >= a && at < b)) return 'negated';
  if (spans.reported.some(([a, b]) => at >= a && at < b)) return 'reported';
  return 'plain';
}

/** The text with negated clauses blanked, for the statistical model: "不是违建" must not vote for 违建. */
export function withoutNegated(text: string, spans: Spans): string {
  if (spans.negated.length === 0) return text;
  const chars = [...text];
  // Spans are UTF-16 offsets; the texts are CJK in the BMP, so offsets and code points agree there.
  for (const [a, b] of spans.negated) for (let i = a; i < b && i < chars.length; i++) chars[i] = ' ';
  return chars.join('');
}

/** Street and stop names made of matter words ("教育路", "交通路", "文化街", "公园站") say where, not what: blanked
 * (same length, so offsets hold) before the text is ranked. */
const MATTER_NAMED_PLACE =
  /(?:教育|文化|交通|体育|卫生|建设|电力|水利|消防|园林|公园|工业|商业|健康|环卫|燃气|公安|市场|人民|解放|和平|学府|医院|学院|车站)(?=(?:路|街|大道|大街|巷|站|桥)(?![灯面边上口]))/g;

export function withoutPlaceNames(text: string): string {
  return text.replace(MATTER_NAMED_PLACE, (m) => ' '.repeat(m.length));
}

const CJK = /[\u3400-\u9fff]+/g;
const WORDISH = /^[\u3400-\u9fffA-Za-z0-9]+$/;
const STOP = new Set([
  '的',
  '了',
  '是',
  '在',
  '有',
  '和',
  '就',
  '都',
  '也',
  '还',
  '我',
  '我们',
  '你',
  '他',
  '她',
  '这',
  '那',
  '个',
  '一个',
  '请',
  '被',
  '把',
  '很',
  '说',
  '要',
]);

/** Features for the model: the segmenter's words plus character bigrams of each CJK run (robust to words the
 * dictionary lacks, typos and traditional leftovers). Each feature once. */
export function features(raw: string): string[] {
  const text = withoutPlaceNames(raw);
  const out = new Set<string>();
  for (const w of segmenter().cut(text, true)) {
    if (!WORDISH.test(w) || STOP.has(w) || /^\d+$/.test(w)) continue;
    out.add(w.toLowerCase());
  }
  for (const run of text.match(CJK) ?? []) {
    for (let i = 0; i + 1 < run.length; i++) out.add(`#${run.slice(i, i + 2)}`);
  }
  return [...out];
}
