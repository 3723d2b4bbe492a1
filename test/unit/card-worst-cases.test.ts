import { describe, expect, it } from 'vitest';
import { renderCard } from '../../src/cards/render-card.js';
import { checkCard, countElements } from '../../src/lark/cards/card-rules.js';
import { CARD_LIMITS } from '../../src/lark/limits.js';
import type { Roster } from '../../src/roster/roster.js';
import { loadRosterFile } from '../../src/roster/roster-load.js';
import { sampleCards } from '../../src/views/card-samples.js';
import { draftVars, statusVars, summonsVars } from '../../src/views/views.js';
import type { CaseState } from '../../src/whistle/store.js';
import { bigRoster } from '../helpers/big-roster.js';
import { caseState, longTimeline, NOW } from '../helpers/case-state.js';

/** Every template in every state, in its worst case, must stay under Lark's limits with a margin: a card that
 * barely fits today breaks with the next long name. */
const MARGIN = 0.85;
const MAX_BYTES = Math.floor(CARD_LIMITS.maxBytes * MARGIN);
const MAX_ELEMENTS = Math.floor(CARD_LIMITS.maxElements * MARGIN);
// 30 KB of user text made of markdown specials: every character escapes to an entity.
const USER_TEXT = '<at id=all>*_[x](y)#-'.repeat(1500);

function worst(roster: Roster, status: string): CaseState {
  const s = caseState(roster, Math.min(30, roster.departments.length), USER_TEXT);
  s.caseRow = { ...s.caseRow, status, location: USER_TEXT.slice(0, 400), overdue: true, kind: 'emergency' };
  s.depts = s.depts.map((d, i) => ({
    ...d,
    task: USER_TEXT.slice(0, 300),
    sent_back: 2,
    status: status === 'draft' ? 'proposed' : status === 'resolved' || status === 'accepted' ? 'done' : d.status,
    done_at: d.done_at ?? new Date(NOW - 60_000),
    arrived_at: d.arrived_at ?? new Date(NOW - 120_000),
    rating: status === 'accepted' && i % 2 ? 4 : null,
  }));
  s.requests = s.depts.map((d, i) => ({
    id: `r${i}`,
    case_id: 'w1',
    dept: d.dept,
    kind: ['transfer', 'leave', 'extension'][i % 3]!,
    status: 'pending',
    reason: USER_TEXT.slice(0, 300),
    basis: USER_TEXT.slice(0, 300),
    target: roster.departments[(i + 3) % roster.departments.length]!.id,
    extend_ms: 3600_000,
    requested_by: 'ou_cadre_1',
    requested_at: new Date(NOW - 600_000),
    decided_by: null,
    decided_at: null,
  }));
  return s;
}

function within(name: string, card: Record<string, unknown>) {
  const bytes = Buffer.byteLength(JSON.stringify(card));
  const elements = countElements(card);
  expect(checkCard(card), name).toEqual([]);
  expect(bytes, `${name}: ${bytes} bytes`).toBeLessThanOrEqual(MAX_BYTES);
  expect(elements, `${name}: ${elements} elements`).toBeLessThanOrEqual(MAX_ELEMENTS);
  return { bytes, elements };
}

const ROSTERS: [string, () => Roster][] = [
  ['the example roster', () => loadRosterFile('config/roster.example.yaml')],
  ['a 500-category, 60-department roster', () => bigRoster(500, 60)],
];

describe.each(ROSTERS)('every card in its worst case with %s', (_label, load) => {
  const roster = load();
  const view = { roster, now: NOW };
  const timeline = longTimeline(300, USER_TEXT.slice(0, 500));

  it('the draft: asked, expanded, searched, cancelled, whistled', () => {
    const s = worst(roster, 'draft');
    const q = { zh: '请选择类别', en: 'Choose a category' };
    within('draft asked', renderCard('whistle-draft', draftVars(s, view, q)));
    within('draft plain', renderCard('whistle-draft', draftVars(s, view, null)));
    within('draft searched', renderCard('whistle-draft', draftVars(s, view, null, true, '综合')));
    within(
      'draft cancelled',
      renderCard('whistle-draft', draftVars({ ...s, caseRow: { ...s.caseRow, status: 'cancelled' } }, view, null)),
    );
    within(
      'draft whistled',
      renderCard('whistle-draft', draftVars({ ...s, caseRow: { ...s.caseRow, status: 'whistled' } }, view, null)),
    );
  });

  it.each(['whistled', 'reopened', 'resolved', 'accepted', 'cancelled'])('the status card, %s', (status) => {
    const s = worst(roster, status);
    within(`status ${status}`, renderCard('whistle-status', statusVars(s, view, timeline)));
  });

  it.each(['whistled', 'resolved', 'accepted', 'cancelled'])('every summons card, case %s', (status) => {
    const s = worst(roster, status);
    for (const d of s.depts) within(`summons ${d.dept}`, renderCard('whistle-summons', summonsVars(s, d.dept, view)));
  });

  it('the notice with the longest text', () => {
    within(
      'notice',
      renderCard('notice', {
        title: { zh: '通知', en: 'Notice' },
        color: 'orange',
        body: { zh: '正文', en: 'Body' },
        text: USER_TEXT.slice(0, 3000),
        buttons: [],
      }),
    );
  });
});

describe('a roster of real size never reaches a card whole', () => {
  it('the draft lists at most 15 categories and 20 departments, and says how to find the others', () => {
    const roster = bigRoster(500, 60);
    const card = renderCard('whistle-draft', draftVars(worst(roster, 'draft'), { roster, now: NOW }, null, true));
    const text = JSON.stringify(card);
    expect(text).toContain('搜索');
    expect((text.match(/"value":"category-/g) ?? []).length).toBeLessThanOrEqual(15);
  });

  it('a search brings the matching category to the top of the list', () => {
    const roster = bigRoster(500, 60);
    const card = renderCard(
      'whistle-draft',
      draftVars(worst(roster, 'draft'), { roster, now: NOW }, null, true, '第437类'),
    );
    expect(JSON.stringify(card)).toContain('"value":"category-437"');
  });
});

describe('the sample cards npm run lark:smoke sends', () => {
  it.each(ROSTERS)('all pass every card rule with %s', (_label, load) => {
    const cards = sampleCards(load(), NOW);
    expect(new Set(cards.map((c) => c.template))).toEqual(
      new Set(['whistle-draft', 'whistle-status', 'whistle-summons', 'notice', 'digest']),
    );
    for (const c of cards) within(`${c.template} ${c.state}`, c.card);
  });
});
