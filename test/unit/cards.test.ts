import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../src/cards/escape.js';
import { countTags, renderCard } from '../../src/cards/render-card.js';
import { loadRosterFile } from '../../src/roster/roster-load.js';
import { draftVars, statusVars, summonsVars } from '../../src/views/views.js';
import { caseState, NOW } from '../helpers/case-state.js';

const roster = loadRosterFile('config/roster.example.yaml');
const now = NOW;

describe('card templates', () => {
  const view = { roster, now };
  it('renders every template with realistic variables, zh_cn first and en_us beside', () => {
    const s = caseState(roster, 3);
    const cards = [
      renderCard(
        'whistle-draft',
        draftVars(
          {
            ...s,
            caseRow: { ...s.caseRow, status: 'draft' },
            depts: s.depts.map((d) => ({ ...d, status: 'proposed' })),
          },
          view,
          null,
        ),
      ),
      renderCard('whistle-status', statusVars(s, view)),
      renderCard('whistle-summons', summonsVars(s, 'chengguan', view)),
      renderCard('notice', {
        title: { zh: '催办', en: 'Reminder' },
        color: 'orange',
        body: { zh: '请报到', en: 'Report in' },
        buttons: [],
      }),
    ];
    for (const card of cards) {
      expect(card.schema).toBe('2.0');
      expect((card.config as { locales: string[] }).locales).toEqual(['zh_cn', 'en_us']);
      const header = card.header as { title: { content: string; i18n_content: { en_us: string } } };
      expect(header.title.content).toMatch(/[\u4e00-\u9fa5]/);
      expect(header.title.i18n_content.en_us).toMatch(/[A-Za-z]/);
    }
    const status = JSON.stringify(cards[1]);
    expect(status).toContain('重点督办');
    expect(status).toContain('SLT-20261123-001');
    expect(JSON.stringify(cards[2])).toContain('<at id=ou_cg_1></at>');
  });

  it('keeps a case with 30 departments within Lark limits', () => {
    const s = caseState(roster, 30, '长'.repeat(30_000));
    const card = renderCard('whistle-status', statusVars(s, view));
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(30 * 1024);
    expect(countTags(card.body)).toBeLessThanOrEqual(200);
  });

  it('escapes markdown so user text cannot mention, link or format', () => {
    expect(escapeMarkdown('<at id=all></at> [x](https://e.com) **b**')).not.toMatch(/[<>[\]()*]/);
  });
});
