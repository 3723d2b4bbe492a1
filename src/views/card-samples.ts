import { renderCard } from '../cards/render-card.js';
import type { DeptRow, TimelineRow } from '../db/schema.js';
import { periodCard } from '../digest/digest.js';
import type { Roster } from '../roster/roster.js';
import type { CaseState } from '../whistle/store.js';
import { draftVars, statusVars, summonsVars } from './views.js';

/** Sample cases for rendering every card in every state: the worst-case tests and `npm run lark:smoke`. */

export const NOW = Date.parse('2026-11-23T02:00:00Z');

/** A case as the store returns it, with `deptCount` departments in mixed states, for rendering cards. */
export function caseState(roster: Roster, deptCount: number, text = '治国胡同45号院有人在院内加盖二层'): CaseState {
  const now = NOW;
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
    card_posted_at: null,
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
    caseRow: {
      id: 'w1',
      street: 'sanlitun',
      tier: 'street',
      number: 'SLT-20261123-001',
      status: 'whistled',
      kind: 'assemble',
      category: roster.categories[0]!.id,
      text,
      location: '治国胡同45号院',
      source: '12345',
      source_ref: null,
      chat_id: 'oc_street_cmd',
      origin_message_id: 'om_1',
      card_message_id: 'om_2',
      card_posted_at: null,
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
      level: 'whistle',
      level_reason: '多部门',
      result: null,
      resident_name: '张三',
      resident_phone: '13812345678',
      callback: null,
      feedback_result: null,
      feedback_note: null,
      feedback_at: null,
      commander: null,
      meeting_at: null,
      meeting_place: null,
      meeting_event_id: null,
      consult_at: null,
      consult_by: null,
      consult_reason: null,
      district_escalated_at: null,
      proposed_category: null,
      proposed_lead: null,
      proposed_kind: null,
      confidence: null,
      learnt_from: null,
      merged_into: null,
      merge_offer: null,
      reporters: 1,
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

/** A long timeline whose notes are user text full of markdown specials (the worst case for escaping). */
export function longTimeline(n: number, note: string): TimelineRow[] {
  return Array.from({ length: n }, (_, i) => ({
    id: String(i),
    case_id: 'w1',
    at: new Date(NOW - (n - i) * 60_000),
    actor: 'ou_cadre_1',
    action: 'progress',
    dept: null,
    note,
    ref: null,
  })) as unknown as TimelineRow[];
}

export interface SampleCard {
  template: string;
  state: string;
  card: Record<string, unknown>;
}

/** Every template in every state it can be in, rendered from sample cases with this roster. */
export function sampleCards(roster: Roster, now = NOW): SampleCard[] {
  const view = { roster, now };
  const base = caseState(roster, Math.min(6, roster.departments.length));
  const withStatus = (status: string, deptStatus?: string): CaseState => ({
    ...base,
    caseRow: { ...base.caseRow, status },
    depts: base.depts.map((d) => ({
      ...d,
      status: deptStatus ?? d.status,
      done_at: d.done_at ?? new Date(now - 60_000),
      arrived_at: d.arrived_at ?? new Date(now - 120_000),
    })),
  });
  const draft = withStatus('draft', 'proposed');
  const q = { zh: '请选择类别或主责部门', en: 'Choose a category or a lead department' };
  const timeline = longTimeline(12, '已到现场核实');
  const out: SampleCard[] = [
    { template: 'whistle-draft', state: 'draft', card: renderCard('whistle-draft', draftVars(draft, view, null)) },
    { template: 'whistle-draft', state: 'draft, asked', card: renderCard('whistle-draft', draftVars(draft, view, q)) },
    {
      template: 'whistle-draft',
      state: 'draft, edit form',
      card: renderCard('whistle-draft', draftVars(draft, view, null, true, '城管')),
    },
    {
      template: 'whistle-draft',
      state: 'cancelled',
      card: renderCard('whistle-draft', draftVars(withStatus('cancelled', 'proposed'), view, null)),
    },
  ];
  for (const [status, dept] of [
    ['whistled', undefined],
    ['reopened', undefined],
    ['resolved', 'done'],
    ['accepted', 'done'],
    ['cancelled', undefined],
  ] as const) {
    const s = withStatus(status, dept);
    out.push({
      template: 'whistle-status',
      state: status,
      card: renderCard('whistle-status', statusVars(s, view, timeline)),
    });
  }
  // The kinds' extras: a joint whistle with its meeting form, meeting and 会商 lines; an emergency under command.
  const joint: CaseState = {
    ...base,
    caseRow: {
      ...base.caseRow,
      kind: 'joint',
      meeting_at: new Date(now + 86_400_000),
      meeting_place: '街道三层会议室'.repeat(6),
      meeting_event_id: 'evt_1',
      consult_at: new Date(now),
      consult_by: 'ou_leader_1',
      consult_reason: '涉及多个区级部门职责交叉'.repeat(20),
    },
  };
  const emergency: CaseState = { ...base, caseRow: { ...base.caseRow, kind: 'emergency', commander: 'ou_leader_1' } };
  for (const [state, s] of [
    ['whistled, joint with meeting and 会商', joint],
    ['whistled, emergency under command', emergency],
  ] as const) {
    out.push({ template: 'whistle-status', state, card: renderCard('whistle-status', statusVars(s, view, timeline)) });
  }
  for (const [status, dept] of [
    ['whistled', 'summoned'],
    ['whistled', 'arrived'],
    ['resolved', 'done'],
    ['accepted', 'done'],
  ] as const) {
    const s = withStatus(status, dept);
    const id = s.depts[0]!.dept;
    out.push({
      template: 'whistle-summons',
      state: `${status}, ${dept}`,
      card: renderCard('whistle-summons', summonsVars(s, id, view)),
    });
  }
  out.push({
    template: 'notice',
    state: 'with a button',
    card: renderCard('notice', {
      title: { zh: '催办', en: 'Reminder' },
      color: 'orange',
      body: { zh: '请尽快报到', en: 'Please report in' },
      text: base.caseRow.text,
      buttons: [
        {
          zh: '报到',
          en: 'Arrived',
          type: 'primary_filled',
          value: { v: 1, action: 'arrive', whistle: base.caseRow.id, dept: base.depts[0]!.dept, card: 'notice' },
        },
      ],
    }),
  });
  out.push({
    template: 'digest',
    state: 'daily, with overdue cases',
    card: renderCard('digest', {
      title: { zh: '日碰头', en: 'Daily huddle' },
      subtitle: { zh: roster.street.name, en: roster.street.name_en ?? roster.street.id },
      color: 'orange',
      summary: { zh: '在办 **3** 件，超时 **1** 件。', en: '**3** open, **1** overdue.' },
      rows: true,
      table: { zh: '**城管**：在办 2', en: '**Urban management**: 2 open' },
      overdue: base.depts.slice(0, 3).map((d) => ({
        zh: `${base.caseRow.number} · ${d.dept} · 已超时1小时`,
        en: `${base.caseRow.number} · ${d.dept} · 1 h overdue`,
        value: { v: 1, action: 'nudge', whistle: base.caseRow.id, dept: d.dept, card: 'notice' },
      })),
    }),
  });
  out.push({
    template: 'digest',
    state: 'monthly bulletin, with its charts',
    card: periodCard(roster, 'monthly', {
      from: new Date(now - 30 * 86_400_000),
      to: new Date(now),
      // Every department summoned 4 times, arriving and resolving a varying share: bars of different lengths.
      scores: roster.departments.map((d, i) => ({
        dept: d.id,
        summoned: 4,
        arrived: 4 - (i % 3),
        arrivedOnTime: 3 - (i % 3),
        medianArriveMin: 25,
        done: 4 - (i % 4),
        doneOnTime: 2,
        sentBack: 0,
        leftEarly: 0,
        rated: 1,
        ratingAvg: 4,
        satisfied: 1,
        answered: 1,
        residentsSatisfied: 1,
      })),
      counts: { grid: 12, dispatch: 7, whistle: 3 },
      residents: { answered: 3, satisfied: 2 },
    }),
  });
  return out;
}
