// `npm run bench`: benchmarks against real Redis; prints a table and writes docs/benchmarks.md.
// Each figure stands beside its floor measured in the same run: these machines are noisy, so read ratios.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { systemClock } from '../src/clock.js';
import { classify } from '../src/intake/classify.js';
import { createLogger } from '../src/log.js';
import { startRedisServer } from '../src/redis/redis-server.js';
import { loadRosterFile } from '../src/roster/roster-load.js';
import type { Timer } from '../src/timers/timer-plan.js';
import { Timers } from '../src/timers/timers.js';
import type { WhistleStore } from '../src/whistle/store.js';

const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? Number.NaN;
};
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;
const rows: string[][] = [];
const log = createLogger('silent');

async function benchTimers(redisUrl: string): Promise<void> {
  const CASES = 10_000;
  const PER_CASE = 3;
  const WINDOW_MS = 60_000;
  const run = async (label: string, ours: boolean) => {
    const conn = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const prefix = `bench${Math.random().toString(36).slice(2, 8)}`;
    const queue = new Queue('{timers}', { connection: conn, prefix });
    const lateness: number[] = [];
    const total = CASES * PER_CASE;
    let done!: () => void;
    const finished = new Promise<void>((r) => {
      done = r;
    });
    const record = (due: number) => {
      lateness.push(Date.now() - due);
      if (lateness.length === total) done();
    };
    let worker: Worker;
    const start = Date.now() + 5_000;
    const timers: Timer[] = [];
    for (let c = 0; c < CASES; c++) {
      for (let k = 0; k < PER_CASE; k++) {
        timers.push({
          caseId: `w${c}`,
          dept: 'chengguan',
          kind: 'escalate',
          phase: 'arrive',
          step: k,
          dueAt: start + Math.floor(Math.random() * WINDOW_MS),
        });
      }
    }
    if (ours) {
      // The real Timers worker; the domain step is stubbed so the figure is the machinery's lateness.
      const fire = async (t: Timer) => {
        record(t.dueAt);
        return 'stale' as const;
      };
      const t = new Timers({
        queue,
        redis: conn,
        prefix,
        store: {} as WhistleStore,
        run: fire,
        roster: () => loadRosterFile('config/roster.example.yaml'),
        clock: systemClock,
        log,
      });
      worker = t.start(conn, prefix);
    } else {
      worker = new Worker('{timers}', async (job) => record(job.data.dueAt), {
        connection: conn,
        prefix,
        concurrency: 20,
      });
    }
    for (let i = 0; i < timers.length; i += 1000) {
      await queue.addBulk(
        timers.slice(i, i + 1000).map((t, j) => ({
          name: 'escalate',
          data: t,
          opts: { jobId: `b-${i + j}`, delay: t.dueAt - Date.now(), removeOnComplete: true },
        })),
      );
    }
    await finished;
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
    conn.disconnect();
    rows.push([
      label,
      `${total} timers over ${WINDOW_MS / 1000} s`,
      `p50 ${ms(q(lateness, 0.5))}`,
      `p99 ${ms(q(lateness, 0.99))}`,
    ]);
    return q(lateness, 0.99);
  };
  const floor = await run('timer lateness, bare BullMQ worker (floor)', false);
  const ours = await run('timer lateness, Timers worker (10,000 open cases × 3)', true);
  rows.push(['timers: ratio to floor', '', '', `p99 ×${(ours / floor).toFixed(2)} (goal: p99 < 1 s)`]);
}

function benchClassify(): void {
  const roster = loadRosterFile('config/roster.example.yaml');
  const texts = readFileSync('test/fixtures/cases.tsv', 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t')[3]!);
  const now = Date.now();
  for (let i = 0; i < 200; i++) classify(texts[i % texts.length]!, roster, now); // warm up
  const times: number[] = [];
  for (let i = 0; i < 5_000; i++) {
    const t = process.hrtime.bigint();
    classify(texts[i % texts.length]!, roster, now);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  rows.push([
    'classification per message',
    `${times.length} messages`,
    `p50 ${ms(q(times, 0.5))}`,
    `p99 ${ms(q(times, 0.99))} (goal < 2 ms)`,
  ]);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(os.tmpdir(), 'bench-redis-'));
  const redis = await startRedisServer({ dir, persist: false });
  try {
    benchClassify();
    await benchTimers(redis.url);
  } finally {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const table = [
    '| benchmark | load | p50 | p99 |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
  process.stdout.write(`${table}\n`);
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  writeFileSync(
    'docs/benchmarks.md',
    `# Benchmarks\n\nWritten by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}.\nMachine: ${machine}; Redis: a private redis-server (hz 100) on loopback.\n\n${table}\n\n` +
      'Timer lateness is measured when the worker picks a timer up (the moment the deadline is acted on), against a bare BullMQ\n' +
      'worker under the same load in the same run. Classification runs the full pipeline (normalisation, traditional to\n' +
      'simplified, scoring, place, deadline) on the labelled messages in `test/fixtures/cases.tsv`.\n',
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
