// Tuning aid for the emergency signs: 5-fold cross-validation over the corpus TRAIN rows only (never eval or eval3),
// printing every false alarm (with the sign type that fired), every missed emergency and every emergency whose lead
// serves none of the row's acceptable functions. `npx tsx scripts/intake/train-emergencies.ts [roster file]`
import { competence } from '../../src/intake/competence.js';
import { detectEmergency } from '../../src/intake/emergency.js';
import { normalizeText } from '../../src/intake/normalize.js';
import { spansOf } from '../../src/intake/text.js';
import { loadRosterFile } from '../../src/roster/roster-load.js';
import { corpusRows } from './data.js';
import { eachHeldOut } from './models.js';

const roster = loadRosterFile(process.argv[2] ?? 'config/roster.example.yaml');
const comp = competence(roster);
const rows = corpusRows('train');
const out = (s: string) => process.stdout.write(`${s}\n`);
eachHeldOut(rows, roster, (r, u) => {
  const t = normalizeText(r.text);
  const d = detectEmergency(t, spansOf(t));
  const type = d === null ? 'model' : d === 'urgent' ? 'urgent' : d.type;
  const head = `${r.id} [${r.functions.join(',')}]`;
  if (!r.emergency && u.kind === 'emergency') out(`FALSE ALARM ${head} ${type}: ${t.slice(0, 90)}`);
  else if (r.emergency && !(u.kind === 'emergency' && u.lead)) out(`MISSED ${head}: ${t.slice(0, 90)}`);
  else if (r.emergency && u.lead && !(comp.of.get(u.lead) ?? []).some((f) => r.functions.includes(f)))
    out(`LEAD ${head} ${type} → ${u.lead}: ${t.slice(0, 80)}`);
});
