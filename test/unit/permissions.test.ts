import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { loadRosterFile } from '../../src/roster/roster-load.js';
import { type ActionName, DEPT_ACTIONS, DRAFT_ACTIONS, STREET_ACTIONS } from '../../src/whistle/model.js';
import { authorize } from '../../src/whistle/permissions.js';
import type { CaseState } from '../../src/whistle/store.js';
import { decide } from '../../src/whistle/transitions.js';

const roster = loadRosterFile('config/roster.example.yaml');
const ROLES = {
  cadre: 'ou_cadre_1',
  leader: 'ou_leader_1',
  district: 'ou_district_1',
  contact: 'ou_cg_1',
  head: 'ou_cg_head',
  otherContact: 'ou_ga_1',
  otherHead: 'ou_ga_head',
  stranger: 'ou_stranger',
  reporter: 'ou_grid_1',
} as const;
type Role = keyof typeof ROLES;

const state = (status: string): CaseState =>
  ({
    caseRow: { id: 'w1', tier: 'street', status, created_by: ROLES.reporter },
    depts: [],
    requests: [],
    presence: [],
  }) as unknown as CaseState;

function allowed(action: ActionName, role: Role, status = 'whistled'): boolean {
  try {
    authorize(roster, state(status), action, ROLES[role], 'chengguan');
    return true;
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).zh).toMatch(/[\u4e00-\u9fa5]/);
    expect((err as UserError).en).toMatch(/[A-Za-z]/);
    return false;
  }
}

describe('who may do what', () => {
  const street: Role[] = ['cadre', 'leader', 'reporter'];
  for (const action of [...DRAFT_ACTIONS, ...STREET_ACTIONS] as ActionName[]) {
    for (const role of Object.keys(ROLES) as Role[]) {
      it(`${action} by ${role}`, () => {
        // ou_grid_1 (the reporter) is a cadre in the example roster: a grid worker of the street. 重点督办 is the
        // district's to mark too (the rule then admits only leaders and the district).
        expect(allowed(action, role)).toBe(street.includes(role) || (action === 'key' && role === 'district'));
      });
    }
  }
  for (const action of DEPT_ACTIONS as readonly ActionName[]) {
    for (const role of Object.keys(ROLES) as Role[]) {
      it(`${action} for 城管 by ${role}`, () => {
        expect(allowed(action, role)).toBe(role === 'contact' || role === 'head');
      });
    }
  }
  it('the person who reported a draft may withdraw it even without a street role', () => {
    const s = { ...state('draft'), caseRow: { ...state('draft').caseRow, created_by: ROLES.stranger } } as CaseState;
    expect(() => authorize(roster, s, 'cancel', ROLES.stranger)).not.toThrow();
    expect(() => authorize(roster, s, 'confirm', ROLES.stranger)).toThrow(UserError);
  });
});

describe('every action has a rule', () => {
  for (const action of [...DRAFT_ACTIONS, ...DEPT_ACTIONS, ...STREET_ACTIONS] as ActionName[]) {
    it(action, async () => {
      const ctx = {
        roster,
        now: Date.now(),
        actor: ROLES.cadre,
        form: {},
        dept: 'chengguan',
        nextNumber: async () => 'SLT-1',
      };
      const s = { ...state('cancelled'), depts: [], requests: [], presence: [] } as CaseState;
      await expect(decide(action, s, ctx)).rejects.not.toThrow(/no rule/);
    });
  }
});
