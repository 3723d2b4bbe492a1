// Tuning aid: 5-fold cross-validation over the corpus TRAIN rows only, printing each miss (never eval rows).
// `npx tsx scripts/intake/train-misses.ts [roster file]`
import { classify } from '../../src/intake/classify.js';
import { competence } from '../../src/intake/competence.js';
import { TRAINING } from '../../src/intake/model.js';
import { TUNING } from '../../src/intake/place.js';
import { WEIGHTS } from '../../src/intake/rank.js';
import { loadRosterFile } from '../../src/roster/roster-load.js';
import { corpusRows } from './data.js';
import { modelsFor } from './models.js';

const roster = loadRosterFile(process.env.ROSTER ?? 'config/roster.example.yaml');
// Tuning knobs from the command line, e.g. ratio=0.3 taxonomy=1.5
for (const a of process.argv.slice(2)) {
  const [k, v] = a.split('=');
  if (k === 'ratio') TUNING.secondLeadRatio = Number(v);
  else if (k === 'floor') TUNING.modelOnlyFloor = Number(v);
  else if (k === 'em') TUNING.emergencyModel = Number(v);
  else if (k === 'alpha' || k === 'second' || k === 'temper' || k === 'prior') TRAINING[k] = Number(v);
  else if (k && k in WEIGHTS) WEIGHTS[k as keyof typeof WEIGHTS] = Number(v);
}
const quiet = process.env.QUIET === '1';
const comp = competence(roster);
const rows = corpusRows('train');
let right = 0;
for (let k = 0; k < 5; k++) {
  const rest = rows.filter((_, i) => i % 5 !== k);
  const { fn: model, em: emModel } = modelsFor(process.env.MODEL === 'nb' ? 'nb' : 'lr', rest);
  for (const r of rows.filter((_, i) => i % 5 === k)) {
    const u = classify(r.text, roster, Date.now(), model, emModel);
    const served = r.functions.some((f) => comp.serving.has(f));
    const ok = u.lead ? (comp.of.get(u.lead) ?? []).some((f) => r.functions.includes(f)) : !served;
    const emOk = !r.emergency || (u.kind === 'emergency' && u.lead);
    if (ok && emOk) {
      right++;
      continue;
    }
    if (quiet) continue;
    const fns = u.functions.map((f) => `${f.id}:${f.score.toFixed(2)}`).join(' ');
    process.stdout.write(
      `${r.id} [${r.functions.join(',')}${r.emergency ? ' EM' : ''}] → ${u.lead ?? '-'} ${u.kind} ${u.unowned ?? ''} | ${fns}\n   ${r.text.slice(0, 110)}\n`,
    );
  }
}
process.stdout.write(`${right}/${rows.length}\n`);
