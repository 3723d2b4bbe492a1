import type { DeptRow, TimelineRow } from '../../src/db/schema.js';
import type { Roster } from '../../src/roster/roster.js';
import type { CaseState } from '../../src/whistle/store.js';

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
    c: {
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
