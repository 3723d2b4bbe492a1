import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { systemClock } from '../../src/clock.js';
import { createLogger } from '../../src/log.js';
import { loadRosterFile } from '../../src/roster/roster-load.js';
import type { Timer } from '../../src/timers/timer-plan.js';
import { Timers } from '../../src/timers/timers.js';
import type { WhistleStore } from '../../src/whistle/store.js';
import { ms, quantile as q, type Row, ratio } from './report.js';

const log = createLogger('silent');

/** Timer lateness with 10,000 open cases × 3 timers, beside a bare BullMQ worker under the same load. */
export async function benchTimers(redisUrl: string): Promise<Row[]> {
  const rows: Row[] = [];
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
        streets: () => ['sanlitun'],
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
    return { label, total, p50: q(lateness, 0.5), p99: q(lateness, 0.99) };
  };
  const floor = await run('bare', false);
  const ours = await run('ours', true);
  for (const p of ['p50', 'p99'] as const) {
    rows.push({
      benchmark: `timer lateness ${p} (10,000 open cases × 3 timers)`,
      load: `${ours.total} timers due over ${WINDOW_MS / 1000} s`,
      figure: `${ms(ours[p])}${p === 'p99' ? ' (goal < 1 s)' : ''}`,
      floor: `${ms(floor[p])} (bare BullMQ worker)`,
      ratio: ratio(ours[p], floor[p]),
    });
  }
  return rows;
}
