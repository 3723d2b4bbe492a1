import { escapeMarkdown as md } from '../cards/escape.js';
import { renderCard } from '../cards/render-card.js';
import { AlreadyDone, UserError } from '../errors.js';
import { replyCard as replyCardJob, sendCard } from '../lark/outbound/messages.js';
import type { OutboundJob } from '../queue/outbound-jobs.js';
import { jobId } from '../queue/outbox.js';
import type { Roster } from '../roster/roster.js';
import { buttonValue, formText } from '../whistle/action-value.js';
import { at, caseMustBe, type Rule } from '../whistle/rules/common.js';
import type { CaseState } from '../whistle/store.js';
import type { sourceReply } from './reply.js';

/** The longest reply a cadre may send back (Lark's input allows 1,000 characters). */
const MAX_REPLY = 1000;

/** Whether the case's closing reply is still the cadre's to check: accepted, from a source system, and not yet sent
 * since the latest acceptance (a case reopened after 不满意 and accepted again needs a new reply). */
export function replyPending(s: CaseState): boolean {
  if (s.caseRow.status !== 'accepted' || !s.caseRow.callback) return false;
  const sent = s.caseRow.reply_sent_at;
  return !(sent && s.caseRow.closed_at && sent.getTime() >= s.caseRow.closed_at.getTime());
}

/** A card in the case's thread in the command chat (or the chat itself when the case card is not known). */
function inThread(s: CaseState, card: Record<string, unknown>): OutboundJob {
  const c = s.caseRow;
  return c.card_message_id
    ? replyCardJob({ messageId: c.card_message_id, chatId: c.chat_id }, card, { inThread: true, caseId: c.id })
    : sendCard({ chat: c.chat_id }, card, { caseId: c.id });
}

/** The card a cadre checks the reply on before it goes back: the reply as assembled from the record, editable. */
export function replyReviewJob(
  s: CaseState,
  reply: ReturnType<typeof sourceReply>,
  roster: Roster,
): {
  id: string;
  job: OutboundJob;
} {
  const card = replyCard(s, reply.text, true, roster);
  return { id: jobId('reply-review', s.caseRow.id, s.caseRow.version), job: inThread(s, card) };
}

export function replyCard(s: CaseState, text: string, open: boolean, roster: Roster): Record<string, unknown> {
  const source = s.caseRow.source ?? 'api';
  const ref = s.caseRow.source_ref ? `（${md(s.caseRow.source_ref)}）` : '';
  const sentBy = s.caseRow.reply_sent_by ? roster.name(s.caseRow.reply_sent_by) : '';
  return renderCard('source-reply', {
    title: {
      zh: `回复来源系统 · ${s.caseRow.number ?? s.caseRow.id}`,
      en: `Reply to the source · ${s.caseRow.number ?? s.caseRow.id}`,
    },
    color: open ? 'orange' : 'green',
    body: open
      ? {
          zh: `案件已验收。以下回复由案件记录生成（受理时间、联系群众人员、处理情况、时限），请核对修改后发回 **${md(source)}**${ref}。`,
          en: `The case is accepted. The reply below is assembled from the record (received, who contacted the resident, what was done, by when); check and edit it, then send it back to **${md(source)}**${ref}.`,
        }
      : {
          zh: `已回复 **${md(source)}**${ref}（${md(sentBy)}）。`,
          en: `Replied to **${md(source)}**${ref} (${md(sentBy)}).`,
        },
    replyText: text,
    open,
    actions: { send: buttonValue('send_reply', s.caseRow.id, { card: 'notice' }) },
  });
}

/** `send_reply`: the cadre sends the (edited) reply; the source system receives it as a signed status event. */
export const sendReply: Rule = (state, ctx, plan) => {
  caseMustBe(state, ['accepted']);
  if (!state.caseRow.callback)
    throw new UserError('no_source', '此案件没有来源系统', 'This case has no source system to reply to');
  if (!replyPending(state)) throw new AlreadyDone('已回复来源系统', 'Already replied to the source system');
  const text = formText(ctx.form, 'reply_text', MAX_REPLY);
  if (!text) throw new UserError('missing_input', '请填写回复内容', 'Write the reply');
  plan.patchCase({ reply_text: text, reply_sent_at: at(ctx), reply_sent_by: ctx.actor });
  plan.log({ actor: ctx.actor, action: 'send_reply', note: text, ref: ctx.ref });
  // The thread shows what went back, and who sent it (the review card keeps its form; a second send is refused).
  const card = replyCard(
    { ...state, caseRow: { ...state.caseRow, reply_sent_by: ctx.actor } },
    text,
    false,
    ctx.roster,
  );
  plan.send(jobId('reply-sent', state.caseRow.id, state.caseRow.version), inThread(state, card));
  plan.done('已回复来源系统', 'Reply sent to the source system');
};
