import type { Logger } from '../../log.js';
import type { CardAction, CardResponse, Envelope } from './events.js';

/** Lark shows its own error when a callback takes over 3 s (webhook or long connection alike); answer before that,
 * whatever is still running. */
export const CARD_DEADLINE_MS = 2_500;

/** The domain's answer to a click, in its own words: a toast in both languages and/or the card as it now is. */
export interface ClickAnswer {
  toast?: { type: 'success' | 'error' | 'info' | 'warning'; zh: string; en: string };
  card?: unknown;
}

/** Lark's callback response for a click answer (card.action.trigger, schema 2.0: `toast` with `i18n`, and
 * `card: {type: 'raw', data}`): https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-callback-communication */
export function toCardResponse(a: ClickAnswer): CardResponse {
  return {
    ...(a.toast
      ? { toast: { type: a.toast.type, content: a.toast.zh, i18n: { zh_cn: a.toast.zh, en_us: a.toast.en } } }
      : {}),
    ...(a.card !== undefined ? { card: { type: 'raw', data: a.card } } : {}),
  };
}

/** A click Lark delivered twice: answered once, the repeat only hears that it was handled. */
export const ALREADY_HANDLED: CardResponse = toCardResponse({
  toast: { type: 'info', zh: '已处理', en: 'Already handled' },
});

export const SLOW_TOAST: CardResponse = {
  toast: {
    type: 'info',
    content: '处理较慢，请稍后查看卡片上的结果',
    i18n: {
      zh_cn: '处理较慢，请稍后查看卡片上的结果',
      en_us: 'This is taking longer than usual; the card will show the result shortly',
    },
  },
};

export const ERROR_TOAST: CardResponse = {
  toast: {
    type: 'error',
    content: '系统繁忙，请稍后再试',
    i18n: { zh_cn: '系统繁忙，请稍后再试', en_us: 'Something went wrong, please try again' },
  },
};

/** Runs the click handler and answers within Lark's limit: its answer, the slow toast at the deadline, or the
 * error toast (never a stack trace) when it fails. Shared by the webhook and the long connection. */
export async function answerCardInTime(
  handle: (action: CardAction, env: Envelope) => Promise<CardResponse>,
  action: CardAction,
  env: Envelope,
  log: Logger,
): Promise<CardResponse> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const slow = new Promise<CardResponse>((resolve) => {
      timer = setTimeout(() => {
        log.warn({ deadlineMs: CARD_DEADLINE_MS }, 'card action still running at the deadline');
        resolve(SLOW_TOAST);
      }, CARD_DEADLINE_MS);
    });
    return await Promise.race([handle(action, env), slow]);
  } catch (err) {
    log.error({ err }, 'card action failed');
    return ERROR_TOAST;
  } finally {
    clearTimeout(timer);
  }
}
