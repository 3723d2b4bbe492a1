import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../src/cards/escape.js';
import { countTags, renderCard } from '../../src/cards/render-card.js';
import type { DeptRow } from '../../src/db/schema.js';
import { loadRosterFile } from '../../src/roster/roster-load.js';
import type { CaseState } from '../../src/whistle/store.js';
import { draftVars, statusVars, summonsVars } from '../../src/whistle/views.js';

const roster = loadRosterFile('config/roster.example.yaml');
const now = Date.parse('2026-11-23T02:00:00Z');

function state(deptCount: number, text = '治国胡同45号院有人在院内加盖二层'): CaseState {
  const ids = roster.departments.map((d) => d.id);
  const depts: DeptRow[] = Array.from({ length: deptCount }, (_, i) => ({
    case_id: 'w1',
    dept: ids[i % ids.length]!,
    role: i === 0 ? 'lead' : 'assist',
    status: ['summoned', 'arrived', 'done'][i % 3]!,
    task: null,
    summoned_at: new Date(now - 3600_000),
    arrive_by: new Date(now - 1800_000),
    resolve_by: new Date(now + 86_400_000),
    arrived_at: i % 3 ? new Date(now - 1200_000) : null,
    arrived_by: i % 3 ? 'ou_cg_1' : null,
    done_at: i % 3 === 2 ? new Date(now - 600_000) : null,
    ended_at: null,
    card_message_id: 'om_x',
    escalation_step: 0,
    reminded: 0,
    arrive_late: false,
    resolve_late: false,
    sent_back: 0,
    left_early: false,
    rating: null,
    rating_note: null,
  }));
  return {
    c: {
      id: 'w1',
      street: 'sanlitun',
      tier: 'street',
      number: 'SLT-20261123-001',
      status: 'whistled',
      kind: 'assemble',
      category: 'illegal-construction',
      text,
      location: '治国胡同45号院',
      source: '12345',
      source_ref: null,
      chat_id: 'oc_street_cmd',
      origin_message_id: 'om_1',
      card_message_id: 'om_2',
      created_by: 'ou_cadre_1',
      created_at: new Date(now - 7200_000),
      whistled_at: new Date(now - 3600_000),
      closed_at: null,
      deadline: null,
      version: 3,
      timer_gen: 0,
      overdue: true,
      escalation_step: 0,
      evidence: 2,
      commander: null,
      meeting_at: null,
      meeting_place: null,
      meeting_event_id: null,
      consult_at: null,
      consult_by: null,
      consult_reason: null,
      district_escalated_at: null,
    },
    depts,
    requests: [],
    presence: depts
      .filter((d) => d.status === 'arrived')
      .map((d) => ({
        case_id: 'w1',
        dept: d.dept,
        user_id: 'ou_cg_1',
        since: new Date(now - 1200_000),
        until: null,
        last_seen: new Date(now),
        check_sent_at: null,
        missed: false,
      })),
  };
}

describe('card templates', () => {
  const view = { roster, now };
  it('renders every template with realistic variables, zh_cn first and en_us beside', () => {
    const s = state(3);
    const cards = [
      renderCard(
        'whistle-draft',
        draftVars(
          { ...s, c: { ...s.c, status: 'draft' }, depts: s.depts.map((d) => ({ ...d, status: 'proposed' })) },
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
    const s = state(30, '长'.repeat(30_000));
    const card = renderCard('whistle-status', statusVars(s, view));
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(30 * 1024);
    expect(countTags(card.body)).toBeLessThanOrEqual(200);
  });

  it('escapes markdown so user text cannot mention, link or format', () => {
    expect(escapeMarkdown('<at id=all></at> [x](https://e.com) **b**')).not.toMatch(/[<>[\]()*]/);
  });
});
