import { LARK_CODES, RATE_LIMITS } from '../lark/limits.js';
import { type Answer, err } from './content.js';
import type { Workspace } from './workspace.js';

/** Lark's limits as the platform enforces them (src/lark/limits.ts RATE_LIMITS): per app 50/s and 1000/min;
 * 5/s per chat, per user, per message. */
export class Windows {
  readonly #hits = new Map<string, number[]>();
  count(key: string, windowMs: number, now: number): number {
    const list = (this.#hits.get(key) ?? []).filter((t) => t > now - windowMs);
    this.#hits.set(key, list);
    return list.length;
  }
  hit(key: string, now: number): void {
    const list = this.#hits.get(key) ?? [];
    list.push(now);
    this.#hits.set(key, list);
  }
  clear(): void {
    this.#hits.clear();
  }
}

const LIMITED = ['message.create', 'message.reply', 'message.patch', 'chat.create'];

/** What a call counts against besides the app: the chat or user it posts to, or the message it patches. */
export function limitTarget(
  op: string,
  params: Record<string, string>,
  url: URL,
  json: Record<string, unknown>,
  ws: Workspace,
): string | undefined {
  if (op === 'message.create')
    return `${url.searchParams.get('receive_id_type') === 'chat_id' ? 'chat' : 'user'}:${json.receive_id}`;
  if (op === 'message.reply') return `chat:${ws.messages.get(params.id!)?.chatId}`;
  if (op === 'message.patch') return `msg:${params.id}`;
  return undefined;
}

/** The refusal Lark gives a call over its limits (429 for the app, 230020 for a target), else counts the call. */
export function overLimit(windows: Windows, op: string, target: string | undefined, now: number): Answer | undefined {
  if (!LIMITED.includes(op) && !op.startsWith('message.urgent')) return undefined;
  const { appPerSecond: s, appPerMinute: m, perTarget: t } = RATE_LIMITS;
  if (windows.count('app:s', s.windowMs, now) >= s.max || windows.count('app:m', m.windowMs, now) >= m.max) {
    return {
      ...err(429, LARK_CODES.appRateLimited, 'request trigger frequency limit'),
      headers: { 'x-ogw-ratelimit-reset': '1' },
    };
  }
  if (target && windows.count(target, t.windowMs, now) >= t.max)
    return err(400, LARK_CODES.targetRateLimited, 'This operation triggers the frequency limit.');
  windows.hit('app:s', now);
  windows.hit('app:m', now);
  if (target) windows.hit(target, now);
  return undefined;
}
