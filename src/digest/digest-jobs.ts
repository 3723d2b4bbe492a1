import type { Queue } from 'bullmq';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { dayKey } from '../i18n/time.js';
import { type Receiver, sendCard } from '../lark/outbound/messages.js';
import type { Logger } from '../log.js';
import { jobId, type Outbox } from '../queue/outbox.js';
import type { Roster } from '../roster/roster.js';
import { dailyDigest, type Period, periodDigest } from './digest.js';

const cron = (hhmm: string, rest: string) => {
  const [h, m] = hhmm.split(':');
  return `0 ${Number(m)} ${Number(h)} ${rest}`;
};

/** 日碰头、周点评、月通报 as BullMQ job schedulers in the roster's time zone, one set per street; upserting on every
 * boot is idempotent. */
export async function scheduleDigests(queue: Queue, roster: Roster): Promise<void> {
  const d = roster.data.digest;
  const tz = roster.timezone;
  const street = roster.street.id;
  const opts = {
    removeOnComplete: 50,
    removeOnFail: 100,
    attempts: 3,
    backoff: { type: 'exponential', delay: 60_000 },
  };
  const patterns: Record<Period, string> = {
    daily: cron(d.daily, '* * *'),
    weekly: cron(d.weekly, `* * ${d.weekly_day}`),
    monthly: cron(d.monthly, '1 * *'),
  };
  for (const [period, pattern] of Object.entries(patterns)) {
    // Schedulers from before streets were scoped (one street per deployment) would fire a second digest.
    await queue.removeJobScheduler(`digest-${period}`);
    await queue.upsertJobScheduler(
      `digest-${period}-${street}`,
      { pattern, tz },
      { name: `digest-${period}`, data: { street }, opts },
    );
  }
}

export interface DigestDeps {
  db: Db;
  outbox: Outbox;
  roster: () => Roster;
  clock: Clock;
  log: Logger;
}

/** Builds a digest and sends it once per period (a ledger row guards against a repeated or late run). */
export async function sendDigest(d: DigestDeps, period: Period): Promise<'sent' | 'already sent'> {
  const roster = d.roster();
  const now = d.clock.now();
  const slot = dayKey(now, roster.timezone);
  const inserted = await d.db
    .insertInto('digest_deliveries')
    .values({ street: roster.street.id, period, slot, sent_at: new Date(now) })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return 'already sent';
  const card =
    period === 'daily' ? await dailyDigest(d.db, roster, now) : await periodDigest(d.db, roster, period, now);
  const to: Receiver[] = roster.street.leaders.map((user) => ({ user }));
  if (period === 'daily') for (const chat of roster.street.chats) to.push({ chat });
  if (roster.street.leaders_chat) to.push({ chat: roster.street.leaders_chat });
  if (period === 'monthly') for (const user of roster.street.district) to.push({ user });
  const ids = await d.outbox.write(
    d.db,
    to.map((r) => ({
      id: jobId('digest', roster.street.id, period, slot, 'chat' in r ? r.chat : r.user),
      job: sendCard(r, card),
    })),
  );
  await d.outbox.relay(ids);
  d.log.info({ period, slot, targets: ids.length }, 'digest sent');
  return 'sent';
}
