import { existsSync, readFileSync } from 'node:fs';
import { FUNCTION_IDS } from './taxonomy/functions.js';
import { features } from './text.js';

/** A labelled text: its acceptable lead functions, best first. */
export interface Sample {
  text: string;
  /** Its labels, best first: acceptable lead functions, or `emergency` / `routine` for the emergency model. */
  functions: string[];
}

/** What intake asks of a statistical model: a probability per class from the text alone (empty when the text has no
 * feature the model knows). */
export interface TextModel {
  predict(text: string): Map<string, number>;
}

/** The model as shipped: feature → sparse per-class weighted document counts. Small, diffable, no binary. */
export interface ModelFile {
  kind: 'multinomial-nb';
  alpha: number;
  classes: string[];
  docs: number[];
  counts: Record<string, Record<string, number>>;
  trainedOn: Record<string, number>;
}

/** `second`: the weight of an acceptable but not first function (it may lead, so its words count, less than the
 * best one's); `alpha`: additive smoothing of the function model, `emergencyAlpha` of the emergency model (less
 * smoothing let the function model trust rarer words once the corpus grew; the alarm model keeps its own).
 * Chosen by cross-validation on the train rows. */
export const TRAINING = { second: 0.4, alpha: 0.1, emergencyAlpha: 0.3, temper: 0.5, prior: 0.3 };

export function train(
  samples: Sample[],
  trainedOn: Record<string, number>,
  classes: readonly string[] = FUNCTION_IDS,
  alpha = TRAINING.alpha,
): ModelFile {
  const index = new Map(classes.map((c, i) => [c, i]));
  const docs = classes.map(() => 0);
  const counts: Record<string, Record<string, number>> = {};
  for (const s of samples) {
    const fs = features(s.text);
    for (const [rank, fn] of s.functions.entries()) {
      const c = index.get(fn);
      if (c === undefined) continue;
      const w = rank === 0 ? 1 : TRAINING.second;
      docs[c]! += w;
      for (const f of fs) {
        counts[f] ??= {};
        const row = counts[f];
        row[c] = Math.round(((row[c] ?? 0) + w) * 10) / 10;
      }
    }
  }
  return {
    kind: 'multinomial-nb',
    alpha,
    classes: [...classes],
    docs: docs.map((d) => Math.round(d * 10) / 10),
    counts,
    trainedOn,
  };
}

/** A loaded model: per-feature log-likelihoods precomputed, so scoring a text is one pass over its features. */
export class Model implements TextModel {
  readonly classes: string[];
  readonly #logPrior: number[];
  readonly #loglik = new Map<string, Float64Array>();
  readonly #unseen: Float64Array;

  constructor(readonly file: ModelFile) {
    this.classes = file.classes;
    const n = this.classes.length;
    const totals = new Float64Array(n);
    for (const row of Object.values(file.counts)) for (const [c, v] of Object.entries(row)) totals[Number(c)]! += v;
    const vocab = Object.keys(file.counts).length;
    const denom = [...totals].map((t) => Math.log(t + file.alpha * vocab));
    const allDocs = file.docs.reduce((a, b) => a + b, 0);
    // A flattened prior: the corpus's class sizes say little about the next street's cases.
    this.#logPrior = file.docs.map((d) => TRAINING.prior * Math.log((d + 1) / (allDocs + n)));
    this.#unseen = Float64Array.from(denom, (d) => Math.log(file.alpha) - d);
    for (const [f, row] of Object.entries(file.counts)) {
      const v = Float64Array.from(this.#unseen);
      for (const [c, k] of Object.entries(row)) v[Number(c)] = Math.log(k + file.alpha) - denom[Number(c)]!;
      this.#loglik.set(f, v);
    }
  }

  /** Probability of each function as the best lead, from the text alone. */
  predict(text: string): Map<string, number> {
    const n = this.classes.length;
    const score = Float64Array.from(this.#logPrior);
    let seen = 0;
    for (const f of features(text)) {
      const v = this.#loglik.get(f);
      if (!v) continue;
      seen++;
      for (let c = 0; c < n; c++) score[c]! += v[c]!;
    }
    const out = new Map<string, number>();
    if (seen === 0) return out;
    // Naive Bayes is overconfident on correlated features (words and their bigrams): temper by the evidence size.
    const t = 1 / seen ** TRAINING.temper;
    const max = Math.max(...score);
    let sum = 0;
    const exp = [...score].map((s) => Math.exp((s - max) * t));
    for (const e of exp) sum += e;
    for (const [c, e] of exp.entries()) out.set(this.classes[c]!, e / sum);
    return out;
  }
}

export const MODEL_PATH = new URL('./model/nb.json', import.meta.url);
export const EMERGENCY_MODEL_PATH = new URL('./model/emergency.json', import.meta.url);
export const EMERGENCY_CLASSES = ['routine', 'emergency'] as const;

const shipped = new Map<string, Model | null>();

function load(path: URL): Model | null {
  if (!shipped.has(path.href)) {
    shipped.set(path.href, existsSync(path) ? new Model(JSON.parse(readFileSync(path, 'utf8')) as ModelFile) : null);
  }
  return shipped.get(path.href)!;
}

/** The models trained by `npm run train:intake`, or null when not built (the taxonomy and the signs still work). */
export const shippedModel = () => load(MODEL_PATH);
export const shippedEmergencyModel = () => load(EMERGENCY_MODEL_PATH);
