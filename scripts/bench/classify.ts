import { readFileSync } from 'node:fs';
import { classify } from '../../src/intake/classify.js';
import { loadRosterFile } from '../../src/roster/roster-load.js';
import { quantile as q, type Row } from './report.js';

const ms2 = (n: number) => `${n.toFixed(2)} ms`;

/** Classification time per message over the labelled messages (goal: p99 under 2 ms). */
export function benchClassify(): Row[] {
  const roster = loadRosterFile('config/roster.example.yaml');
  const texts = readFileSync('test/fixtures/cases.tsv', 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t')[3]!);
  const now = Date.now();
  for (let i = 0; i < 200; i++) classify(texts[i % texts.length]!, roster, now); // warm up
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 5_000; i++) {
    const c = process.cpuUsage();
    const t = process.hrtime.bigint();
    classify(texts[i % texts.length]!, roster, now);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    const u = process.cpuUsage(c);
    cpu.push((u.user + u.system) / 1000);
  }
  return [
    {
      benchmark: 'classification per message p50',
      load: `${times.length} messages`,
      figure: ms2(q(times, 0.5)),
      floor: '',
      ratio: '',
    },
    {
      benchmark: 'classification per message p99',
      load: `${times.length} messages`,
      figure: `${ms2(q(times, 0.99))} (goal < 2 ms)`,
      floor: '',
      ratio: '',
    },
    {
      // Wall time on a shared machine includes being descheduled; CPU time is what classification itself costs.
      benchmark: 'classification per message p99, CPU time',
      load: `${cpu.length} messages`,
      figure: ms2(q(cpu, 0.99)),
      floor: '',
      ratio: '',
    },
  ];
}
