// The models of one measurement, trained in memory on the given corpus rows (plus the taxonomy and fixtures).

import { classify, type Understanding } from '../../src/intake/classify.js';
import { EMERGENCY_CLASSES, Model, TRAINING, train } from '../../src/intake/model.js';
import { FUNCTION_IDS, taxonomySamples } from '../../src/intake/taxonomy/index.js';
import type { Roster } from '../../src/roster/roster.js';
import { type CorpusRow, emergencySamples, fixtureSamples } from './data.js';
import { LogReg, trainLogReg } from './logreg.js';
import type { Models } from './measure.js';

export type Kind = 'nb' | 'lr';

export function modelsFor(kind: Kind, rows: CorpusRow[], withFixtures = true): Models {
  const samples = [...taxonomySamples(), ...(withFixtures ? fixtureSamples() : []), ...rows];
  const em = emergencySamples(rows, withFixtures);
  const nb = () => ({
    fn: new Model(train(samples, {})),
    em: new Model(train(em, {}, EMERGENCY_CLASSES, TRAINING.emergencyAlpha)),
  });
  // The emergency model stays naive Bayes: under cross-validation it found more train-row emergencies (43/45 vs 41/45).
  const lr = () => ({
    fn: new LogReg(trainLogReg(samples, FUNCTION_IDS, {})),
    em: new Model(train(em, {}, EMERGENCY_CLASSES, TRAINING.emergencyAlpha)),
  });
  return kind === 'nb' ? nb() : lr();
}

/** K-fold cross-validation over train rows (fold = row index mod k): each row classified by naive Bayes models
 * trained on the other folds, at a fixed instant. */
export function eachHeldOut(
  rows: CorpusRow[],
  roster: Roster,
  visit: (row: CorpusRow, u: Understanding) => void,
  k = 5,
): void {
  for (let fold = 0; fold < k; fold++) {
    const m = modelsFor(
      'nb',
      rows.filter((_, i) => i % k !== fold),
    );
    for (const r of rows.filter((_, i) => i % k === fold))
      visit(r, classify(r.text, roster, Date.parse('2026-11-23T02:00:00Z'), m.fn, m.em));
  }
}
