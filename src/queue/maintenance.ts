import { Worker } from 'bullmq';
import { reviveCallbacks } from '../callbacks/sweep.js';
import { renderCard } from '../cards/render-card.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { Period } from '../digest/digest.js';
import { scheduleDigests, sendDigest } from '../digest/digest-jobs.js';
import { scheduleDistrictDigest, sendDistrictDigest } from '../district/district-digest.js';
import { sendEvaluation } from '../evaluation/evaluation-jobs.js';
import { sendCard } from '../lark/outbound/messages.js';
import type { Logger } from '../log.js';
import type { RedisConnections } from '../redis/connections.js';
import type { Roster } from '../roster/roster.js';
import type { Streets } from '../streets/streets.js';
import type { Timers } from '../timers/timers.js';
import type { Inbox } from './inbox.js';
import { jobId, type Outbox } from './outbox.js';
import type { Queues } from './queues.js';

/** What telling the cadres needs (called while the service is still being built: nothing more). */
export interface TellDeps {
  db: Db;
  outbox: Outbox;
  clock: Clock;
}

/** What the periodic repairs and the digests' worker need. */
export interface MaintenanceDeps extends TellDeps {
  log: Logger;
  streets: Streets;
  queues: Pick<Queues, 'maintenance'>;
  inbox: Pick<Inbox, 'sweep' | 'prune'>;
  timers: Pick<Timers, 'sweep'>;
}

/** A rejected roster is told to the street's cadres in their command chat, in their language. */
export async function tellCadres(d: TellDeps, current: Roster, error: string): Promise<void> {
  const card = renderCard('notice', {
    title: { zh: '花名册更新失败', en: 'Roster update rejected' },
    color: 'red',
    body: {
      zh: '新的花名册有错误，系统继续使用原花名册。请修正后重新上传：',
      en: 'The new roster has an error; the previous one stays in use. Fix it and upload again:',
    },
    text: error,
    buttons: [],
  });
  const ids = await d.outbox.write(
    d.db,
    current.street.chats.map((chat) => ({
      id: jobId('roster-rejected', chat, d.clock.now()),
      job: sendCard({ chat }, card),
    })),
  );
  await d.outbox.relay(ids);
}

/** The repeatable jobs: every street's digests, the district's, and the sweep itself. Upserting is idempotent. */
function scheduleAll(d: MaintenanceDeps, everyMs: number): void {
  for (const street of d.streets.all())
    void scheduleDigests(d.queues.maintenance, street.roster()).catch((err: Error) =>
      d.log.warn({ street: street.id, err: err.message }, 'cannot schedule the digests'),
    );
  void scheduleDistrictDigest(d.queues.maintenance, d.streets.primary.roster()).catch((err: Error) =>
    d.log.warn({ err: err.message }, 'cannot schedule the district digest'),
  );
  void d.queues.maintenance
    .upsertJobScheduler(
      'sweep',
      { every: everyMs },
      { name: 'sweep', opts: { removeOnComplete: 50, removeOnFail: 100 } },
    )
    .catch((err: Error) => d.log.warn({ err: err.message }, 'cannot schedule the sweep'));
}

/** Periodic repairs: relay what the outbox still holds, process events whose job was lost, prune old rows. */
export function startMaintenance(
  d: MaintenanceDeps,
  opts: { connection: RedisConnections['worker']; prefix: string },
  everyMs: number,
): Worker {
  scheduleAll(d, everyMs);
  const sweep = async () => {
    const relayed = await d.outbox.sweep();
    const events = await d.inbox.sweep();
    const timers = await d.timers.sweep();
    await reviveCallbacks(d.db, d.outbox, d.clock.now());
    return { relayed, events, timers };
  };
  const w = new Worker(
    d.queues.maintenance.name,
    async (job) => {
      if (job.name === 'district-weekly') {
        return sendDistrictDigest({ ...d, rosters: () => d.streets.all().map((s) => s.roster()) });
      }
      if (job.name === 'evaluation-weekly' || job.name === 'evaluation-monthly') {
        const street = d.streets.get(String(job.data?.street)) ?? d.streets.primary;
        return sendEvaluation({ ...d, roster: street.roster }, job.name === 'evaluation-weekly' ? 'weekly' : 'monthly');
      }
      if (job.name.startsWith('digest-')) {
        const street = d.streets.get(String(job.data?.street)) ?? d.streets.primary;
        return sendDigest({ ...d, roster: street.roster }, job.name.slice('digest-'.length) as Period);
      }
      const { relayed, events, timers } = await sweep();
      if (relayed || events) d.log.info({ relayed, events }, 'sweep repaired');
      await d.outbox.prune(7 * 86_400_000);
      await d.inbox.prune();
      return { relayed, events, timers };
    },
    opts,
  );
  w.on('error', (err: Error) => d.log.warn({ err: err.message }, 'maintenance worker error'));
  const stop = watchRedisLoss(opts.connection, `${opts.prefix}:whistle:alive`, everyMs, async () => {
    d.log.warn('redis lost its data: schedules put back, timers and deliveries rebuilt from the database');
    scheduleAll(d, everyMs);
    await sweep();
  });
  w.on('closing', stop);
  return w;
}

/** A Redis that lost its data (restarted without persistence, flushed, failed over to an empty replica) lost every
 * delayed timer and the repeatable jobs with them, the sweep's own among them: nothing would rebuild the timers
 * until the next restart. A marker key tells: when it is gone, `onLoss` runs (once across instances: the first to
 * put the marker back wins). Checked on real time; an outage (Redis away) is not a loss and only skips a check. */
export function watchRedisLoss(
  redis: RedisConnections['worker'],
  key: string,
  everyMs: number,
  onLoss: () => Promise<void>,
): () => void {
  let first = true;
  let busy = false;
  const check = async () => {
    if (busy || redis.status !== 'ready') return;
    busy = true;
    try {
      const created = await redis.set(key, String(Date.now()), 'NX');
      if (created === 'OK' && !first) await onLoss();
      first = false;
    } catch {
      // Away or failing now: the next check tries again.
    } finally {
      busy = false;
    }
  };
  void check();
  const timer = setInterval(() => void check(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
