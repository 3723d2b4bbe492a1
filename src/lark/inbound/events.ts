import { z } from 'zod';

/** The v2 envelope Lark posts for events and card callbacks (after decryption). */
export const envelopeSchema = z.object({
  schema: z.literal('2.0'),
  header: z.object({
    event_id: z.string().min(1),
    event_type: z.string().min(1),
    create_time: z.string().optional(),
    token: z.string().optional(),
    app_id: z.string().optional(),
    tenant_key: z.string().optional(),
  }),
  event: z.record(z.string(), z.unknown()),
});
export type Envelope = z.infer<typeof envelopeSchema>;

const messageEventSchema = z.object({
  sender: z.object({
    sender_id: z.object({ open_id: z.string() }),
    sender_type: z.string().optional(),
  }),
  message: z.object({
    message_id: z.string().min(1),
    root_id: z.string().optional(),
    parent_id: z.string().optional(),
    thread_id: z.string().optional(),
    chat_id: z.string().min(1),
    chat_type: z.string(),
    message_type: z.string(),
    content: z.string(),
    mentions: z
      .array(
        z.object({
          key: z.string(),
          id: z.object({ open_id: z.string().optional() }).partial(),
          name: z.string().optional(),
        }),
      )
      .optional(),
  }),
});

/** A chat message as the domain sees it: no SDK types, mentions resolved. */
export interface IncomingMessage {
  messageId: string;
  chatId: string;
  chatType: 'p2p' | 'group';
  senderId: string;
  messageType: string;
  /** Plain text with the bot's mention removed and other mentions shown as @name. */
  text: string;
  mentionsBot: boolean;
  mentionsAll: boolean;
  rootId?: string;
  threadId?: string;
  /** Raw Lark content (JSON string), for evidence such as locations and images. */
  content: string;
  createdAt?: number;
}

export function parseMessageEvent(event: unknown, botOpenId: string | undefined): IncomingMessage | undefined {
  const parsed = messageEventSchema.safeParse(event);
  if (!parsed.success) return undefined;
  const { message, sender } = parsed.data;
  const mentions = [...(message.mentions ?? [])].sort((a, b) => b.key.length - a.key.length);
  let text = extractText(message.message_type, message.content);
  let mentionsBot = false;
  let mentionsAll = false;
  for (const m of mentions) {
    const isBot = botOpenId !== undefined && m.id.open_id === botOpenId;
    if (isBot) mentionsBot = true;
    if (m.key === '@_all') mentionsAll = true;
    text = text.split(m.key).join(isBot ? '' : `@${m.name ?? ''}`);
  }
  return {
    messageId: message.message_id,
    chatId: message.chat_id,
    chatType: message.chat_type === 'p2p' ? 'p2p' : 'group',
    senderId: sender.sender_id.open_id,
    messageType: message.message_type,
    text: text.replace(/\s+/g, ' ').trim(),
    mentionsBot,
    mentionsAll,
    rootId: message.root_id || undefined,
    threadId: message.thread_id || undefined,
    content: message.content,
  };
}

/** Text of a text or post message; other types have none. Content is a JSON string whose shape varies. */
function extractText(type: string, content: string): string {
  let c: unknown;
  try {
    c = JSON.parse(content);
  } catch {
    return '';
  }
  if (typeof c !== 'object' || c === null) return '';
  const obj = c as Record<string, unknown>;
  if (type === 'text') return typeof obj.text === 'string' ? obj.text : '';
  if (type === 'post') {
    const parts: string[] = [];
    if (typeof obj.title === 'string') parts.push(obj.title);
    for (const line of Array.isArray(obj.content) ? obj.content : []) {
      for (const node of Array.isArray(line) ? line : []) {
        const n = node as Record<string, unknown>;
        if (n.tag === 'text' || n.tag === 'a') parts.push(String(n.text ?? ''));
        if (n.tag === 'at') parts.push(String(n.user_id ?? ''));
      }
    }
    return parts.join(' ');
  }
  return '';
}

const cardActionSchema = z.object({
  operator: z.object({ open_id: z.string().min(1) }),
  token: z.string().optional(),
  action: z.object({
    value: z.unknown(),
    tag: z.string().optional(),
    name: z.string().optional(),
    form_value: z.record(z.string(), z.unknown()).optional(),
    input_value: z.string().optional(),
    option: z.string().optional(),
  }),
  context: z.object({ open_message_id: z.string().optional(), open_chat_id: z.string().optional() }).optional(),
});

/** A click or form submit on one of our cards. `value` is still untrusted: the domain validates it. */
export interface CardAction {
  eventId: string;
  operatorId: string;
  value: unknown;
  form: Record<string, unknown>;
  option?: string;
  messageId?: string;
  chatId?: string;
  /** Delayed-update token (c-…), valid 30 minutes, two uses. */
  updateToken?: string;
}

export function parseCardAction(env: Envelope): CardAction | undefined {
  const parsed = cardActionSchema.safeParse(env.event);
  if (!parsed.success) return undefined;
  const { operator, action, context, token } = parsed.data;
  const form: Record<string, unknown> = { ...(action.form_value ?? {}) };
  if (action.name && action.input_value !== undefined) form[action.name] = action.input_value;
  if (action.name && action.option !== undefined) form[action.name] = action.option;
  return {
    eventId: env.header.event_id,
    operatorId: operator.open_id,
    value: action.value,
    form,
    option: action.option,
    messageId: context?.open_message_id,
    chatId: context?.open_chat_id,
    updateToken: token,
  };
}

/** What a card callback answers: a toast and/or a replacement card (Lark allows 3 s; we answer within 1 s). */
export interface CardResponse {
  toast?: { type: 'success' | 'error' | 'info' | 'warning'; content: string; i18n: { zh_cn: string; en_us: string } };
  card?: { type: 'raw'; data: unknown };
}
