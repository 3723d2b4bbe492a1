// Labelled data for the intake model: the corpus (data/intake/corpus.tsv), the project's fixtures, the taxonomy.
import { existsSync, readFileSync } from 'node:fs';
import { competence } from '../../src/intake/competence.js';
import type { Sample } from '../../src/intake/model.js';
import { type FunctionId, isFunctionId, taxonomySamples } from '../../src/intake/taxonomy/index.js';
import { loadRosterFile } from '../../src/roster/roster-load.js';

export const CORPUS = 'data/intake/corpus.tsv';

export interface CorpusRow {
  text: string;
  functions: FunctionId[];
  id: string;
  split: Split;
  emergency: boolean;
}

/** `eval3`: the third round's fresh held-out group (c0375–c0443), collected and frozen before any code changed.
 * `eval4`: the fifth round's group (c0902–c1001), collected and labelled by a session that never saw the classifier. */
export type Split = 'train' | 'eval' | 'eval3' | 'eval4';

/** The corpus rows of one split. The eval rows are read only by the evaluation, never printed one by one. */
export function corpusRows(split: Split): CorpusRow[] {
  if (!existsSync(CORPUS)) return [];
  const [header, ...lines] = readFileSync(CORPUS, 'utf8').split('\n');
  const cols = header!.split('\t');
  const at = (name: string) => cols.indexOf(name);
  return lines
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.split('\t'))
    .map((c) => ({
      id: c[at('id')]!,
      split: c[at('split')] as Split,
      functions: c[at('functions')]!.split(',')
        .map((f) => f.trim())
        .filter(isFunctionId) as FunctionId[],
      emergency: c[at('emergency')] === '1',
      text: c[at('text')] ?? '',
    }))
    .filter((r) => r.split === split && r.functions.length > 0 && r.text);
}

/** The project's labelled messages (test/fixtures/cases.tsv), their lead department read as its functions. */
export function fixtureSamples(): Sample[] {
  const roster = loadRosterFile('config/roster.example.yaml');
  const of = competence(roster).of;
  return readFileSync('test/fixtures/cases.tsv', 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t'))
    .filter((c) => c[1] !== '-')
    .map((c) => ({ text: c[3]!, functions: of.get(c[1]!) ?? [] }))
    .filter((s) => s.functions.length > 0);
}

export function trainingSamples(): { samples: Sample[]; counts: Record<string, number> } {
  const tax = taxonomySamples();
  const fixtures = fixtureSamples();
  const train = corpusRows('train');
  return {
    samples: [...tax, ...fixtures, ...train],
    counts: { taxonomy: tax.length, fixtures: fixtures.length, corpusTrain: train.length },
  };
}

/** Labels for the emergency model: the corpus rows and fixtures as emergency or routine, the taxonomy's everyday
 * matters as routine. */
export function emergencySamples(train: CorpusRow[] = corpusRows('train'), withFixtures = true): Sample[] {
  const fixtures = readFileSync('test/fixtures/cases.tsv', 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t'))
    .filter((c) => c[1] !== '-')
    .map((c) => ({ text: c[3]!, functions: [c[2] === 'emergency' ? 'emergency' : 'routine'] }));
  return [
    ...taxonomySamples().map((s) => ({ text: s.text, functions: ['routine'] })),
    ...(withFixtures ? fixtures : []),
    ...train.map((r) => ({ text: r.text, functions: [r.emergency ? 'emergency' : 'routine'] })),
  ];
}
