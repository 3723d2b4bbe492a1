import type { OutboundJob } from '../queue/outbound-jobs.js';
import { jobId } from '../queue/outbox.js';
import type { Roster } from '../roster/roster.js';
import type { CaseState } from '../whistle/store.js';

/** The outbox entry a committed change adds when the street keeps a ledger: one per change (so none is lost with
 * the transaction's other calls), coalesced on the queue into one flush per street. */
export function ledgerJobs(after: CaseState, roster: Roster): { id: string; job: OutboundJob }[] {
  if (!roster.data.ledger || after.caseRow.status === 'draft') return [];
  return [
    {
      id: jobId('ledger', after.caseRow.id, after.caseRow.version),
      // No caseId: a flush covers the whole street, so its failure belongs in the logs, not on this case's timeline.
      job: { op: 'ledger', street: after.caseRow.street },
    },
  ];
}
