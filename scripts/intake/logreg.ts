import type { Sample } from '../../src/intake/model.js';
import { features } from '../../src/intake/text.js';

/** An experiment of issue 16's second round, kept to rerun the comparison (`npm run eval:intake -- --lr`); the
 * service ships naive Bayes, which did as well or better on every held-out measure (docs/intake.md).
 * A multinomial logistic regression over the same features as the naive Bayes model (jieba words and character
 * bigrams). Naive Bayes counts each feature as independent evidence, so a word and its bigrams vote several times;
 * a discriminative model learns how much each feature adds given the others, which is what unseen wordings need. */
export interface LogRegFile {
  kind: 'logistic-regression';
  classes: string[];
  bias: number[];
  /** feature → sparse class index → weight (weights below the pruning threshold dropped). */
  weights: Record<string, Record<string, number>>;
  trainedOn: Record<string, number>;
}

/** Chosen by cross-validation on the corpus train rows only (`npm run eval:intake -- --cv`). */
export const LOGREG = { epochs: 30, rate: 0.3, l2: 1e-4, second: 0.4, prune: 0.05, temperature: 1, minDocs: 1 };

/** A small deterministic generator, so training is reproducible and the shipped file diffs cleanly. */
function shuffled<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

interface Example {
  fs: number[];
  target: Float64Array;
}

function examples(samples: Sample[], classes: readonly string[], vocab: Map<string, number>): Example[] {
  const index = new Map(classes.map((c, i) => [c, i]));
  const out: Example[] = [];
  // A feature seen in one text only is that text's fingerprint, not a wording: it would be memorised, not learnt.
  const docs = new Map<string, number>();
  for (const s of samples) for (const f of features(s.text)) docs.set(f, (docs.get(f) ?? 0) + 1);
  for (const s of samples) {
    const target = new Float64Array(classes.length);
    // An acceptable but not first function may lead too: part of the target's mass, as in the NB model.
    for (const [rank, fn] of s.functions.entries()) {
      const c = index.get(fn);
      if (c !== undefined) target[c] = Math.max(target[c]!, rank === 0 ? 1 : LOGREG.second);
    }
    const total = target.reduce((a, b) => a + b, 0);
    if (total === 0) continue;
    for (let c = 0; c < target.length; c++) target[c]! /= total;
    const fs: number[] = [];
    for (const f of features(s.text)) {
      if ((docs.get(f) ?? 0) < LOGREG.minDocs) continue;
      if (!vocab.has(f)) vocab.set(f, vocab.size);
      fs.push(vocab.get(f)!);
    }
    out.push({ fs, target });
  }
  return out;
}

function softmax(z: Float64Array): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  for (let c = 0; c < z.length; c++) {
    z[c] = Math.exp(z[c]! - max);
    sum += z[c]!;
  }
  for (let c = 0; c < z.length; c++) z[c]! /= sum;
  return z;
}

/** Trains with AdaGrad on the cross-entropy to the (soft) targets, L2-regularised; deterministic. */
export function trainLogReg(samples: Sample[], classes: readonly string[], trainedOn: Record<string, number>) {
  const n = classes.length;
  const vocab = new Map<string, number>();
  const data = examples(samples, classes, vocab);
  const w = new Float64Array(vocab.size * n);
  const g2 = new Float64Array(vocab.size * n).fill(1e-8);
  const b = new Float64Array(n);
  const bg2 = new Float64Array(n).fill(1e-8);
  for (let epoch = 0; epoch < LOGREG.epochs; epoch++) {
    for (const ex of shuffled(data, 7 + epoch)) {
      const z = Float64Array.from(b);
      for (const f of ex.fs) for (let c = 0; c < n; c++) z[c]! += w[f * n + c]!;
      const p = softmax(z);
      for (let c = 0; c < n; c++) {
        const g = p[c]! - ex.target[c]!;
        bg2[c]! += g * g;
        b[c]! -= (LOGREG.rate * g) / Math.sqrt(bg2[c]!);
        for (const f of ex.fs) {
          const k = f * n + c;
          const gk = g + LOGREG.l2 * w[k]!;
          g2[k]! += gk * gk;
          w[k]! -= (LOGREG.rate * gk) / Math.sqrt(g2[k]!);
        }
      }
    }
  }
  const weights: LogRegFile['weights'] = {};
  for (const [f, i] of vocab) {
    const row: Record<string, number> = {};
    // Adding one constant to a feature's weights for every class leaves the softmax unchanged: centring each row
    // on its median makes most weights nearly zero, and those are dropped (the file shrinks tenfold).
    const sorted = Array.from(w.subarray(i * n, i * n + n)).sort((a, b) => a - b);
    const median = sorted[n >> 1]!;
    for (let c = 0; c < n; c++) {
      const v = w[i * n + c]! - median;
      if (Math.abs(v) >= LOGREG.prune) row[c] = Math.round(v * 100) / 100;
    }
    if (Object.keys(row).length) weights[f] = row;
  }
  return {
    kind: 'logistic-regression',
    classes: [...classes],
    bias: [...b].map((v) => Math.round(v * 1000) / 1000),
    weights,
    trainedOn,
  } satisfies LogRegFile;
}

/** A loaded logistic regression: scoring a text is one pass over its features. */
export class LogReg {
  readonly classes: string[];
  readonly #weights = new Map<string, [number, number][]>();

  constructor(readonly file: LogRegFile) {
    this.classes = file.classes;
    for (const [f, row] of Object.entries(file.weights)) {
      this.#weights.set(
        f,
        Object.entries(row).map(([c, v]) => [Number(c), v]),
      );
    }
  }

  /** Probability of each class from the text alone; empty when no feature of the text was ever seen. */
  predict(text: string): Map<string, number> {
    const z = Float64Array.from(this.file.bias);
    let seen = 0;
    for (const f of features(text)) {
      const row = this.#weights.get(f);
      if (!row) continue;
      seen++;
      for (const [c, v] of row) z[c]! += v;
    }
    const out = new Map<string, number>();
    if (seen === 0) return out;
    for (let c = 0; c < z.length; c++) z[c]! /= LOGREG.temperature;
    for (const [c, p] of softmax(z).entries()) out.set(this.classes[c]!, p);
    return out;
  }
}
