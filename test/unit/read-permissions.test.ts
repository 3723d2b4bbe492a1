import { describe, expect, it } from 'vitest';
import { loadRosterFile } from '../../src/roster/roster-load.js';
import { mayReadCase, mayReadToday } from '../../src/whistle/read-permissions.js';
import type { CaseState } from '../../src/whistle/store.js';

const roster = loadRosterFile('config/roster.example.yaml');
const ROLES = {
  cadre: 'ou_cadre_1',
  leader: 'ou_leader_1',
  district: 'ou_district_1',
  gridCadre: 'ou_grid_1',
  contact: 'ou_cg_1',
  head: 'ou_cg_head',
  proposedContact: 'ou_gh_1',
  otherContact: 'ou_ga_1',
  otherHead: 'ou_ga_head',
  communityCadre: 'ou_comm_1',
  otherStreetCadre: 'ou_ds_cadre',
  stranger: 'ou_stranger',
} as const;
type Role = keyof typeof ROLES;

/** A whistled case of the street: 城管 summoned, 规划 only proposed on the draft (never summoned). */
const state = (o: { street?: string; tier?: string; status?: string } = {}): CaseState =>
  ({
    caseRow: { id: 'w1', street: o.street ?? 'sanlitun', tier: o.tier ?? 'street', status: o.status ?? 'whistled' },
    depts: [
      { dept: 'chengguan', status: 'summoned' },
      { dept: 'guihua', status: 'proposed' },
    ],
    requests: [],
    presence: [],
  }) as unknown as CaseState;

const reader = (role: Role) => ({ roster, user: ROLES[role] });

describe('who may read a case (查询 / status, its status card)', () => {
  const allowed: Role[] = ['cadre', 'leader', 'district', 'gridCadre', 'contact', 'head'];
  for (const role of Object.keys(ROLES) as Role[]) {
    it(`a street case read by ${role}`, () => {
      expect(mayReadCase(reader(role), state())).toBe(allowed.includes(role));
    });
  }
  for (const status of ['draft', 'resolved', 'accepted', 'cancelled']) {
    it(`a ${status} case keeps the same readers`, () => {
      for (const role of Object.keys(ROLES) as Role[])
        expect(mayReadCase(reader(role), state({ status })), role).toBe(allowed.includes(role));
    });
  }
  it("a community's case is read by its own cadre as well as the street's", () => {
    const s = state({ tier: 'nongguangli' });
    expect(mayReadCase(reader('communityCadre'), s)).toBe(true);
    expect(mayReadCase(reader('cadre'), s)).toBe(true);
    expect(mayReadCase(reader('stranger'), s)).toBe(false);
  });
  it("another street's case is not read by this street's cadres, leaders or departments", () => {
    const s = state({ street: 'dongsi' });
    for (const role of ['cadre', 'leader', 'contact', 'head'] as Role[])
      expect(mayReadCase(reader(role), s)).toBe(false);
  });
  it('the district reads the cases of every street the deployment serves', () => {
    const s = state({ street: 'dongsi' });
    expect(mayReadCase(reader('district'), s)).toBe(true);
    const elsewhere = { roster, user: 'ou_ds_district', isDistrict: (u: string) => u === 'ou_ds_district' };
    expect(mayReadCase(elsewhere, state())).toBe(true);
  });
  it('a department that has left or been released still reads the case it was on', () => {
    const s = state();
    (s.depts[0] as { status: string }).status = 'released';
    expect(mayReadCase(reader('contact'), s)).toBe(true);
  });
});

describe('who may read today (今日 / today)', () => {
  const allowed: Role[] = ['cadre', 'leader', 'district', 'gridCadre'];
  for (const role of Object.keys(ROLES) as Role[]) {
    it(`today by ${role}`, () => {
      expect(mayReadToday(reader(role))).toBe(allowed.includes(role));
    });
  }
});
