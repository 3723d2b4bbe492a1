import type { IncomingMessage } from '../lark/inbound/events.js';
import { Plan } from '../whistle/plan.js';
import type { WhistleService } from '../whistle/service.js';

/** 临时指挥机构: what the on-site commander posts in the case's thread is the command log (timeline entries
 * `command_log`, the text kept, the Lark message referenced). Others' posts there are left to the other handlers.
 * True when the message was taken as a log entry. */
export async function addCommandLog(svc: WhistleService, msg: IncomingMessage): Promise<boolean> {
  const anchor = msg.rootId;
  if (!anchor || !msg.text) return false;
  const row = await svc.deps.store.caseOfThread(anchor);
  if (!row || row.commander !== msg.senderId) return false;
  const ids = await svc.deps.store.withCase(row.id, async (tx, s) => {
    if (!s || s.caseRow.commander !== msg.senderId) return undefined;
    const p = new Plan();
    p.log({ actor: msg.senderId, action: 'command_log', note: msg.text.slice(0, 2000), ref: msg.messageId });
    const { ids } = await svc.apply(tx, s, p, undefined);
    return ids;
  });
  if (!ids) return false;
  await svc.deps.outbox.relay(ids);
  return true;
}
