// The models of one measurement, trained in memory on the given corpus rows (plus the taxonomy and fixtures).
import { EMERGENCY_CLASSES, Model, TRAINING, train } from '../../src/intake/model.js';
import { FUNCTION_IDS, taxonomySamples } from '../../src/intake/taxonomy/index.js';
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
