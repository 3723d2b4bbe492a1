// Measures the classifier on labelled rows against one roster: only aggregate numbers leave this module.
import { classify } from '../../src/intake/classify.js';
import { competence } from '../../src/intake/competence.js';
import type { TextModel } from '../../src/intake/model.js';
import type { FunctionId } from '../../src/intake/taxonomy/index.js';
import type { Roster } from '../../src/roster/roster.js';

export interface Labelled {
  text: string;
  functions: FunctionId[];
  emergency: boolean;
}

export interface Measure {
  n: number;
  acceptable: number;
  noGuessRight: number;
  asked: number;
  wrong: number;
  emergencies: number;
  emergencyWithLead: number;
  falseAlarms: number;
}

/** The function model and the emergency model trained for one measurement. */
export interface Models {
  fn: TextModel;
  em: TextModel;
}

const NOW = Date.parse('2026-11-23T02:00:00Z');

/** Lead acceptable: the lead department serves one of the acceptable functions; when no roster department serves
 * any of them, "no guess" is the right answer. */
const emptyMeasure = (): Measure => ({
  n: 0,
  acceptable: 0,
  noGuessRight: 0,
  asked: 0,
  wrong: 0,
  emergencies: 0,
  emergencyWithLead: 0,
  falseAlarms: 0,
});

export function measure(rows: Labelled[], roster: Roster, model: Models): Measure {
  const comp = competence(roster);
  const m: Measure = { ...emptyMeasure(), n: rows.length };
  for (const r of rows) {
    const u = classify(r.text, roster, NOW, model.fn, model.em);
    const served = r.functions.some((f) => comp.serving.has(f));
    if (u.lead) {
      const fns = comp.of.get(u.lead) ?? [];
      if (fns.some((f) => r.functions.includes(f))) m.acceptable++;
      else m.wrong++;
    } else {
      if (!served) {
        m.acceptable++;
        m.noGuessRight++;
      }
      if (u.question) m.asked++;
    }
    if (r.emergency) {
      m.emergencies++;
      if (u.kind === 'emergency' && u.lead) m.emergencyWithLead++;
    } else if (u.kind === 'emergency') m.falseAlarms++;
  }
  return m;
}

/** Per-function precision and recall of the top-ranked function (roster-independent), and the commonest confusions. */
export function functionReport(rows: Labelled[], roster: Roster, model: Models) {
  const pred = new Map<string, { n: number; right: number }>();
  const gold = new Map<string, { n: number; right: number }>();
  const confusions = new Map<string, number>();
  for (const r of rows) {
    const top = classify(r.text, roster, NOW, model.fn, model.em).functions[0]?.id ?? 'none';
    const ok = r.functions.includes(top as FunctionId);
    const p = pred.get(top) ?? { n: 0, right: 0 };
    pred.set(top, { n: p.n + 1, right: p.right + (ok ? 1 : 0) });
    const g = gold.get(r.functions[0]!) ?? { n: 0, right: 0 };
    gold.set(r.functions[0]!, { n: g.n + 1, right: g.right + (ok ? 1 : 0) });
    if (!ok) {
      const k = `${r.functions[0]} → ${top}`;
      confusions.set(k, (confusions.get(k) ?? 0) + 1);
    }
  }
  return { pred, gold, confusions: [...confusions].sort((a, b) => b[1] - a[1]) };
}

/** The sum of several measures (the folds of a cross-validation). */
export function sumMeasures(ms: Measure[]): Measure {
  const sum = emptyMeasure();
  for (const m of ms) for (const k of Object.keys(sum) as (keyof Measure)[]) sum[k] += m[k];
  return sum;
}

type Report = ReturnType<typeof functionReport>;

/** The union of several function reports, counts added. */
export function mergeReports(rs: Report[]) {
  const add = (into: Map<string, { n: number; right: number }>, from: Map<string, { n: number; right: number }>) => {
    for (const [k, v] of from) {
      const c = into.get(k) ?? { n: 0, right: 0 };
      into.set(k, { n: c.n + v.n, right: c.right + v.right });
    }
  };
  const pred = new Map<string, { n: number; right: number }>();
  const gold = new Map<string, { n: number; right: number }>();
  const confusions = new Map<string, number>();
  for (const r of rs) {
    add(pred, r.pred);
    add(gold, r.gold);
    for (const [k, n] of r.confusions) confusions.set(k, (confusions.get(k) ?? 0) + n);
  }
  return { pred, gold, confusions: [...confusions] };
}
