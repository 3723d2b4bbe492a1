import { replyCard } from '../callbacks/reply-review.js';
import type { Roster } from '../roster/roster.js';
import type { CaseState } from '../whistle/store.js';
import { departmentCard, type EvalCardInput, fullCard } from './evaluation-card.js';
import type { EvalRow } from './evaluation-data.js';
import { objectionCard } from './objections.js';

/** An evaluation of every department of the roster with the longest figures, late transfers and objections: what
 * `npm run lark:smoke` sends and the card-size tests render. */
export function sampleEvaluation(roster: Roster, now: number, text: string): EvalCardInput {
  const rows: EvalRow[] = roster.departments.map((d, i) => ({
    dept: d.id,
    summoned: 1000 + i,
    transferred: 100 + i,
    response: i % 5 === 0 ? null : 0.123,
    resolution: 0.456,
    satisfaction: i % 3 === 0 ? null : 0.789,
    answered: 999,
    streetRating: i % 4 === 0 ? null : 3.5,
    repeats: 99,
    refusedLeave: 99,
    leftEarly: i % 2,
    score: 0.5 - i / 1000,
    rank: i + 1,
  }));
  return {
    id: 'ev-sample-weekly-2026-11-23',
    period: 'weekly',
    from: new Date(now - 7 * 86_400_000),
    to: new Date(now),
    evaluation: {
      rows,
      lateTransfers: roster.departments.slice(0, 40).map((d, i) => ({
        caseId: `w${i}`,
        number: `SLT-20261123-${String(i).padStart(3, '0')}`,
        dept: d.id,
        resolveBy: new Date(now - 86_400_000),
        open: i % 2 === 0,
      })),
    },
    objections: roster.departments.slice(0, 20).map((d, i) => ({
      dept: d.id,
      metric: 'response',
      status: ['pending', 'accepted', 'rejected'][i % 3]!,
      reason: text,
    })),
  };
}

export function evaluationSamples(roster: Roster, now: number, s: CaseState, text: string) {
  const ev = sampleEvaluation(roster, now, text);
  const dept = roster.departments[roster.departments.length - 1]!.id;
  const objection = (status: string) =>
    objectionCard(
      roster,
      { id: 'ob-sample', evaluation_id: ev.id, dept, metric: 'response', reason: text, status, decided_by: null },
      { zh: '2026-11-16 至 2026-11-22', en: '2026-11-16 – 2026-11-22' },
    );
  return [
    { template: 'evaluation', state: 'the whole table (leaders, district)', card: fullCard(roster, ev) },
    {
      template: 'evaluation',
      state: "a department's own row, with the objection form",
      card: departmentCard(roster, ev, dept),
    },
    { template: 'objection', state: 'pending', card: objection('pending') },
    { template: 'objection', state: 'accepted', card: objection('accepted') },
    { template: 'source-reply', state: 'to check', card: replyCard(s, text.slice(0, 1000), true, roster) },
    { template: 'source-reply', state: 'sent', card: replyCard(s, text.slice(0, 1000), false, roster) },
  ];
}
