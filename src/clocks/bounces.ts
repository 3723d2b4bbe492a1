import type { ActionName } from '../whistle/model.js';
import type { Plan } from '../whistle/plan.js';
import type { Ctx, Rule } from '../whistle/rules/common.js';
import type { CaseState } from '../whistle/store.js';

/** Issue 20: "a case sent back or transferred three times without a lead escalates a level on its own". */
export const BOUNCE_LIMIT = 3;
const BOUNCING: ActionName[] = ['reject', 'approve_transfer'];

/** After a send-back or an approved transfer: count it, and on the third the case rises a level by itself (a
 * dispatch becomes a street whistle, summoning the assisting departments) and the street and its leaders hear
 * of it, so that someone above the departments takes the lead. `raise` is the street's own rule, run as the bot. */
export async function countBounce(action: ActionName, s: CaseState, x: Ctx, p: Plan, raise: Rule): Promise<void> {
  if (!BOUNCING.includes(action) || p.refusal) return;
  const n = (s.caseRow.bounces ?? 0) + 1;
  p.patchCase({ bounces: n });
  if (n !== BOUNCE_LIMIT) return;
  if (s.caseRow.level === 'dispatch') {
    // The send-back's own status and toast stand; the raise adds the level and its departments.
    const keep = { status: p.casePatch.status, toast: p.toast };
    await raise(s, { ...x, actor: 'bot', form: { reason: `退回/移交${n}次` }, dept: undefined }, p);
    if (keep.status) p.patchCase({ status: keep.status });
    p.toast = keep.toast;
  }
  p.notices.push(
    { kind: 'bounce_raise', to: 'street', note: String(n) },
    { kind: 'bounce_raise', to: 'leaders', note: String(n) },
  );
  p.log({ actor: 'bot', action: 'bounce_raise', note: `${n}` });
}
