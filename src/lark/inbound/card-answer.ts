import type { Logger } from '../../log.js';
import type { CardAction, CardResponse, Envelope } from './events.js';

/** Lark shows its own error when a callback takes over 3 s (webhook or long connection alike); answer before that,
 * whatever is still running. */
export const CARD_DEADLINE_MS = 2_500;

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
