import type { Transaction } from 'kysely';
import { renderCard } from '../cards/render-card.js';
import type { Database } from '../db/schema.js';
import { replyCard } from '../lark/outbound/messages.js';
import type { OutboundJob } from '../queue/outbound-jobs.js';
import { jobId } from '../queue/outbox.js';
import type { WhistleService } from './service.js';
import type { CaseState } from './store.js';
import { markCardPosted } from './store-writes.js';

/** Lark 2.0 cards can be clicked and updated for 14 days only. Before a live card expires (or when a PATCH is
 * refused with 230031), the bot replies in the card's thread with a fresh card and a line saying so; once Lark
 * answers, the new message is the one later updates go to (recordSent). Runs in the caller's transaction. */
export async function renewCard(
  svc: WhistleService,
  tx: Transaction<Database>,
  s: CaseState,
  dept?: string,
): Promise<string[]> {
  const row = dept ? s.depts.find((d) => d.dept === dept) : undefined;
  const oldId = dept ? row?.card_message_id : s.caseRow.card_message_id;
  const chatId = dept ? svc.roster.department(dept)?.chat : s.caseRow.chat_id;
  const card = svc.renderCase(s, dept);
  if (!oldId || !chatId || !card) return [];
  const now = new Date(svc.deps.clock.now());
  // Posted now: the renew timer is not planned again for this card; the message id follows when Lark answers.
  await markCardPosted(tx, s.caseRow.id, row?.dept, now);
  await svc.deps.store.appendTimeline(tx, s.caseRow.id, now, [
    { actor: 'bot', action: 'card_renewed', dept: dept ?? null, note: oldId },
  ]);
  const n = s.caseRow.number ?? '';
  const notice = renderCard('notice', {
    title: { zh: `卡片已更新：${n}`, en: `Fresh card: ${n}` },
    color: 'blue',
    body: {
      zh: `飞书卡片14天后不能再点击或更新。案件 ${n} 仍在办理，已在本话题重新发送最新卡片，请在新卡片上操作。`,
      en: `Lark cards stop working after 14 days. Case ${n} is still open: a fresh card is in this thread; use it from now on.`,
    },
    buttons: [],
  });
  const key = `${s.caseRow.id}-${dept ?? 'case'}-${now.getTime()}`;
  const reply = (content: unknown, record: { kind: string; ref: string }): OutboundJob =>
    replyCard({ messageId: oldId, chatId }, content, { inThread: true, caseId: s.caseRow.id, record });
  return svc.deps.outbox.write(tx, [
    {
      id: jobId('renew', key),
      job: reply(card, {
        kind: dept ? 'dept_card_renew' : 'case_card_renew',
        ref: dept ? `${s.caseRow.id}|${dept}` : s.caseRow.id,
      }),
    },
    { id: jobId('renew-note', key), job: reply(notice, { kind: 'notice', ref: 'renew' }) },
  ]);
}
