import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../log.js';
import { answerCardInTime, ERROR_TOAST } from './card-answer.js';
import { type CardAction, type CardResponse, type Envelope, envelopeSchema, parseCardAction } from './events.js';

export interface WsOptions {
  appId: string;
  appSecret: string;
  domain: string;
  log: Logger;
  acceptEvent(env: Envelope): Promise<void>;
  handleCardAction(action: CardAction, env: Envelope): Promise<CardResponse>;
  /** The subscribed event types; anything else is acknowledged and skipped. */
  eventTypes: string[];
  /** How long after a ping without any answer the connection counts as dead and is replaced. */
  pingTimeoutS?: number;
}

/** Lark answers a ping at once; a connection silent this long after one is half-open (a NAT or proxy dropped the
 * flow without a close), and would otherwise look connected, and ready, while nothing arrives. The SDK re-arms
 * this watchdog at every ping, so it must stay below Lark's ping interval (120 s). */
const PING_TIMEOUT_S = 20;

export interface LongConnection {
  /** True while the WebSocket to Lark is open (false while connecting, reconnecting or failed). */
  isUp(): boolean;
  close(): void;
}

/** The v2 envelope a frame carries. A card frame may also carry the older callback shape (no schema, the operator
 * and the message at the top level); it becomes the same `card.action.trigger` envelope the webhook handles. */
export function envelopeOfFrame(data: unknown): Envelope | undefined {
  const parsed = envelopeSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const d = (data ?? {}) as Record<string, unknown>;
  if (typeof d.open_message_id !== 'string' || typeof d.action !== 'object' || typeof d.open_id !== 'string')
    return undefined;
  return {
    schema: '2.0',
    header: {
      // Old callbacks have no event id; their token is unique per click, which is what dedupe needs.
      event_id: `card-${String(d.token ?? d.open_message_id)}`,
      event_type: 'card.action.trigger',
      app_id: typeof d.app_id === 'string' ? d.app_id : undefined,
      tenant_key: typeof d.tenant_key === 'string' ? d.tenant_key : undefined,
    },
    event: {
      operator: { open_id: d.open_id, user_id: d.user_id },
      token: d.token,
      action: d.action,
      context: { open_message_id: d.open_message_id, open_chat_id: d.open_chat_id },
    },
  };
}

/** Handles one message from the long connection (all its fragments merged); what it returns is the answer the
 * WSClient puts in its acknowledgement (`data`: base64 of this JSON). A thrown error makes the SDK acknowledge
 * with code 500, so Lark delivers the event again, as after a webhook's 500. */
export function createFrameHandler(o: Omit<WsOptions, 'appSecret' | 'domain'>) {
  const subscribed = new Set(o.eventTypes);
  return async (data: unknown): Promise<unknown> => {
    const env = envelopeOfFrame(data);
    if (!env) {
      o.log.warn('long-connection frame is not an event or a card callback');
      return {};
    }
    const log = o.log.child({ eventId: env.header.event_id, eventType: env.header.event_type });
    // No signature or token to check: Lark authenticates a long connection once, with the app secret, when it opens.
    if (env.header.app_id && env.header.app_id !== o.appId) {
      log.warn({ appId: env.header.app_id }, 'long connection: wrong app id');
      return {};
    }
    if (env.header.event_type === 'card.action.trigger') {
      const action = parseCardAction(env);
      if (!action) {
        log.warn('card callback without operator or action');
        return ERROR_TOAST;
      }
      return answerCardInTime(o.handleCardAction, action, env, log);
    }
    if (!subscribed.has(env.header.event_type)) {
      log.debug('long connection: event type not subscribed, skipped');
      return {};
    }
    try {
      await o.acceptEvent(env);
    } catch (err) {
      log.error({ err }, 'event could not be stored');
      throw new Error('event not stored');
    }
    return {};
  };
}

/** What the WSClient invokes for every merged frame: `invoke(payload, { needCheck: false })`. The SDK's own
 * dispatcher would flatten header and event into one object, where the card's update token (`event.token`)
 * overwrites the header's verification token; this one hands the envelope over as Lark sent it. */
class FrameDispatcher extends lark.EventDispatcher {
  constructor(private readonly handle: (data: unknown) => Promise<unknown>) {
    super({ loggerLevel: lark.LoggerLevel.error });
  }
  override invoke(data: unknown): Promise<unknown> {
    return this.handle(data);
  }
}

interface SdkFrame {
  headers: { key: string; value: string }[];
}

/** The SDK's WSClient (node-sdk 1.74, like the Go and Python SDKs) only dispatches frames whose `type` header is
 * `event`: a `card` frame is dropped without an acknowledgement, so its click would time out in Lark. Lark sends
 * `card.action.trigger` in event frames; should a card frame come, it is handled the same way (its
 * acknowledgement then says `type: event`; Lark matches it by message_id). */
function acceptCardFrames(client: lark.WSClient, log: Logger): void {
  const c = client as unknown as { handleEventData?: (f: SdkFrame) => Promise<void> };
  const inner = c.handleEventData?.bind(client);
  if (!inner) {
    log.warn('this Lark SDK has no handleEventData; card-type frames will not be answered');
    return;
  }
  c.handleEventData = (f: SdkFrame) =>
    inner({
      ...f,
      headers: f.headers.map((h) => (h.key === 'type' && h.value === 'card' ? { key: 'type', value: 'event' } : h)),
    });
}

/** Long-connection mode: the SDK's WSClient connects out to Lark (no request URL), and events and card clicks
 * go through the same handlers as the webhook's. */
export async function startLongConnection(o: WsOptions): Promise<LongConnection> {
  const domain = o.domain === 'feishu' ? lark.Domain.Feishu : o.domain === 'lark' ? lark.Domain.Lark : o.domain;
  const log = o.log.child({ component: 'lark-ws' });
  // The SDK logs every failed reconnect attempt as an error; the state changes below say what matters.
  const write = (level: 'warn' | 'debug') => (msg: unknown[]) =>
    log[level]({ sdk: msg.map((m) => (m instanceof Error ? m.message : m)) }, 'lark sdk');
  const client = new lark.WSClient({
    appId: o.appId,
    appSecret: o.appSecret,
    domain,
    loggerLevel: lark.LoggerLevel.warn,
    logger: {
      error: write('warn'),
      warn: write('warn'),
      info: write('debug'),
      debug: write('debug'),
      trace: write('debug'),
    },
    onReady: () => log.info('long connection up'),
    onReconnecting: () => log.warn('long connection lost; reconnecting'),
    onReconnected: () => log.info('long connection up again'),
    onError: (err) => log.error({ err: err.message }, 'long connection gave up'),
    wsConfig: { pingTimeout: o.pingTimeoutS ?? PING_TIMEOUT_S },
  });
  acceptCardFrames(client, log);
  await client.start({ eventDispatcher: new FrameDispatcher(createFrameHandler(o)) });
  return {
    isUp: () => client.getConnectionStatus().state === 'connected',
    close: () => client.close({ force: true }),
  };
}
