import { Worker } from 'bullmq';
import { reviveCallbacks } from '../callbacks/sweep.js';
import { renderCard } from '../cards/render-card.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { Period } from '../digest/digest.js';
import { scheduleDigests, sendDigest } from '../digest/digest-jobs.js';
import { scheduleDistrictDigest, sendDistrictDigest } from '../district/district-digest.js';
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

/** Periodic repairs: relay what the outbox still holds, process events whose job was lost, prune old rows. */
export function startMaintenance(
  d: MaintenanceDeps,
  opts: { connection: RedisConnections['worker']; prefix: string },
  everyMs: number,
): Worker {
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
  const w = new Worker(
    d.queues.maintenance.name,
    async (job) => {
      if (job.name === 'district-weekly') {
        return sendDistrictDigest({ ...d, rosters: () => d.streets.all().map((s) => s.roster()) });
      }
      if (job.name.startsWith('digest-')) {
        const street = d.streets.get(String(job.data?.street)) ?? d.streets.primary;
        return sendDigest({ ...d, roster: street.roster }, job.name.slice('digest-'.length) as Period);
      }
      const relayed = await d.outbox.sweep();
      const events = await d.inbox.sweep();
      const timers = await d.timers.sweep();
      await reviveCallbacks(d.db, d.outbox, d.clock.now());
      if (relayed || events) d.log.info({ relayed, events }, 'sweep repaired');
      await d.outbox.prune(7 * 86_400_000);
      await d.inbox.prune();
      return { relayed, events, timers };
    },
    opts,
  );
  w.on('error', (err: Error) => d.log.warn({ err: err.message }, 'maintenance worker error'));
  return w;
}
