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

/** Long-connection mode: the SDK's WSClient delivers the same envelopes the webhook gets (already
 * authenticated by the connection), and they go through the same handlers. */
export async function startLongConnection(o: WsOptions): Promise<{ close(): void }> {
  const domain = o.domain === 'feishu' ? lark.Domain.Feishu : o.domain === 'lark' ? lark.Domain.Lark : o.domain;
  const rebuild = (data: Record<string, unknown>): Envelope | undefined => {
    // The SDK flattens header and event into one object; put the envelope back together.
    const { schema, event_id, event_type, create_time, token, app_id, tenant_key, ...event } = data;
    const parsed = envelopeSchema.safeParse({
      schema,
      header: { event_id, event_type, create_time, token, app_id, tenant_key },
      event,
    });
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
  const dispatcher = new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.error }).register(handlers as never);
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
