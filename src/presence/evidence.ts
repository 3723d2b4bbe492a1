import type { IncomingMessage } from '../lark/inbound/events.js';
import { Plan } from '../whistle/plan.js';
import type { WhistleService } from '../whistle/service.js';

/** A location or photo posted in a case's thread by someone on the case: kept as a reference to the Lark
 * message (the content stays in Lark) and counted on the status card. */
export async function addEvidence(svc: WhistleService, msg: IncomingMessage): Promise<boolean> {
  const anchor = msg.rootId;
  if (!anchor) return false;
  const store = svc.deps.store;
  const byCase = await store.caseOfThread(anchor);
  const byDept = byCase ? undefined : await store.deptOfThread(anchor);
  const caseId = byCase?.id ?? byDept?.id;
  if (!caseId) return false;
  const roster = svc.roster;
  const ids = await svc.deps.store.withCase(caseId, async (tx, s) => {
    if (!s) return undefined;
    const dept = byDept?.dept ?? s.depts.find((d) => roster.actsFor(msg.senderId, d.dept))?.dept;
    if (!(dept && roster.actsFor(msg.senderId, dept)) && !roster.isStreetStaff(msg.senderId, s.caseRow.tier))
      return undefined;
    let note: string = msg.messageType;
    if (msg.messageType === 'location') {
      try {
        const c = JSON.parse(msg.content) as { name?: string; latitude?: string; longitude?: string };
        note = `location ${c.name ?? ''} ${c.latitude ?? ''},${c.longitude ?? ''}`.trim();
      } catch {
        // keep the bare type: the reference to the Lark message is what matters
      }
    }
    const p = new Plan();
    p.patchCase({ evidence: s.caseRow.evidence + 1 });
    p.log({ actor: msg.senderId, action: 'evidence', dept: dept ?? null, note, ref: msg.messageId });
    if (dept) p.touched.add(dept);
    const { ids } = await svc.apply(tx, s, p, undefined);
    return ids;
  });
  if (!ids) return false;
  await svc.deps.outbox.relay(ids);
  return true;
}
