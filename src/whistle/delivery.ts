import type { OutboundJob, SentRecord } from '../queue/outbound-jobs.js';
import type { Notice } from './notices.js';
import type { WhistleService } from './service.js';

/** What the outbound worker and chat events tell the whistle domain about delivery. */

/** Outbound hook: remember which message is which card. */
export async function recordSent(svc: WhistleService, record: SentRecord, messageId: string): Promise<void> {
  const db = svc.deps.store.db;
  if (record.kind === 'case_card') {
    await db
      .updateTable('cases')
      .set({ card_message_id: messageId })
      .where('id', '=', record.ref)
      .where('card_message_id', 'is', null)
      .execute();
  } else if (record.kind === 'meeting') {
    // The coordination meeting's calendar event (the ref is the case id).
    await db.updateTable('cases').set({ meeting_event_id: messageId }).where('id', '=', record.ref).execute();
  } else if (record.kind === 'dept_card') {
    const [caseId, dept] = record.ref.split('|') as [string, string];
    await db
      .updateTable('case_departments')
      .set({ card_message_id: messageId })
      .where('case_id', '=', caseId)
      .where('dept', '=', dept)
      .execute();
  }
}

/** Outbound hook: the current card for a refresh target. */
export async function renderTarget(
  svc: WhistleService,
  target: string,
): Promise<{ messageId: string; chatId?: string; card: string } | undefined> {
  const [kind, caseId, dept] = target.split('|');
  const s = caseId ? await svc.deps.store.find(caseId) : undefined;
  if (!s) return undefined;
  if (kind === 'status') {
    const card = svc.renderCase(s);
    return s.c.card_message_id && card
      ? { messageId: s.c.card_message_id, chatId: s.c.chat_id, card: JSON.stringify(card) }
      : undefined;
  }
  const row = s.depts.find((d) => d.dept === dept);
  const card = dept ? svc.renderCase(s, dept) : undefined;
  return row?.card_message_id && card ? { messageId: row.card_message_id, card: JSON.stringify(card) } : undefined;
}

/** Outbound hook: a call refused for good. Recorded on the case; an unreachable department chat is told to
 * the street so that nobody waits on a summons that never arrived. */
export async function deliveryFailed(
  svc: WhistleService,
  job: OutboundJob,
  code: number | undefined,
  unreachable: boolean,
  message: string,
): Promise<void> {
  if (!job.caseId) return;
  const s = await svc.deps.store.find(job.caseId);
  if (!s) return;
  const chat = job.op === 'send' && job.to.type === 'chat_id' ? job.to.id : undefined;
  const dept = chat ? svc.roster.departmentByChat(chat)?.id : undefined;
  const entries = [{ action: 'delivery_failed', dept, note: `${job.op} ${code ?? ''} ${message}`.slice(0, 300) }];
  const notices: Notice[] =
    unreachable && dept ? [{ kind: 'undeliverable', dept, to: 'street', note: String(code ?? '') }] : [];
  await svc.notify(job.caseId, notices, entries, `undeliverable-${job.caseId}-${dept ?? 'x'}-${code ?? 'x'}`);
}

/** The bot lost a department chat: every open case that waits on that department hears about it. */
export async function chatLost(svc: WhistleService, dept: string, chatId: string): Promise<void> {
  const open = await svc.deps.store.openCases(svc.roster.street.id);
  for (const s of open) {
    const row = s.depts.find((r) => r.dept === dept && (r.status === 'summoned' || r.status === 'arrived'));
    if (!row) continue;
    await svc.notify(
      s.c.id,
      [{ kind: 'undeliverable', dept, to: 'street', note: chatId }],
      [{ action: 'chat_lost', dept, note: chatId }],
      `chatlost-${s.c.id}-${dept}-${svc.deps.clock.now()}`,
    );
  }
}
