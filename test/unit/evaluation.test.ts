import { describe, expect, it } from 'vitest';
import { renderCard } from '../../src/cards/render-card.js';
import { sampleEvaluation } from '../../src/evaluation/card-samples.js';
import { departmentCard, fullCard } from '../../src/evaluation/evaluation-card.js';
import { departmentsToSupervise, type EvalRow, excludeFigure, rank } from '../../src/evaluation/evaluation-data.js';
import { fairRates } from '../../src/evaluation/fair-rates.js';
import { checkCard, countElements } from '../../src/lark/cards/card-rules.js';
import { CARD_LIMITS } from '../../src/lark/limits.js';
import { loadRosterFile } from '../../src/roster/roster-load.js';
import { bigRoster } from '../helpers/big-roster.js';

const counts = {
  summoned: 4,
  arrived: 3,
  arrivedOnTime: 2,
  done: 1,
  doneOnTime: 1,
  transferred: 1,
  transferredOnTime: 1,
  transferredUnarrived: 1,
  answered: 0,
  residentsSatisfied: 0,
};

describe('fair rates', () => {
  it('counts an approved transfer as resolved and leaves a transfer without arrival out of the response', () => {
    const f = fairRates(counts);
    expect(f.resolution).toBe(2 / 4);
    expect(f.resolutionOnTime).toBe(2 / 4);
    expect(f.response).toBe(3 / 3);
    expect(f.responseOnTime).toBe(2 / 3);
  });
  it('says 未评 (null), never 0 %, when nobody answered or nothing could be measured', () => {
    expect(fairRates(counts).satisfaction).toBeNull();
    expect(
      fairRates({ ...counts, summoned: 1, arrived: 0, arrivedOnTime: 0, done: 0, doneOnTime: 0 }).response,
    ).toBeNull();
    expect(fairRates({ ...counts, answered: 4, residentsSatisfied: 3 }).satisfaction).toBe(0.75);
  });
});

const row = (dept: string, score: number | null, extra: Partial<EvalRow> = {}): EvalRow => ({
  dept,
  summoned: 1,
  transferred: 0,
  response: score,
  resolution: score,
  satisfaction: null,
  answered: 0,
  streetRating: null,
  repeats: 0,
  refusedLeave: 0,
  leftEarly: 0,
  score,
  rank: null,
  ...extra,
});

describe('ranking and supervision', () => {
  it('equal scores share a rank; a department without a score is unranked', () => {
    const r = rank([row('a', 0.5), row('b', 0.9), row('c', 0.9), row('d', null)]);
    expect(r.map((x) => [x.dept, x.rank])).toEqual([
      ['b', 1],
      ['c', 1],
      ['a', 3],
      ['d', null],
    ]);
  });
  it('supervises the last, anyone under 60 % and anyone who left early', () => {
    const r = rank([row('a', 0.95), row('b', 0.9, { leftEarly: 1 }), row('c', 0.5), row('d', 0.2)]);
    expect(departmentsToSupervise(r)).toEqual([
      { dept: 'b', why: 'left_early' },
      { dept: 'c', why: 'below' },
      { dept: 'd', why: 'lowest' },
    ]);
    expect(departmentsToSupervise(rank([row('a', 0.1)]))).toEqual([{ dept: 'a', why: 'below' }]);
  });
  it('an accepted objection leaves the figure out and ranks again', () => {
    const ev = {
      rows: rank([row('a', 0.8), row('b', 0.5, { response: 0, resolution: 1, score: 0.5 })]),
      lateTransfers: [],
    };
    const after = excludeFigure(ev, 'b', 'response');
    const b = after.rows.find((r) => r.dept === 'b')!;
    expect(b.response).toBeNull();
    expect(b.score).toBe(1);
    expect(b.rank).toBe(1);
  });
});

describe('the evaluation cards stay within Lark’s limits', () => {
  const USER_TEXT = '<at id=all>*_[x](y)#-'.repeat(100);
  for (const [label, roster] of [
    ['the example roster', loadRosterFile('config/roster.example.yaml')],
    ['a 60-department roster', bigRoster(50, 60)],
  ] as const) {
    it(label, () => {
      const ev = sampleEvaluation(roster, Date.UTC(2026, 10, 23), USER_TEXT);
      for (const card of [fullCard(roster, ev), ...roster.departments.map((d) => departmentCard(roster, ev, d.id))]) {
        expect(checkCard(card)).toEqual([]);
        expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(CARD_LIMITS.maxBytes * 0.85);
        expect(countElements(card)).toBeLessThanOrEqual(CARD_LIMITS.maxElements * 0.85);
      }
      const whole = JSON.stringify(fullCard(roster, ev));
      // User text is escaped; a department's card never carries the objection form for another department.
      expect(whole).not.toContain('<at id=all>');
      expect(whole).not.toContain('"objection_form"');
      if (roster.departments.length > 30) expect(whole).toContain('个部门见评价接口');
    });
  }
  it('the template refuses an action value without its evaluation', () => {
    expect(() =>
      renderCard('objection', {
        title: { zh: 'x', en: 'x' },
        color: 'orange',
        body: { zh: 'x', en: 'x' },
        open: true,
        actions: { accept: { v: 1, action: 'accept_objection' }, reject: { v: 1, action: 'reject_objection' } },
      } as never),
    ).toThrow(/evaluation/);
  });
});
