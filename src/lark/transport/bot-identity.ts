import type { Logger } from '../../log.js';
import type { LarkGateway } from './gateway.js';

/** Who the bot is decides which mentions are for it: keep asking Lark until it answers. Returns a stop. */
export function fetchBotIdentity(lark: LarkGateway, bot: { openId?: string }, log: Logger): () => void {
  let stopped = false;
  void (async () => {
    for (let attempt = 0; !stopped && !bot.openId; attempt++) {
      try {
        bot.openId = (await lark.botInfo()).openId;
        log.info({ openId: bot.openId }, 'bot identity fetched');
      } catch (err) {
        log.warn({ err: (err as Error).message, attempt }, 'cannot fetch the bot identity yet');
        await new Promise((r) => setTimeout(r, Math.min(30_000, 500 * 2 ** attempt)));
      }
    }
  })();
  return () => {
    stopped = true;
  };
}
