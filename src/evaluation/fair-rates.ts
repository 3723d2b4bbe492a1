import type { DeptScore } from '../digest/digest-data.js';

/** The counts a department's rates are computed from (one period, departments summoned in it). */
export type FairCounts = Pick<
  DeptScore,
  | 'summoned'
  | 'arrived'
  | 'arrivedOnTime'
  | 'done'
  | 'doneOnTime'
  | 'transferred'
  | 'transferredOnTime'
  | 'transferredUnarrived'
  | 'answered'
  | 'residentsSatisfied'
>;

/** A rate nobody could be measured on is null (shown 未评 / —), never 0 %. */
export interface FairRates {
  /** 响应率: arrived / summoned, leaving out approved transfers made without going on site with a stated reason. */
  response: number | null;
  /** 按时响应率: arrived by the arrive-by time, same denominator. */
  responseOnTime: number | null;
  /** 解决率: (done + approved transfers) / summoned: a correct 首问 transfer is a correct outcome (seed 002). */
  resolution: number | null;
  /** 按时解决率: done by the resolve-by time, or transferred before it, / summoned. */
  resolutionOnTime: number | null;
  /** 满意率: residents' 满意 + 基本满意 answers / answered call-backs (seed 001; 未评 when nobody answered). */
  satisfaction: number | null;
}

export function fairRates(s: FairCounts): FairRates {
  const expected = s.summoned - s.transferredUnarrived;
  const of = (n: number, d: number) => (d > 0 ? n / d : null);
  return {
    response: of(s.arrived, expected),
    responseOnTime: of(s.arrivedOnTime, expected),
    resolution: of(s.done + s.transferred, s.summoned),
    resolutionOnTime: of(s.doneOnTime + s.transferredOnTime, s.summoned),
    satisfaction: of(s.residentsSatisfied, s.answered),
  };
}

/** The mean of the figures that exist: a department is ranked on what it has, an unrated one is not given a zero. */
export function meanOf(values: (number | null)[]): number | null {
  const there = values.filter((v): v is number => v !== null);
  return there.length ? there.reduce((a, b) => a + b, 0) / there.length : null;
}

/** Percent with one decimal, or the word for "nothing to measure". */
export function pctOrUnrated(x: number | null, lang: 'zh' | 'en'): string {
  return x === null ? (lang === 'zh' ? '未评' : 'not rated') : `${(x * 100).toFixed(1)}%`;
}
