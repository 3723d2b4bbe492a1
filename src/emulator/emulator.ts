import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CARD_LIMITS } from '../lark/limits.js';
import { clientSubmit } from './click.js';
import { checkCardContent } from './content.js';
import { type Fault, OpenApi } from './open-api.js';
import { Sender } from './sender.js';
import { Workspace } from './workspace.js';
import type { LongConnectionConfig } from './ws-config.js';
import { LongConnectionGateway } from './ws-gateway.js';

export interface EmulatorOptions {
  appId?: string;
  appSecret?: string;
  verificationToken?: string;
  /** When set, events are encrypted and signed. */
  encryptKey?: string;
  botOpenId?: string;
  botName?: string;
  retryScale?: number;
  enforceLimits?: boolean;
  host?: string;
  port?: number;
  /** Deliver events and card callbacks over the long-connection gateway instead of HTTP POSTs. */
  longConnection?: boolean | Partial<LongConnectionConfig>;
}

/** An emulated Lark tenant on loopback: the Open API the service calls, and a sender that posts events and card
 * callbacks to the service. Used by the tests and by the sandbox. */
export class LarkEmulator {
  readonly ws: Workspace;
  readonly api: OpenApi;
  readonly sender: Sender;
  /** Lark's long-connection gateway; used for delivery when `longConnection` is on (LARK_MODE=ws). */
  readonly gateway: LongConnectionGateway;
  longConnection: boolean;
  readonly appId: string;
  readonly appSecret: string;
  readonly verificationToken: string;
  readonly encryptKey?: string;
  url = '';
  #server?: Server;

  constructor(o: EmulatorOptions = {}) {
    this.appId = o.appId ?? 'cli_a1b2c3d4e5f60718';
    this.appSecret = o.appSecret ?? 'emulated-app-secret';
    this.verificationToken = o.verificationToken ?? 'emulated-verification-token';
    this.encryptKey = o.encryptKey;
    this.ws = new Workspace(o.botOpenId ?? 'ou_bot_whistle');
    this.api = new OpenApi(this.ws, {
      appId: this.appId,
      appSecret: this.appSecret,
      botName: o.botName ?? '吹哨报到',
      enforceLimits: o.enforceLimits ?? true,
    });
    this.sender = new Sender({
      appId: this.appId,
      verificationToken: this.verificationToken,
      encryptKey: this.encryptKey,
      tenantKey: 'tenant_emulated',
      retryScale: o.retryScale ?? 1,
      timeoutMs: 3_000,
    });
    const lc = typeof o.longConnection === 'object' ? o.longConnection : {};
    this.gateway = new LongConnectionGateway(
      { appId: this.appId, appSecret: this.appSecret },
      { retryScale: o.retryScale ?? 1, ...lc },
    );
    this.longConnection = Boolean(o.longConnection);
  }

  /** The variables that point a service at this tenant (what an operator copies from the developer console). */
  appEnv(): Record<'LARK_APP_ID' | 'LARK_APP_SECRET' | 'LARK_VERIFICATION_TOKEN' | 'LARK_DOMAIN', string> & {
    LARK_ENCRYPT_KEY?: string;
    LARK_MODE?: 'ws';
  } {
    return {
      LARK_APP_ID: this.appId,
      LARK_APP_SECRET: this.appSecret,
      LARK_VERIFICATION_TOKEN: this.verificationToken,
      LARK_DOMAIN: this.url,
      ...(this.encryptKey ? { LARK_ENCRYPT_KEY: this.encryptKey } : {}),
      ...(this.longConnection ? { LARK_MODE: 'ws' as const } : {}),
    };
  }

  get botOpenId(): string {
    return this.ws.botOpenId;
  }

