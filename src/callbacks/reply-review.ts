import { escapeMarkdown as md } from '../cards/escape.js';
import { renderCard } from '../cards/render-card.js';
import { AlreadyDone, UserError } from '../errors.js';
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
  if (s.c.status !== 'accepted' || !s.c.callback) return false;
  const sent = s.c.reply_sent_at;
  return !(sent && s.c.closed_at && sent.getTime() >= s.c.closed_at.getTime());
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
  const msg = { type: 'interactive' as const, content: JSON.stringify(card) };
  const id = jobId('reply-review', s.c.id, s.c.version);
  return s.c.card_message_id
    ? {
        id,
        job: { op: 'reply', messageId: s.c.card_message_id, chatId: s.c.chat_id, inThread: true, msg, caseId: s.c.id },
      }
    : { id, job: { op: 'send', to: { type: 'chat_id', id: s.c.chat_id }, msg, caseId: s.c.id } };
}

export function replyCard(s: CaseState, text: string, open: boolean, roster: Roster): Record<string, unknown> {
  const source = s.c.source ?? 'api';
  const ref = s.c.source_ref ? `（${md(s.c.source_ref)}）` : '';
  const sentBy = s.c.reply_sent_by ? roster.name(s.c.reply_sent_by) : '';
  return renderCard('source-reply', {
    title: { zh: `回复来源系统 · ${s.c.number ?? s.c.id}`, en: `Reply to the source · ${s.c.number ?? s.c.id}` },
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
    actions: { send: buttonValue('send_reply', s.c.id, { card: 'notice' }) },
  });
}

/** `send_reply`: the cadre sends the (edited) reply; the source system receives it as a signed status event. */
export const sendReply: Rule = (s, x, p) => {
  caseMustBe(s, ['accepted']);
  if (!s.c.callback)
    throw new UserError('no_source', '此案件没有来源系统', 'This case has no source system to reply to');
  if (!replyPending(s)) throw new AlreadyDone('已回复来源系统', 'Already replied to the source system');
  const text = formText(x.form, 'reply_text', MAX_REPLY);
  if (!text) throw new UserError('missing_input', '请填写回复内容', 'Write the reply');
  p.patchCase({ reply_text: text, reply_sent_at: at(x), reply_sent_by: x.actor });
  p.log({ actor: x.actor, action: 'send_reply', note: text, ref: x.ref });
  // The thread shows what went back, and who sent it (the review card keeps its form; a second send is refused).
  const card = replyCard({ ...s, c: { ...s.c, reply_sent_by: x.actor } }, text, false, x.roster);
  const msg = { type: 'interactive' as const, content: JSON.stringify(card) };
  p.send(
    jobId('reply-sent', s.c.id, s.c.version),
    s.c.card_message_id
      ? { op: 'reply', messageId: s.c.card_message_id, chatId: s.c.chat_id, inThread: true, msg, caseId: s.c.id }
      : { op: 'send', to: { type: 'chat_id', id: s.c.chat_id }, msg, caseId: s.c.id },
  );
  p.done('已回复来源系统', 'Reply sent to the source system');
};
