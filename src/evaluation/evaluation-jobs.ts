import type { Queue } from 'bullmq';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { periodRange } from '../digest/digest.js';
import { isoDay } from '../i18n/time.js';
import { sendCard } from '../lark/outbound/messages.js';
import type { Logger } from '../log.js';
import type { OutboundJob } from '../queue/outbound-jobs.js';
import { jobId, type Outbox } from '../queue/outbox.js';
import type { Roster } from '../roster/roster.js';
import { departmentCard, type EvalCardInput, type EvalPeriod, fullCard } from './evaluation-card.js';
import { type Evaluation, evaluate } from './evaluation-data.js';
import { EvaluationStore } from './evaluation-store.js';

/** 监督管理哨 (seed 004: "街道对区政府职能部门……履职情况进行监督……把群众满意度作为重要的评价指标……形成工委评价，
 * 并向区委、区政府反馈评价结果"; seed 002: "利用周点评会、月通报会……对综合执法成员单位……履职情况进行评判，将结果通报
 * 到各成员单位，同时上报区政府"): the weekly and monthly evaluation, on the digest's job schedulers. */
export async function scheduleEvaluations(
  queue: Queue,
  roster: Roster,
  patterns: Record<EvalPeriod, string>,
  opts: Record<string, unknown>,
): Promise<void> {
  const street = roster.street.id;
  for (const period of ['weekly', 'monthly'] as const) {
    await queue.upsertJobScheduler(
      `evaluation-${period}-${street}`,
      { pattern: patterns[period], tz: roster.timezone },
      { name: `evaluation-${period}`, data: { street }, opts },
    );
  }
}

export interface EvaluationDeps {
  db: Db;
  outbox: Outbox;
  roster: () => Roster;
  clock: Clock;
  log: Logger;
}

export const evaluationId = (street: string, period: EvalPeriod, from: Date, tz: string) =>
  `ev-${street}-${period}-${isoDay(from.getTime(), tz)}`;

/** A stored evaluation with its objections, as the cards and the API show it. */
export async function loadEvaluation(
  store: EvaluationStore,
  id: string,
): Promise<(EvalCardInput & { street: string }) | undefined> {
  const found = await store.evaluation(id);
  if (!found) return undefined;
  const { row, objections } = found;
  return {
    id,
    street: row.street,
    period: row.period as EvalPeriod,
    from: row.period_from,
    to: row.period_to,
    evaluation: JSON.parse(row.figures) as Evaluation,
    objections: objections.map((o) => ({
      id: o.id,
      dept: o.dept,
      metric: o.metric,
      status: o.status,
      reason: o.reason,
      filedBy: o.filed_by,
      filedAt: o.filed_at.toISOString(),
      decidedBy: o.decided_by,
      decidedAt: o.decided_at?.toISOString() ?? null,
    })),
  };
}

/** Dates in the stored figures come back as strings; the cards read them as dates. */
function revive(ev: Evaluation): Evaluation {
  return { ...ev, lateTransfers: ev.lateTransfers.map((t) => ({ ...t, resolveBy: new Date(t.resolveBy) })) };
}
export const revived = <T extends { evaluation: Evaluation }>(x: T): T => ({ ...x, evaluation: revive(x.evaluation) });

/** Computes the period's evaluation, freezes it (the objections refer to these figures) and sends it once: each
 * department's chat gets its own row and rank, the leaders and the district the whole table. */
export async function sendEvaluation(d: EvaluationDeps, period: EvalPeriod): Promise<'sent' | 'already sent'> {
  const roster = d.roster();
  const now = d.clock.now();
  const { from, to } = periodRange(period, now, roster.timezone);
  const id = evaluationId(roster.street.id, period, from, roster.timezone);
  const store = new EvaluationStore(d.db);
  const evaluation = await evaluate(d.db, store, roster.street.id, from, to);
  const inserted = await store.insertEvaluation({
    id,
    street: roster.street.id,
    period,
    period_from: from,
    period_to: to,
    created_at: new Date(now),
    figures: JSON.stringify(evaluation),
  });
  if (!inserted) return 'already sent';
  const input: EvalCardInput = { id, period, from, to, evaluation, objections: [] };
  const jobs: { id: string; job: OutboundJob }[] = [];
  const send = (to: { chat: string } | { user: string }, card: Record<string, unknown>) =>
    jobs.push({ id: jobId('evaluation', id, 'chat' in to ? to.chat : to.user), job: sendCard(to, card) });
  for (const row of evaluation.rows) {
    const dept = roster.department(row.dept);
    if (dept) send({ chat: dept.chat }, departmentCard(roster, input, dept.id));
  }
  const whole = fullCard(roster, input);
  for (const leader of roster.street.leaders) send({ user: leader }, whole);
  if (roster.street.leaders_chat) send({ chat: roster.street.leaders_chat }, whole);
  for (const person of roster.street.district) send({ user: person }, whole);
  const ids = await d.outbox.write(d.db, jobs);
  await d.outbox.relay(ids);
  d.log.info({ period, id, departments: evaluation.rows.length, targets: ids.length }, 'evaluation sent');
  return 'sent';
}
