// `npx tsx scripts/intake/cv.ts [nb|lr] [key=value …]`: 5-fold cross-validation over the corpus train
// rows only, summed over the folds (the tuning tool of issue 16's second round; it never reads an eval row).
import { TRAINING } from '../../src/intake/model.js';
import { TUNING } from '../../src/intake/place.js';
import { WEIGHTS } from '../../src/intake/rank.js';
import { loadRosterFile } from '../../src/roster/roster-load.js';
import { corpusRows } from './data.js';
import { LOGREG } from './logreg.js';
import { measure } from './measure.js';
import { type Kind, modelsFor } from './models.js';

const knobs: Record<string, Record<string, number>> = { LOGREG, TRAINING, TUNING, WEIGHTS };
let kind: Kind = 'nb';
for (const a of process.argv.slice(2)) {
  const [k, v] = a.split('=');
  if (k === 'nb' || k === 'lr') kind = k;
  for (const t of Object.values(knobs)) if (k! in t && v !== undefined) t[k!] = Number(v);
}
const rows = corpusRows('train');
const rosters = { example: 'config/roster.example.yaml', plain: 'test/fixtures/roster-plain.yaml' };
const sum = { example: [0, 0, 0, 0, 0, 0, 0], plain: [0, 0, 0, 0, 0, 0, 0] };
for (let k = 0; k < 5; k++) {
  const held = rows.filter((_, i) => i % 5 === k);
  const rest = rows.filter((_, i) => i % 5 !== k);
  const models = modelsFor(kind, rest);
  for (const [name, file] of Object.entries(rosters) as [keyof typeof sum, string][]) {
    const m = measure(held, loadRosterFile(file), models);
    const s = sum[name];
    const add = [m.n, m.acceptable, m.emergencies, m.emergencyWithLead, m.falseAlarms, m.wrong, m.asked];
    for (const [i, v] of add.entries()) s[i]! += v;
  }
}
for (const [name, s] of Object.entries(sum)) {
  process.stdout.write(
    `${kind} ${name.padEnd(8)} acceptable ${((100 * s[1]!) / s[0]!).toFixed(1)} % (${s[1]}/${s[0]}) · emergencies ${s[3]}/${s[2]} · false alarms ${s[4]} · wrong ${s[5]} · asked ${s[6]}\n`,
  );
}
