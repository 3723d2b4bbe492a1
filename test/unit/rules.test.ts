import { describe, expect, it } from 'vitest';
import { AlreadyDone, UserError } from '../../src/errors.js';
import { climbRung } from '../../src/escalation/ladder.js';
import { loadRosterFile } from '../../src/roster/roster-load.js';
import { Plan } from '../../src/whistle/plan.js';
import { decide } from '../../src/whistle/transitions.js';
import { aCase, NOW, ruleContext } from '../helpers/case-state.js';

/** The case lifecycle's rules on cases built in memory (test/helpers/case-state.ts): no database, no Lark. */
const roster = loadRosterFile('config/roster.example.yaml');

describe('rules without a database', () => {
  it('a summoned department reports in: arrived, late when past its deadline, on site from now', async () => {
    const state = aCase(roster).withDept('chengguan', 'summoned').build();
    const onTime = ruleContext(roster, { actor: 'ou_cg_1', dept: 'chengguan', now: NOW - 3000_000 });
    const plan = await decide('arrive', state, onTime);
    expect(plan.deptPatches.get('chengguan')).toMatchObject({
      status: 'arrived',
      arrived_by: 'ou_cg_1',
      arrive_late: false,
    });
    expect(plan.presenceOpen).toEqual([{ dept: 'chengguan', user: 'ou_cg_1' }]);
    const late = await decide('arrive', state, ruleContext(roster, { actor: 'ou_cg_1', dept: 'chengguan' }));
    expect(late.deptPatches.get('chengguan')?.arrive_late).toBe(true);
  });

  it('a second 报到 is "already done", not a second arrival', async () => {
    const state = aCase(roster).withDept('chengguan', 'arrived').build();
    await expect(
      decide('arrive', state, ruleContext(roster, { actor: 'ou_cg_2', dept: 'chengguan' })),
    ).rejects.toBeInstanceOf(AlreadyDone);
  });

  it('the last department finishing resolves the case and tells the street; one still working keeps it open', async () => {
    const last = aCase(roster).withDept('chengguan', 'arrived').withDept('gongan', 'done').build();
    const plan = await decide('done', last, ruleContext(roster, { actor: 'ou_cg_1', dept: 'chengguan' }));
    expect(plan.casePatch.status).toBe('resolved');
    expect(plan.notices).toContainEqual({ kind: 'resolved', to: 'street' });
    const notLast = aCase(roster).withDept('chengguan', 'arrived').withDept('gongan', 'arrived').build();
    const open = await decide('done', notLast, ruleContext(roster, { actor: 'ou_cg_1', dept: 'chengguan' }));
    expect(open.casePatch.status).toBeUndefined();
  });

  it('the street cannot accept while a department still works on the case', async () => {
    const state = aCase(roster).withDept('chengguan', 'arrived').build();
    const refused = decide('accept', state, ruleContext(roster, { actor: 'ou_cadre_1' }));
    await expect(refused).rejects.toBeInstanceOf(UserError);
  });

  it('the district rung is told once per case, naming every late department', () => {
    const state = aCase(roster).withDept('chengguan', 'summoned').withDept('gongan', 'summoned').build();
    const rung = { after: 0, to: 'district' as const, urgent: [] };
    const plan = new Plan();
    climbRung(plan, 'chengguan', 2, rung, 'bot', undefined, { state, roster, now: NOW });
    climbRung(plan, 'gongan', 2, rung, 'bot', undefined, { state, roster, now: NOW });
    const told = plan.notices.filter((n) => n.kind === 'escalate_case');
    expect(told).toHaveLength(1);
    expect(told[0]?.note).toContain(roster.department('gongan')!.name);
    expect(plan.casePatch.overdue).toBe(true);
  });
});
