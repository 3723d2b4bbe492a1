import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../log.js';
import { type CardAction, type CardResponse, type Envelope, envelopeSchema, parseCardAction } from './events.js';

export interface WsOptions {
  appId: string;
  appSecret: string;
  domain: string;
  log: Logger;
  acceptEvent(env: Envelope): Promise<void>;
  handleCardAction(action: CardAction, env: Envelope): Promise<CardResponse>;
  eventTypes: string[];
}

/** The SDK dispatcher the long connection feeds: each frame is invoked on it exactly as the WSClient does
 * (`invoke(payload, { needCheck: false })`), and its handlers are ours. */
export function createWsDispatcher(o: Omit<WsOptions, 'appId' | 'appSecret' | 'domain'>): lark.EventDispatcher {
  const rebuild = (data: Record<string, unknown>): Envelope | undefined => {
    // The SDK flattens header and event into one object; put the envelope back together.
    const { schema, event_id, event_type, create_time, token, app_id, tenant_key, ...rest } = data;
    // The SDK also tags the object with symbol keys of its own; the event is the string-keyed rest.
    const event = Object.fromEntries(Object.keys(rest).map((k) => [k, rest[k]]));
    const parsed = envelopeSchema.safeParse({
      schema,
      header: { event_id, event_type, create_time, token, app_id, tenant_key },
      event,
    });
    if (!parsed.success)
      o.log.warn(
        { issue: parsed.error.issues[0]?.message, path: parsed.error.issues[0]?.path },
        'long-connection frame is not a v2 event',
      );
    return parsed.success ? parsed.data : undefined;
  };
  const handlers: Record<string, (data: Record<string, unknown>) => Promise<unknown>> = {};
  for (const type of o.eventTypes) {
    handlers[type] = async (data) => {
      const env = rebuild(data);
      if (!env) return {};
      try {
        if (type === 'card.action.trigger') {
          const action = parseCardAction(env);
          return action ? await o.handleCardAction(action, env) : {};
        }
        await o.acceptEvent(env);
      } catch (err) {
        o.log.error({ err, eventType: type }, 'long-connection event failed');
        throw err;
      }
      return {};
    };
  }
  return new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.error }).register(handlers as never);
}

/** Long-connection mode: the SDK's WSClient delivers the same envelopes the webhook gets (already
 * authenticated by the connection), and they go through the same handlers. */
export async function startLongConnection(o: WsOptions): Promise<{ close(): void }> {
  const domain = o.domain === 'feishu' ? lark.Domain.Feishu : o.domain === 'lark' ? lark.Domain.Lark : o.domain;
  const dispatcher = createWsDispatcher(o);
  const client = new lark.WSClient({
    appId: o.appId,
    appSecret: o.appSecret,
    domain,
    loggerLevel: lark.LoggerLevel.error,
  });
  await client.start({ eventDispatcher: dispatcher });
  o.log.info('long connection started');
  return { close: () => client.close({ force: true }) };
}
