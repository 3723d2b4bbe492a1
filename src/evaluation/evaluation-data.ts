import type { Db } from '../db/database.js';
import { type DeptScore, scorecards } from '../digest/digest-data.js';
import type { EvaluationStore } from './evaluation-store.js';
import { fairRates, meanOf } from './fair-rates.js';

/** A problem that comes back within this long after its case was accepted counts as a repeat (重复件) against the
 * department that led the earlier case. */
export const REPEAT_WITHIN_DAYS = 30;
/** A department whose score is under this is a 督办 item (besides the lowest-ranked one). */
export const SUPERVISE_BELOW = 0.6;

/** The figures a department may object to; each has a name on the card and in the API. */
export const METRICS = ['response', 'resolution', 'satisfaction', 'street_rating', 'repeats', 'left_early'] as const;
export type Metric = (typeof METRICS)[number];
export const METRIC_LABEL: Record<Metric, { zh: string; en: string }> = {
  response: { zh: '按时响应率', en: 'On-time response' },
  resolution: { zh: '按时解决率', en: 'On-time resolution' },
  satisfaction: { zh: '群众满意率', en: "Residents' satisfaction" },
  street_rating: { zh: '街道评价', en: 'Street rating' },
  repeats: { zh: '重复件', en: 'Repeat cases' },
  left_early: { zh: '提前离场', en: 'Left early' },
};

/** One department's row of the evaluation, frozen as sent (the objections refer to these figures). */
export interface EvalRow {
  dept: string;
  summoned: number;
  transferred: number;
  response: number | null;
  resolution: number | null;
  satisfaction: number | null;
  answered: number;
  /** The street's own 1–5 rating (街道评价), mean; null: not rated. */
  streetRating: number | null;
  repeats: number;
  refusedLeave: number;
  leftEarly: number;
  score: number | null;
  rank: number | null;
}

/** A case whose receiving department did not finish in the time that ran from the transfer (seed 002: "限时办结；
 * 未能按时完成的，列为分级会商时的重点督办案件"). */
export interface LateTransfer {
  caseId: string;
  number: string;
  dept: string;
  resolveBy: Date;
  open: boolean;
}

export interface Evaluation {
  rows: EvalRow[];
  lateTransfers: LateTransfer[];
}

/** The street rating on the 0–1 scale of the rates: 1 → 0, 5 → 1. */
const ratingShare = (avg: number | null) => (avg === null ? null : (avg - 1) / 4);

export function rowFrom(s: DeptScore, repeats: number): EvalRow {
  const f = fairRates(s);
  return {
    dept: s.dept,
    summoned: s.summoned,
    transferred: s.transferred,
    response: f.responseOnTime,
    resolution: f.resolutionOnTime,
    satisfaction: f.satisfaction,
    answered: s.answered,
    streetRating: s.ratingAvg,
    repeats,
    refusedLeave: s.refusedLeave,
    leftEarly: s.leftEarly,
    score: meanOf([f.responseOnTime, f.resolutionOnTime, f.satisfaction, ratingShare(s.ratingAvg)]),
    rank: null,
  };
}

/** Ranks by score, best first; equal scores share a rank (1, 2, 2, 4); a department without a score is unranked. */
export function rank(rows: EvalRow[]): EvalRow[] {
  const scored = rows.filter((r) => r.score !== null).sort((a, b) => b.score! - a.score!);
  for (const [i, r] of scored.entries()) {
    const prev = scored[i - 1];
    r.rank = prev && Math.abs(prev.score! - r.score!) < 1e-9 ? prev.rank : i + 1;
  }
  return [...scored, ...rows.filter((r) => r.score === null)];
}

/** The period's evaluation of every department summoned in it, from the database. */
export async function evaluate(
  db: Db,
  store: EvaluationStore,
  street: string,
  from: Date,
  to: Date,
): Promise<Evaluation> {
  const [scores, repeats, late] = await Promise.all([
    scorecards(db, street, from, to),
    store.repeatCases(street, from, to, REPEAT_WITHIN_DAYS),
    store.lateTransfers(street, from, to),
  ]);
  const rows = scores.map((s) => rowFrom(s, repeats.get(s.dept) ?? 0));
  // A department with repeats but no summons this period still has a row: the problem it left came back.
  for (const [dept, n] of repeats)
    if (!rows.some((r) => r.dept === dept)) rows.push({ ...rowFrom(emptyScore(dept), n) });
  return { rows: rank(rows), lateTransfers: late };
}

function emptyScore(dept: string): DeptScore {
  return {
    dept,
    summoned: 0,
    arrived: 0,
    arrivedOnTime: 0,
    medianArriveMin: null,
    done: 0,
    doneOnTime: 0,
    sentBack: 0,
    transferred: 0,
    transferredOnTime: 0,
    transferredUnarrived: 0,
    refusedLeave: 0,
    leftEarly: 0,
    rated: 0,
    ratingAvg: null,
    satisfied: 0,
    answered: 0,
    residentsSatisfied: 0,
  };
}

/** 督办 items: the lowest-ranked department (when more than one is ranked), every department scoring under
 * SUPERVISE_BELOW, every department with an actual early departure. */
export function departmentsToSupervise(rows: EvalRow[]): { dept: string; why: 'lowest' | 'below' | 'left_early' }[] {
  const ranked = rows.filter((r) => r.rank !== null);
  const out: { dept: string; why: 'lowest' | 'below' | 'left_early' }[] = [];
  const worst = ranked.length > 1 ? ranked[ranked.length - 1] : undefined;
  for (const r of rows) {
    if (worst && r.rank === worst.rank) out.push({ dept: r.dept, why: 'lowest' });
    else if (r.score !== null && r.score < SUPERVISE_BELOW) out.push({ dept: r.dept, why: 'below' });
    else if (r.leftEarly > 0) out.push({ dept: r.dept, why: 'left_early' });
  }
  return out;
}

/** An accepted objection: the figure no longer counts (a rate is left out, a count is zero), the score and ranks
 * are recomputed from what remains. */
export function excludeFigure(ev: Evaluation, dept: string, metric: Metric): Evaluation {
  const rows = ev.rows.map((r) => {
    if (r.dept !== dept) return { ...r, rank: null };
    const x: EvalRow = { ...r, rank: null };
    if (metric === 'response') x.response = null;
    else if (metric === 'resolution') x.resolution = null;
    else if (metric === 'satisfaction') x.satisfaction = null;
    else if (metric === 'street_rating') x.streetRating = null;
    else if (metric === 'repeats') x.repeats = 0;
    else x.leftEarly = 0;
    x.score = meanOf([x.response, x.resolution, x.satisfaction, ratingShare(x.streetRating)]);
    return x;
  });
  return { ...ev, rows: rank(rows) };
}
