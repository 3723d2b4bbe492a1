// `npm run train:intake`: trains the intake model on the taxonomy's examples, the fixtures and the corpus's
// train rows (never its eval rows) and writes it where the service loads it from. Deterministic.
import { mkdirSync, writeFileSync } from 'node:fs';
import { EMERGENCY_CLASSES, EMERGENCY_MODEL_PATH, MODEL_PATH, TRAINING, train } from '../src/intake/model.js';
import { emergencySamples, trainingSamples } from './intake/data.js';

const { samples, counts } = trainingSamples();
const model = train(samples, counts);
mkdirSync(new URL('.', MODEL_PATH), { recursive: true });
writeFileSync(MODEL_PATH, `${JSON.stringify(model)}\n`);
process.stdout.write(
  `trained on ${samples.length} texts (${JSON.stringify(counts)}), ${Object.keys(model.counts).length} features → ${MODEL_PATH.pathname}\n`,
);
const em = emergencySamples();
writeFileSync(
  EMERGENCY_MODEL_PATH,
  `${JSON.stringify(train(em, { texts: em.length }, EMERGENCY_CLASSES, TRAINING.emergencyAlpha))}\n`,
);
process.stdout.write(`emergency model trained on ${em.length} texts → ${EMERGENCY_MODEL_PATH.pathname}\n`);
