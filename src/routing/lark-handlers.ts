import { ALREADY_HANDLED, type ClickAnswer, toCardResponse } from '../lark/inbound/card-answer.js';
import type { CardAction, CardResponse, Envelope } from '../lark/inbound/events.js';
import type { Metrics } from '../metrics.js';
import type { Inbox } from '../queue/inbox.js';
import type { WhistleService } from '../whistle/service.js';

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

/** What the webhook and the long connection hand over: an event to store (then acknowledge), a click to answer. */
export function createLarkHandlers(d: {
  inbox: Inbox;
  metrics: Metrics;
  serviceFor(caseId: string | undefined): Promise<WhistleService>;
  /** The injected clock (a click's row is stamped with it, as the inbox stamps its rows). */
  now: () => number;
  /** Clicks on the street's evaluation cards (监督管理哨): they name an evaluation, not a case. */
  evaluation?: { owns(value: unknown): boolean; act(action: CardAction): Promise<ClickAnswer> };
}) {
  const acceptEvent = async (env: Envelope): Promise<void> => {
    const t = process.hrtime.bigint();
    const stored = await d.inbox.accept(withoutToken(env));
    d.metrics.events.inc({ outcome: stored ? 'stored' : 'duplicate' });
    d.metrics.ackSeconds.observe({ kind: 'event' }, seconds(t));
  };
  const handleCardAction = async (action: CardAction): Promise<CardResponse> => {
    const t = process.hrtime.bigint();
    try {
      // Lark's c- token is issued once per click: the same click re-sent under a new event id is still one
      // action. Without a token (older clients), the event id is the key.
      const key = action.updateToken ? `card-token:${action.updateToken}` : `card:${action.eventId}`;
      const payload = { eventId: action.eventId, operator: action.operatorId, value: action.value, form: action.form };
      const whistle = (action.value as { whistle?: unknown } | undefined)?.whistle;
      if (d.evaluation?.owns(action.value) || typeof whistle !== 'string') {
        if (await d.inbox.seen(key, 'card.action.trigger', payload)) return ALREADY_HANDLED;
        if (d.evaluation?.owns(action.value)) return toCardResponse(await d.evaluation.act(action));
      }
      const service = await d.serviceFor(typeof whistle === 'string' ? whistle : undefined);
      // A case's click records itself in the transaction that changes the case (one statement fewer, and a click
      // whose change failed is not taken for handled when Lark delivers it again).
      const once =
        typeof whistle === 'string'
          ? {
              key,
              kind: 'card.action.trigger',
              payload: JSON.stringify(payload),
              at: new Date(d.now()),
              alone: async () => !(await d.inbox.seen(key, 'card.action.trigger', payload)),
            }
          : undefined;
      const answer = await service.act(action, once);
      return answer ? toCardResponse(answer) : ALREADY_HANDLED;
    } finally {
      d.metrics.ackSeconds.observe({ kind: 'card' }, seconds(t));
    }
  };
  return { acceptEvent, handleCardAction };
}

/** The verification token has been checked by now (webhook or long connection); it is a secret and is not
 * kept in the inbox table or the queue's payloads. */
export function withoutToken(env: Envelope): Envelope {
  const { token: _checked, ...header } = env.header;
  return { ...env, header } as Envelope;
}