  async start(host = '127.0.0.1', port = 0): Promise<this> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.method === 'POST' && req.url === '/callback/ws/endpoint')
          return this.gateway.endpoint(Buffer.concat(chunks).toString('utf8'), res);
        void this.api.handle(req, res, Buffer.concat(chunks).toString('utf8')).catch(() => {
          res.writeHead(500).end();
        });
      });
    });
    this.#server.on('upgrade', (req, socket, head) => this.gateway.upgrade(req, socket, head));
    await new Promise<void>((r) => this.#server!.listen(port, host, r));
    const { port: p } = this.#server.address() as AddressInfo;
    this.url = `http://${host}:${p}`;
    this.gateway.baseUrl = this.url;
    return this;
  }

  async stop(): Promise<void> {
    this.sender.stop();
    this.gateway.close();
    this.#server?.closeAllConnections();
    await new Promise<void>((r) => (this.#server ? this.#server.close(() => r()) : r()));
  }

  fail(f: Fault): void {
    this.api.faults.push(f);
  }
  clearFaults(): void {
    this.api.faults.length = 0;
  }

  /** A person writes in a chat; with `mentionBot` the text starts with the bot's @ mention, as Lark sends it. */
  async say(o: SayOptions): Promise<{ messageId: string; status: number; envelope: unknown }> {
    const { messageId, envelope } = this.compose(o);
    const status = await this.#deliverEvent(envelope);
    return { messageId, status, envelope };
  }

  /** A message is posted in the chat; its event is returned, not delivered (tests deliver it, even twice at once). */
  compose(o: SayOptions): { messageId: string; envelope: ReturnType<Sender['envelope']> } {
    const chat = this.ws.chats.get(o.chatId);
    if (!chat) throw new Error(`no chat ${o.chatId}`);
    const type = o.messageType ?? 'text';
    const mention = type === 'text' && (o.mentionBot ?? chat.type === 'group');
    const text = mention ? `@_user_1 ${o.text}` : o.text;
    const content = JSON.stringify(o.content ?? { text });
    const root = o.rootId ? this.ws.messages.get(o.rootId) : undefined;
    const msg = this.ws.addMessage({
      chatId: o.chatId,
      sender: o.from,
      senderType: 'user',
      msgType: type,
      content,
      rootId: root ? (root.rootId ?? root.id) : undefined,
      parentId: root?.id,
      threadId: root?.threadId,
    });
    const env = this.sender.envelope(
      'im.message.receive_v1',
      {
        sender: {
          sender_id: { open_id: o.from, union_id: `on_${o.from}` },
          sender_type: 'user',
          tenant_key: 'tenant_emulated',
        },
        message: {
          message_id: msg.id,
          root_id: msg.rootId,
          parent_id: msg.parentId,
          thread_id: msg.threadId,
          create_time: String(msg.createdAt),
          update_time: String(msg.createdAt),
          chat_id: o.chatId,
          chat_type: chat.type,
          message_type: type,
          content,
          mentions: mention
            ? [
                {
                  key: '@_user_1',
                  id: { open_id: this.botOpenId, union_id: 'on_bot' },
                  name: '吹哨报到',
                  tenant_key: 'tenant_emulated',
                },
              ]
            : undefined,
        },
      },
      o.eventId,
    );
    return { messageId: msg.id, envelope: env };
  }

  /** A person taps a button (or submits a form) on a card; the answer's card replaces the card, as in Lark.
   * Like a Lark client: a form button sends its name and only its own form's fields, a required field left empty
   * stops the submit on the device (no callback), and an answer card that breaks a card rule is not shown (200673). */
  async click(o: {
    messageId: string;
    from: string;
    value: unknown;
    form?: Record<string, unknown>;
    name?: string;
  }): Promise<{ status: number; body: CardAnswer | undefined; error?: string }> {
    const msg = this.ws.messages.get(o.messageId);
    if (!msg) throw new Error(`no message ${o.messageId}`);
    // A 2.0 card can be clicked for 14 days; after that the client shows an error and nothing is sent.
    if (msg.msgType === 'interactive' && this.ws.now() - msg.createdAt > CARD_LIMITS.interactiveMs)
      return { status: 0, body: undefined, error: 'card expired: a card can be used for 14 days' };
    const sent = clientSubmit(msg.content, o);
    if ('blocked' in sent) return { status: 0, body: undefined, error: sent.blocked };
    const env = this.sender.envelope('card.action.trigger', {
      operator: { open_id: o.from, union_id: `on_${o.from}`, tenant_key: 'tenant_emulated' },
      token: this.api.issueCardToken(o.messageId),
      action: { value: o.value, tag: 'button', name: sent.name, form_value: sent.form },
      host: 'im_message',
      context: { open_message_id: o.messageId, open_chat_id: msg.chatId },
    });
    const res = this.longConnection ? await this.gateway.callback(env) : await this.sender.post('/lark/cards', env);
    const body = res.body as CardAnswer | undefined;
    if (res.status === 200 && body?.card?.type === 'raw') {
      const bad = checkCardContent(body.card.data);
      if (bad) return { status: res.status, body, error: `200673 ${(bad.body as { msg: string }).msg}` };
      this.ws.updateMessage(o.messageId, JSON.stringify(body.card.data));
    }
    return { status: res.status, body };
  }

  /** Delivers an event the way the service is connected (request URL or long connection), with Lark's retries. */
  deliver(env: ReturnType<Sender['envelope']>): Promise<number> {
    return this.#deliverEvent(env);
  }

  #deliverEvent(env: ReturnType<Sender['envelope']>): Promise<number> {
    return this.longConnection ? this.gateway.deliverEvent(env) : this.sender.deliverEvent(env);
  }

  /** Takes the bot out of a chat and tells it, as Lark does with im.chat.member.bot.deleted_v1. */
  async removeBot(chatId: string): Promise<void> {
    const chat = this.ws.chats.get(chatId);
    if (!chat) return;
    chat.botIn = false;
    await this.#deliverEvent(
      this.sender.envelope('im.chat.member.bot.deleted_v1', {
        chat_id: chatId,
        name: chat.name,
        operator_id: { open_id: [...chat.members][0] ?? 'ou_unknown' },
      }),
    );
  }
}

export interface CardAnswer {
  toast?: { type: string; content: string; i18n?: Record<string, string> };
  card?: { type: 'raw'; data: unknown };
}

export interface SayOptions {
  chatId: string;
  from: string;
  text: string;
  mentionBot?: boolean;
  rootId?: string;
  eventId?: string;
  /** Another message type (location, image) with its Lark content object. */
  messageType?: string;
  content?: Record<string, unknown>;
}
