import type { IncomingMessage, ServerResponse } from 'node:http';
import { CARD_LIMITS, LARK_CODES } from '../lark/limits.js';
import { BitableStore } from './bitable.js';
import { EmuCalendar } from './calendar.js';
import { type Answer, checkContent, err, ok } from './content.js';
import { limitTarget, overLimit, Windows } from './limits.js';
import type { EmuMessage, Workspace } from './workspace.js';

export interface Fault {
  op: string;
  status: number;
  code: number;
  msg?: string;
  /** How many calls fail; undefined = until cleared or `until`. */
  times?: number;
  until?: number;
  /** Answer this late (a slow or hanging Lark); status 0 never answers, status 200 does the call and answers late
   * (the client may have given up: its retry must not post twice). */
  delayMs?: number;
  resetSec?: number;
}

export interface OpenApiOptions {
  appId: string;
  appSecret: string;
  botName: string;
  enforceLimits: boolean;
}

/** The Open API endpoints the service calls, answering with Lark's real status and error codes. */
export class OpenApi {
  readonly faults: Fault[] = [];
  readonly windows = new Windows();
  readonly tokens = new Set<string>();
  /** Lark Base records the ledger writes. */
  readonly bitable = new BitableStore();
  readonly #uuids = new Map<string, { id: string; at: number }>();
  readonly #cardTokens = new Map<string, { messageId: string; uses: number; expires: number }>();
  latencyMs = 0;
  rateLimitHits = 0;
  /** Calendar v4 (the joint whistle's coordination meeting). */
  readonly calendar: EmuCalendar;

  constructor(
    private readonly ws: Workspace,
    private readonly opts: OpenApiOptions,
  ) {
    this.calendar = new EmuCalendar(ws);
  }

  issueCardToken(messageId: string): string {
    const token = `c-${this.ws.nextId('tok')}`;
    this.#cardTokens.set(token, { messageId, uses: 0, expires: Date.now() + 30 * 60_000 });
    return token;
  }

