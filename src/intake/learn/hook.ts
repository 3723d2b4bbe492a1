import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Roster } from '../../roster/roster.js';
import type { Plan } from '../../whistle/plan.js';
import type { CaseState } from '../../whistle/store.js';
import { recordDecision } from './store.js';

/** Called as a draft is confirmed (the state before the confirmation, its plan): records what the draft proposed
 * and what the person confirmed. Drafts the bot whistled itself (a trusted source) teach nothing. */
export async function onDraftConfirmed(
  tx: Transaction<Database>,
  roster: Roster,
  s: CaseState,
  p: Plan,
  at: Date,
): Promise<void> {
  const actor = p.timeline.find((e) => e.action === 'confirm')?.actor;
  if (!actor || actor === 'bot') return;
  const lead = s.depts.find((d) => d.status === 'proposed' && d.role === 'lead')?.dept ?? null;
  await recordDecision(tx, roster, {
    caseId: s.caseRow.id,
    text: s.caseRow.text,
    proposed: {
      category: s.caseRow.proposed_category,
      lead: s.caseRow.proposed_lead,
      kind: s.caseRow.proposed_kind ?? s.caseRow.kind,
    },
    confirmed: { category: s.caseRow.category, lead, kind: s.caseRow.kind },
    actor,
    at,
  });
}
