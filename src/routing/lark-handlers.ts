import type { CardAction, CardResponse, Envelope } from '../lark/events.js';
import type { Metrics } from '../metrics.js';
import type { Inbox } from '../queue/inbox.js';
import type { WhistleService } from '../whistle/service.js';

const ALREADY_HANDLED: CardResponse = {
  toast: { type: 'info', content: '已处理', i18n: { zh_cn: '已处理', en_us: 'Already handled' } },
};

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

/** What the webhook and the long connection hand over: an event to store (then acknowledge), a click to answer. */
export function createLarkHandlers(d: {
  inbox: Inbox;
  metrics: Metrics;
  serviceFor(caseId: string | undefined): Promise<WhistleService>;
}) {
  const acceptEvent = async (env: Envelope): Promise<void> => {
    const t = process.hrtime.bigint();
    const stored = await d.inbox.accept(env);
    d.metrics.events.inc({ outcome: stored ? 'stored' : 'duplicate' });
    d.metrics.ackSeconds.observe({ kind: 'event' }, seconds(t));
  };
  const handleCardAction = async (action: CardAction): Promise<CardResponse> => {
    const t = process.hrtime.bigint();
    try {
      const seen = await d.inbox.seen(`card:${action.eventId}`, 'card.action.trigger', {
        operator: action.operatorId,
        value: action.value,
        form: action.form,
      });
      if (seen) return ALREADY_HANDLED;
      const whistle = (action.value as { whistle?: unknown } | undefined)?.whistle;
      return await (await d.serviceFor(typeof whistle === 'string' ? whistle : undefined)).act(action);
    } finally {
      d.metrics.ackSeconds.observe({ kind: 'card' }, seconds(t));
    }
  };
  return { acceptEvent, handleCardAction };
}
