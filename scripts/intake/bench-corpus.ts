// `npx tsx scripts/intake/bench-corpus.ts`: classification time per text over every corpus text (real complaints are
// longer than the fixtures `npm run bench` uses), shipped models, example roster. Only timings are printed.
import { readFileSync } from 'node:fs';
import { classify } from '../../src/intake/classify.js';
import { loadRosterFile } from '../../src/roster/roster-load.js';
import { CORPUS } from './data.js';

const roster = loadRosterFile('config/roster.example.yaml');
const texts = readFileSync(CORPUS, 'utf8')
  .split('\n')
  .slice(1)
  .filter(Boolean)
  .map((l) => l.split('\t')[6]!);
const now = Date.now();
for (let i = 0; i < 300; i++) classify(texts[i % texts.length]!, roster, now); // warm up (segmenter, models)
const wall: number[] = [];
const cpu: number[] = [];
for (let i = 0; i < 5_000; i++) {
  const c = process.cpuUsage();
  const t = process.hrtime.bigint();
  classify(texts[i % texts.length]!, roster, now);
  wall.push(Number(process.hrtime.bigint() - t) / 1e6);
  const u = process.cpuUsage(c);
  cpu.push((u.user + u.system) / 1000);
}
const q = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
process.stdout.write(
  `${texts.length} corpus texts, ${wall.length} classifications: wall p50 ${q(wall, 0.5).toFixed(2)} ms, p99 ${q(wall, 0.99).toFixed(2)} ms; CPU p99 ${q(cpu, 0.99).toFixed(2)} ms\n`,
);
