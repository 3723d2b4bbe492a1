// Tuning aid: why the classifier asks or errs on TRAIN rows under 5-fold cross-validation (never eval rows):
// counts by the top-ranked function and by whether the evidence was empty. `npx tsx scripts/intake/train-asked.ts`
import { competence } from '../../src/intake/competence.js';
import { loadRosterFile } from '../../src/roster/roster-load.js';
import { corpusRows } from './data.js';
import { eachHeldOut } from './models.js';

const rows = corpusRows('train');
for (const file of ['config/roster.example.yaml', 'test/fixtures/roster-plain.yaml']) {
  const roster = loadRosterFile(file);
  const comp = competence(roster);
  const asked = new Map<string, number>();
  const wrong = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  eachHeldOut(rows, roster, (r, u) => {
    const served = r.functions.some((f) => comp.serving.has(f));
    const top = u.functions[0]?.id ?? 'none';
    if (!u.lead && served) bump(asked, `top=${top} unowned=${u.unowned ?? '-'} gold=${r.functions[0]}`);
    if (u.lead && !(comp.of.get(u.lead) ?? []).some((f) => r.functions.includes(f)))
      bump(wrong, `gold=${r.functions[0]} → ${(comp.of.get(u.lead) ?? []).join('|')}`);
  });
  const show = (name: string, m: Map<string, number>) => {
    process.stdout.write(`== ${file} ${name}\n`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, 25)) process.stdout.write(`${v}\t${k}\n`);
  };
  show('asked', asked);
  show('wrong', wrong);
}