  async handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    let json: Record<string, unknown> = {};
    if (body) {
      try {
        json = JSON.parse(body);
      } catch {
        return this.#send(res, err(400, 9499, 'Bad Request: invalid JSON'), method, url.pathname, 'unknown', started);
      }
    }
    const route = this.#route(method, url.pathname);
    if (!route) return this.#send(res, err(404, 404, 'not found'), method, url.pathname, 'unknown', started, json);
    const fault = this.#fault(route.op);
    if (this.latencyMs || fault?.delayMs) await sleep(this.latencyMs + (fault?.delayMs ?? 0));
    if (fault && fault.status === 0) return; // never answers: the client times out
    let answer: Answer;
    if (fault && fault.status !== 200) {
      answer = err(fault.status, fault.code, fault.msg ?? 'emulated failure');
      if (fault.resetSec) answer.headers = { 'x-ogw-ratelimit-reset': String(fault.resetSec) };
    } else if (route.op !== 'token' && !this.#authorized(req)) {
      const auth = req.headers.authorization;
      answer = auth
        ? err(400, LARK_CODES.tokenInvalid, 'Invalid access token for authorization.')
        : err(400, 99991661, 'Missing access token');
    } else {
      answer = this.#limit(route.op, route.params, url, json) ?? route.run(route.params, url, json);
    }
    this.#send(res, answer, method, url.pathname, route.op, started, json);
  }

  #send(
    res: ServerResponse,
    a: Answer,
    method: string,
    path: string,
    op: string,
    started: number,
    body?: unknown,
  ): void {
    const code = (a.body as { code?: number }).code ?? 0;
    this.ws.record({ at: started, method, path, op, status: a.status, code, body, ms: Date.now() - started });
    res.writeHead(a.status, { 'content-type': 'application/json', ...(a.headers ?? {}) });
    res.end(JSON.stringify(a.body));
  }

  #fault(op: string): Fault | undefined {
    const now = Date.now();
    for (let i = 0; i < this.faults.length; i++) {
      const f = this.faults[i]!;
      if (f.until !== undefined && now > f.until) {
        this.faults.splice(i--, 1);
        continue;
      }
      if (f.op !== '*' && f.op !== op) continue;
      if (f.times !== undefined) {
        f.times -= 1;
        if (f.times <= 0) this.faults.splice(i, 1);
      }
      return f;
    }
    return undefined;
  }

  #authorized(req: IncomingMessage): boolean {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    return Boolean(m && this.tokens.has(m[1]!));
  }

  /** Rejects over-limit calls the way Lark does; otherwise counts the call. */
  #limit(op: string, params: Record<string, string>, url: URL, json: Record<string, unknown>): Answer | undefined {
    if (!this.opts.enforceLimits) return undefined;
    const refused = overLimit(this.windows, op, limitTarget(op, params, url, json, this.ws), Date.now());
    if (refused) this.rateLimitHits += 1;
    return refused;
  }

  #route(
    method: string,
    path: string,
  ):
    | {
        op: string;
        params: Record<string, string>;
        run: (p: Record<string, string>, u: URL, j: Record<string, unknown>) => Answer;
      }
    | undefined {
    const at = (re: RegExp): string[] | undefined => re.exec(path)?.slice(1);
    const bitable = this.bitable.route(method, path);
    if (bitable) return bitable;
    if (method === 'POST' && path === '/open-apis/auth/v3/tenant_access_token/internal') {
      return { op: 'token', params: {}, run: (_p, _u, j) => this.#token(j) };
    }
    if (method === 'GET' && path === '/open-apis/bot/v3/info') {
      return {
        op: 'bot.info',
        params: {},
        run: () => ({
          status: 200,
          body: {
            code: 0,
            msg: 'ok',
            bot: { open_id: this.ws.botOpenId, app_name: this.opts.botName, activate_status: 2 },
          },
        }),
      };
    }
    if (method === 'POST' && path === '/open-apis/im/v1/messages') {
      return { op: 'message.create', params: {}, run: (_p, u, j) => this.#create(u, j) };
    }
    if (method === 'POST' && path === '/open-apis/interactive/v1/card/update') {
      return { op: 'card.update', params: {}, run: (_p, _u, j) => this.#cardUpdate(j) };
    }
    if (method === 'POST' && path === '/open-apis/im/v1/chats') {
      return { op: 'chat.create', params: {}, run: (_p, u, j) => this.#createChat(u, j) };
    }
    const cal = this.calendar.route(method, path);
    if (cal) return { op: cal.op, params: cal.params, run: (_p, u, j) => cal.run(u, j) };
    const reply = at(/^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/);
    if (reply && method === 'POST') {
      return { op: 'message.reply', params: { id: reply[0]! }, run: (p, _u, j) => this.#reply(p.id!, j) };
    }
    const urgent = at(/^\/open-apis\/im\/v1\/messages\/([^/]+)\/urgent_(app|sms|phone)$/);
    if (urgent && method === 'PATCH') {
      const params = { id: urgent[0]!, kind: urgent[1]! };
      return { op: `message.urgent_${params.kind}`, params, run: (p, _u, j) => this.#urgent(p, j) };
    }
    const message = at(/^\/open-apis\/im\/v1\/messages\/([^/]+)$/);
    if (message && method === 'PATCH') {
      return { op: 'message.patch', params: { id: message[0]! }, run: (p, _u, j) => this.#patch(p.id!, j) };
    }
    if (message && method === 'GET') {
      return { op: 'message.get', params: { id: message[0]! }, run: (p) => this.#get(p.id!) };
    }
    const members = at(/^\/open-apis\/im\/v1\/chats\/([^/]+)\/members$/);
    if (members && method === 'GET') {
      return { op: 'chat.members', params: { id: members[0]! }, run: (p) => this.#members(p.id!) };
    }
    const chat = at(/^\/open-apis\/im\/v1\/chats\/([^/]+)$/);
    if (chat && method === 'GET') {
      return { op: 'chat.get', params: { id: chat[0]! }, run: (p) => this.#chat(p.id!) };
    }
    return undefined;
  }

  #token(j: Record<string, unknown>): Answer {
    if (j.app_id !== this.opts.appId || j.app_secret !== this.opts.appSecret) {
      return { status: 400, body: { code: 10014, msg: 'app secret invalid' } };
    }
    const token = `t-${this.ws.nextId('tenant')}`;
    this.tokens.add(token);
    return { status: 200, body: { code: 0, msg: 'ok', tenant_access_token: token, expire: 7200 } };
  }

  #dedupe(uuid: unknown): string | undefined {
    if (typeof uuid !== 'string' || !uuid) return undefined;
    const hit = this.#uuids.get(uuid);
    return hit && hit.at > Date.now() - 3600_000 ? hit.id : undefined;
  }

  #create(u: URL, j: Record<string, unknown>): Answer {
    const type = u.searchParams.get('receive_id_type');
    const prior = this.#dedupe(j.uuid);
    if (prior) return ok(this.#view(this.ws.messages.get(prior)!));
    const bad = checkContent(j.msg_type, j.content);
    if (bad) return bad;
    let chatId: string;
    if (type === 'chat_id') {
      const chat = this.ws.chats.get(String(j.receive_id));
      if (!chat) return err(400, LARK_CODES.badParam, 'invalid receive_id: chat not found');
      if (!chat.botIn) return err(400, LARK_CODES.botNotInChat, 'Bot/User can NOT be out of the chat.');
      chatId = chat.id;
    } else if (type === 'open_id') {
      if (!this.ws.users.has(String(j.receive_id))) return err(400, 230013, 'Bot has NO availability to this user.');
      chatId = this.ws.p2pChat(String(j.receive_id)).id;
    } else {
      return err(400, 230034, 'invalid receive_id_type');
    }
    const msg = this.ws.addMessage({
      chatId,
      sender: this.ws.botOpenId,
      senderType: 'bot',
      msgType: String(j.msg_type),
      content: String(j.content),
    });
    if (typeof j.uuid === 'string' && j.uuid) this.#uuids.set(j.uuid, { id: msg.id, at: Date.now() });
    return ok(this.#view(msg));
  }

  #reply(parentId: string, j: Record<string, unknown>): Answer {
    const parent = this.ws.messages.get(parentId);
    if (!parent || parent.deleted) return err(400, 230011, 'The message was withdrawn.');
    const prior = this.#dedupe(j.uuid);
    if (prior) return ok(this.#view(this.ws.messages.get(prior)!));
    const chat = this.ws.chats.get(parent.chatId);
    if (chat && !chat.botIn) return err(400, LARK_CODES.botNotInChat, 'Bot/User can NOT be out of the chat.');
    const bad = checkContent(j.msg_type, j.content);
    if (bad) return bad;
    const rootId = parent.rootId ?? parent.id;
    const inThread = j.reply_in_thread === true || parent.threadId !== undefined;
    const msg = this.ws.addMessage({
      chatId: parent.chatId,
      sender: this.ws.botOpenId,
      senderType: 'bot',
      msgType: String(j.msg_type),
      content: String(j.content),
      rootId,
      parentId: parent.id,
      threadId: inThread ? (parent.threadId ?? `omt_${rootId.slice(3)}`) : undefined,
    });
    if (inThread && !parent.threadId) parent.threadId = msg.threadId;
    if (typeof j.uuid === 'string' && j.uuid) this.#uuids.set(j.uuid, { id: msg.id, at: Date.now() });
    return ok(this.#view(msg));
  }

  #patch(id: string, j: Record<string, unknown>): Answer {
    const msg = this.ws.messages.get(id);
    if (!msg || msg.deleted) return err(400, 230011, 'The message was withdrawn.');
    if (msg.senderType !== 'bot' || msg.msgType !== 'interactive')
      return err(400, LARK_CODES.badParam, 'only bot cards can be patched');
    if (this.ws.now() - msg.createdAt > CARD_LIMITS.interactiveMs)
      return err(400, LARK_CODES.cardExpired, 'The message is more than 14 days old and cannot be updated.');
    const bad = checkContent('interactive', j.content);
    if (bad) return bad;
    this.ws.updateMessage(id, String(j.content));
    return ok({});
  }

  #get(id: string): Answer {
    const msg = this.ws.messages.get(id);
    if (!msg) return err(400, 231003, 'message not found');
    return ok({ items: [this.#view(msg)] });
  }

  #urgent(p: Record<string, string>, j: Record<string, unknown>): Answer {
    const msg = this.ws.messages.get(p.id!);
    if (!msg || msg.deleted) return err(400, 230011, 'The message was withdrawn.');
    if (msg.senderType !== 'bot') return err(400, 230012, 'Bot is not the sender of the message.');
    const users = Array.isArray(j.user_id_list) ? j.user_id_list.map(String) : [];
    if (users.length === 0) return err(400, LARK_CODES.badParam, 'user_id_list is empty');
    const chat = this.ws.chats.get(msg.chatId);
    const valid = users.filter((u) => chat?.members.has(u));
    const invalid = users.filter((u) => !chat?.members.has(u));
    if (valid.length) {
      msg.urgent.push({ kind: p.kind!, users: valid, at: Date.now() });
      this.ws.emit('change', { kind: 'urgent', id: msg.id, chatId: msg.chatId, users: valid });
    }
    return ok({ invalid_user_id_list: invalid });
  }

  #cardUpdate(j: Record<string, unknown>): Answer {
    const t = this.#cardTokens.get(String(j.token));
    if (!t) return err(400, 300020, 'invalid token');
    if (Date.now() > t.expires) return err(400, 300030, 'token expired');
    if (t.uses >= 2) return err(400, 300040, 'token used more than twice');
    t.uses += 1;
    const content = JSON.stringify(j.card);
    const bad = checkContent('interactive', content);
    if (bad) return bad;
    this.ws.updateMessage(t.messageId, content);
    return ok({});
  }

  #createChat(u: URL, j: Record<string, unknown>): Answer {
    const uuid = u.searchParams.get('uuid');
    const prior = uuid ? this.#dedupe(`chat:${uuid}`) : undefined;
    if (prior) return ok({ chat_id: prior });
    const id = this.ws.nextId('oc');
    const members = Array.isArray(j.user_id_list) ? j.user_id_list.map(String) : [];
    this.ws.addChat(id, String(j.name ?? id), members);
    if (uuid) this.#uuids.set(`chat:${uuid}`, { id, at: Date.now() });
    return ok({ chat_id: id, name: j.name });
  }

  #chat(id: string): Answer {
    const chat = this.ws.chats.get(id);
    if (!chat) return err(400, 232006, 'invalid chat_id');
    if (!chat.botIn) return err(400, 232011, 'bot is not in the chat');
    return ok({ chat_id: chat.id, name: chat.name, chat_mode: chat.type, user_count: String(chat.members.size) });
  }

  #members(id: string): Answer {
    const chat = this.ws.chats.get(id);
    if (!chat) return err(400, 232006, 'invalid chat_id');
    if (!chat.botIn) return err(400, 232011, 'bot is not in the chat');
    const items = [...chat.members].map((m) => ({
      member_id_type: 'open_id',
      member_id: m,
      name: this.ws.users.get(m)?.name,
    }));
    return ok({ items, has_more: false, page_token: '', member_total: items.length });
  }

  #view(m: EmuMessage) {
    return {
      message_id: m.id,
      chat_id: m.chatId,
      msg_type: m.msgType,
      root_id: m.rootId,
      parent_id: m.parentId,
      thread_id: m.threadId,
      create_time: String(m.createdAt),
      deleted: m.deleted,
      body: { content: m.content },
    };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
