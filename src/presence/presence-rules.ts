import { UserError } from '../errors.js';
import { formText } from '../whistle/action-value.js';
import type { ActionName } from '../whistle/model.js';
import { OPEN_CASE } from '../whistle/model.js';
import { activeDept, caseMustBe, deptRow, need, type Rule } from '../whistle/rules/common.js';

/** 事不完人不走 on site: a person checked in confirms they are still there (the presence check's answer), or hands
 * their place over to a colleague of the same department. Arriving and leaving stay with the department's rules,
 * because they change the department's part of the case; these change only who is on site. */
export const presenceRules: Partial<Record<ActionName, Rule>> = {
  presence_ok(state, ctx, plan) {
    const d = deptRow(state, ctx);
    const row = state.presence.find((r) => r.dept === d.dept && r.user_id === ctx.actor && !r.until);
    if (!row) throw new UserError('not_on_site', '您未在此案件现场报到', 'You are not checked in on this case');
    plan.presenceOpen.push({ dept: d.dept, user: ctx.actor });
    plan.log({ actor: ctx.actor, action: 'presence_ok', dept: d.dept, ref: ctx.ref });
    plan.done('已确认在场', 'Presence confirmed');
  },

  handover(state, ctx, plan) {
    caseMustBe(state, OPEN_CASE);
    const d = activeDept(state, ctx);
    const to = need(formText(ctx.form, 'user'), '请选择交接给谁', 'Choose who takes over');
    if (!ctx.roster.actsFor(to, d.dept))
      throw new UserError('bad_user', '交接对象不是本部门联络人', 'That person is not a contact of your department');
    plan.presenceClose.push({ dept: d.dept, user: ctx.actor });
    plan.presenceOpen.push({ dept: d.dept, user: to });
    plan.patchDept(d.dept, { arrived_by: to });
    plan.log({ actor: ctx.actor, action: 'handover', dept: d.dept, note: to, ref: ctx.ref });
    plan.done('已交接', 'Handed over');
  },
};
