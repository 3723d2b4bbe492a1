import type { OutboundJob, SentRecord } from '../../queue/outbound-jobs.js';

/** The only place the domain's outbound messages take Lark's shape: receive id types, `msg_type` with its
 * JSON-string `content`, and the `<at>` mention markup. The domain says "this card to that chat"; this file says
 * how Lark wants it.
 * - send: https://open.feishu.cn/document/server-docs/im-v1/message/create (receive_id_type, content is a string)
 * - reply: https://open.feishu.cn/document/server-docs/im-v1/message/reply (reply_in_thread)
 * - mentions in card markdown: https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-components/content-components/rich-text (`<at id=open_id></at>`) */

/** Who a message goes to: a chat by its chat_id, or one person by open_id (a direct message). */
export type Receiver = { chat: string } | { user: string };

/** What a sent message should be remembered as, which case it belongs to, and an urgent on a direct message. */
export interface SendExtras {
  record?: SentRecord;
  caseId?: string;
  urgent?: 'app' | 'sms' | 'phone';
}

/** A rendered card as Lark's message content (a JSON string, not an object). */
export const cardContent = (card: unknown): string => JSON.stringify(card);

const receiveId = (to: Receiver) =>
  'chat' in to ? { type: 'chat_id' as const, id: to.chat } : { type: 'open_id' as const, id: to.user };

export function sendCard(to: Receiver, card: unknown, extras: SendExtras = {}): OutboundJob {
  return { op: 'send', to: receiveId(to), msg: { type: 'interactive', content: cardContent(card) }, ...extras };
}

export function sendText(to: Receiver, text: string, extras: SendExtras = {}): OutboundJob {
  return { op: 'send', to: receiveId(to), msg: { type: 'text', content: JSON.stringify({ text }) }, ...extras };
}

/** A card replying to a message; `inThread` keeps it in the message's thread (group chats). */
export function replyCard(
  to: { messageId: string; chatId: string },
  card: unknown,
  o: { inThread: boolean } & Omit<SendExtras, 'urgent'>,
): OutboundJob {
  const { inThread, ...extras } = o;
  return {
    op: 'reply',
    messageId: to.messageId,
    chatId: to.chatId,
    inThread,
    msg: { type: 'interactive', content: cardContent(card) },
    ...extras,
  };
}

/** Plain text replying to a message in the chat (not its thread): a direct message's answer. */
export function replyText(to: { messageId: string; chatId: string }, text: string): OutboundJob {
  return {
    op: 'reply',
    messageId: to.messageId,
    chatId: to.chatId,
    inThread: false,
    msg: { type: 'text', content: JSON.stringify({ text }) },
  };
}

/** Markup that mentions people in card markdown. Branded so that only this builder fills a raw (unescaped)
 * template slot: user text can never reach one. */
export type Mentions = string & { readonly __brand: 'Mentions' };

export function mentions(openIds: string[]): Mentions {
  // Ids come from the roster (validated open_id shape), never from a user's message.
  return openIds.map((id) => `<at id=${id}></at>`).join(' ') as Mentions;
}

/** The receiver of a send job, as the domain knows it (which chat, or which person). */
export function receiverOf(job: OutboundJob): Receiver | undefined {
  if (job.op !== 'send') return undefined;
  return job.to.type === 'chat_id' ? { chat: job.to.id } : { user: job.to.id };
}
