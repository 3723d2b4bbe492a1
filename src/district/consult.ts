import { AlreadyDone, UserError } from '../errors.js';
import { formText } from '../whistle/action-value.js';
import { OPEN_CASE } from '../whistle/model.js';
import { at, caseMustBe, need, type Rule } from '../whistle/rules/common.js';

/** 专项会商 (seed 002: "街道层面难以解决…由主管副区长组织专项会商"): a street leader raises a case the street cannot
 * solve; it goes on the district's list with its file, and the district is told. */
export const consult: Rule = (state, ctx, plan) => {
  caseMustBe(state, OPEN_CASE);
  if (!ctx.roster.isLeader(ctx.actor))
    throw new UserError(
      'forbidden',
      '只有街道领导可以提请区级会商',
      'Only a street leader can raise a case to the district',
    );
  if (state.caseRow.consult_at) throw new AlreadyDone('已提请区级会商', 'Already raised to the district');
  const reason = need(
    formText(ctx.form, 'note') ?? formText(ctx.form, 'reason'),
    '请说明街道层面难以解决的原因',
    'Say why the street cannot solve it',
  );
  plan.patchCase({ consult_at: at(ctx), consult_by: ctx.actor, consult_reason: reason });
  plan.allCards = true;
  plan.log({ actor: ctx.actor, action: 'consult', note: reason, ref: ctx.ref });
  plan.notices.push({ kind: 'consult', to: 'district', note: reason });
  plan.done('已提请区级专项会商', 'Raised to the district for consultation');
};
