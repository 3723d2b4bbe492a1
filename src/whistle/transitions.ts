import { sendReply } from '../callbacks/reply-review.js';
import { countBounce } from '../clocks/bounces.js';
import { contact, sign } from '../clocks/clock-rules.js';
import { shelve, unshelve } from '../clocks/shelve.js';
import { consult } from '../district/consult.js';
import { command } from '../emergency/emergency.js';
import { key } from '../escalation/key.js';
import { merge } from '../intake/merge/rule.js';
import { attend } from '../joint/attendance.js';
import { meeting } from '../joint/meeting.js';
import { presenceRules } from '../presence/presence-rules.js';
import { advance, startStages } from '../stages/stages.js';
import type { ActionName } from './model.js';
import { Plan } from './plan.js';
import type { Ctx } from './rules/common.js';
import { departmentRules } from './rules/department.js';
import { levelRules } from './rules/level.js';
import { streetRules } from './rules/street.js';
import type { CaseState } from './store.js';

export { type Ctx, deadlinesFor } from './rules/common.js';

const rules = {
  ...streetRules,
  ...levelRules,
  ...departmentRules,
  ...presenceRules,
  command,
  meeting,
  attend,
  key,
  consult,
  sign,
  contact,
  shelve,
  unshelve,
  advance,
  merge,
  send_reply: sendReply,
};

/** The one place where transitions are validated: returns what the action changes, or throws the refusal. */
export async function decide(action: ActionName, state: CaseState, ctx: Ctx): Promise<Plan> {
  const p = new Plan();
  const rule = rules[action];
  if (!rule) throw new Error(`no rule for ${action}`);
  await rule(state, ctx, p);
  // Send-backs and transfers are counted; the third raises the case on its own (src/clocks/bounces).
  await countBounce(action, state, ctx, p, levelRules.raise!);
  // A staged case's first stage starts when it is whistled (src/stages).
  startStages(action, state, ctx, p);
  return p;
}
