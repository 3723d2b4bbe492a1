import type { DeptRow } from '../../src/db/schema.js';
import type { Roster } from '../../src/roster/roster.js';
import { caseState, NOW } from '../../src/views/card-samples.js';
import type { DeptStatus } from '../../src/whistle/model.js';
import type { Ctx } from '../../src/whistle/rules/common.js';
import type { CaseState } from '../../src/whistle/store.js';

export { caseState, longTimeline, NOW } from '../../src/views/card-samples.js';

/** Builds a case as the store would return it, so rules can be tested without a database:
 *   aCase(roster).withDept('chengguan', 'summoned').withDept('gongan', 'arrived').build()
 * Departments summoned an hour before NOW, due to arrive half an hour before NOW (so late by default), due to
 * finish a day after NOW. */
export class CaseStateBuilder {
  readonly #state: CaseState;
  readonly #roster: Roster;

  constructor(roster: Roster) {
    this.#roster = roster;
    const base = caseState(roster, 1);
    this.#state = { ...base, caseRow: { ...base.caseRow }, depts: [], presence: [], requests: [] };
  }

  status(status: CaseState['caseRow']['status']): this {
    this.#state.caseRow.status = status;
    return this;
  }

  withDept(dept: string, status: DeptStatus, patch: Partial<DeptRow> = {}): this {
    const role = this.#state.depts.length === 0 ? 'lead' : 'assist';
    this.#state.depts.push({
      ...this.#template(),
      dept,
      role,
      status,
      arrived_at: status === 'summoned' ? null : new Date(NOW - 1200_000),
      arrived_by: status === 'summoned' ? null : 'ou_cg_1',
      done_at: status === 'done' ? new Date(NOW - 600_000) : null,
      ...patch,
    });
    return this;
  }

  build(): CaseState {
    return structuredClone(this.#state);
  }

  /** A summoned department as the samples have it (the first sample department is summoned, not yet arrived). */
  #template(): DeptRow {
    return { ...caseState(this.#roster, 1).depts[0]!, case_id: this.#state.caseRow.id };
  }
}

export const aCase = (roster: Roster) => new CaseStateBuilder(roster);

/** The context a rule sees: who acts, when, with which form. */
export function ruleContext(roster: Roster, o: Partial<Ctx> & { actor: string }): Ctx {
  return { roster, now: NOW, form: {}, nextNumber: async () => 'SLT-20261123-002', ...o };
}
