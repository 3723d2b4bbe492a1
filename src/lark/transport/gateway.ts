import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../log.js';
import { LARK_CODES } from '../limits.js';
import { LarkApiError, toLarkError } from './lark-errors.js';

export type ReceiveIdType = 'chat_id' | 'open_id';
export type UrgentKind = 'app' | 'sms' | 'phone';

/** Every Lark Open API call the service makes. The only implementation wraps the real SDK; tests point it at
 * the emulator with a custom domain. */
export interface LarkGateway {
  botInfo(): Promise<{ openId: string; name: string }>;
  send(
    to: { type: ReceiveIdType; id: string },
    msg: { type: 'interactive' | 'text'; content: string },
    uuid?: string,
  ): Promise<string>;
  reply(
    messageId: string,
    msg: { type: 'interactive' | 'text'; content: string },
    opts: { inThread: boolean; uuid?: string },
  ): Promise<string>;
  patchCard(messageId: string, card: string): Promise<void>;
  urgent(messageId: string, kind: UrgentKind, userIds: string[]): Promise<string[]>;
  updateCardByToken(token: string, card: unknown): Promise<void>;
  getMessage(messageId: string): Promise<{ chatId: string; deleted: boolean } | undefined>;
  createChat(name: string, userIds: string[], uuid?: string): Promise<string>;
  chatMembers(chatId: string): Promise<string[]>;
  /** Lark Base: new records in one call (≤ 1,000), in order; a retry with the same clientToken creates nothing. */
  bitableCreate(base: BaseTable, fields: BaseFields[], clientToken: string): Promise<string[]>;
  /** Lark Base: the named fields of existing records (≤ 1,000), all or nothing. */
  bitableUpdate(base: BaseTable, records: { recordId: string; fields: BaseFields }[]): Promise<void>;
  /** The bot's own primary calendar (calendar v4), where coordination meetings are created. */
  primaryCalendar(): Promise<string>;
  /** Creates a calendar event; the same `idempotencyKey` answers the event already created. Returns its id. */
  createEvent(calendarId: string, ev: CalendarEventInput, idempotencyKey: string): Promise<string>;
  addAttendees(calendarId: string, eventId: string, openIds: string[]): Promise<void>;
}

export interface CalendarEventInput {
  summary: string;
  description: string;
  start: number;
  end: number;
  timezone: string;
  place?: string;
}

/** A table of a Lark Base (多维表格). */
export interface BaseTable {
  appToken: string;
  tableId: string;
}
/** A record's fields by field name: text, numbers, checkboxes, dates as epoch ms. */
export type BaseFields = Record<string, string | number | boolean | null>;

export interface GatewayOptions {
  appId: string;
  appSecret: string;
  /** feishu, lark, or a base URL (the emulator in tests and the sandbox). */
  domain: string;
  log: Logger;
  timeoutMs?: number;
}

interface LarkBody {
  code?: number;
  msg?: string;
  data?: Record<string, unknown>;
  bot?: { open_id?: string; app_name?: string };
}

/** The SDK client with its logger routed to ours, and `call`: one call, its Lark error code thrown as a LarkApiError. */
function sdkAccess(opts: GatewayOptions) {
  const sdkLog = opts.log.child({ component: 'lark-sdk' });
  const write = (level: 'error' | 'warn' | 'info' | 'debug') => (msg: unknown[]) =>
    sdkLog[level]({ sdk: msg.map((m) => (m instanceof Error ? m.message : m)) }, 'lark sdk');
  const cache = new lark.DefaultCache();
  const domain =
    opts.domain === 'feishu' ? lark.Domain.Feishu : opts.domain === 'lark' ? lark.Domain.Lark : opts.domain;
  lark.defaultHttpInstance.defaults.timeout = opts.timeoutMs ?? 10_000;
  const client = new lark.Client({
    appId: opts.appId,
    appSecret: opts.appSecret,
    domain,
    cache,
    loggerLevel: lark.LoggerLevel.error,
    logger: {
      error: write('error'),
      warn: write('warn'),
      info: write('debug'),
      debug: write('debug'),
      trace: write('debug'),
    },
  });

  /** Runs one call; on an invalid token, forgets it and tries once more (the SDK does not). */
  async function call<T extends LarkBody>(op: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      let body: T;
      try {
        body = await fn();
      } catch (err) {
        const e = toLarkError(op, err);
        if (e.tokenInvalid && attempt === 0) {
          await cache.set(lark.CTenantAccessToken, '', 1, { namespace: opts.appId });
          continue;
        }
        throw e;
      }
      if (body.code !== undefined && body.code !== 0) {
        const e = new LarkApiError(op, 200, body.code, body.msg ?? '');
        if (e.tokenInvalid && attempt === 0) {
          await cache.set(lark.CTenantAccessToken, '', 1, { namespace: opts.appId });
          continue;
        }
        throw e;
      }
      return body;
    }
  }
  const messageIdOf = (op: string, body: LarkBody): string => {
    const id = body.data?.message_id;
    if (typeof id !== 'string') throw new LarkApiError(op, 200, undefined, 'no message_id in the answer');
    return id;
  };

  return { client, call, messageIdOf };
}

type Sdk = ReturnType<typeof sdkAccess>;

/** Messages: send, reply, patch a card, urgents, a card by its callback token, read one. */
function messageCalls({
  client,
  call,
  messageIdOf,
}: Sdk): Pick<LarkGateway, 'send' | 'reply' | 'patchCard' | 'urgent' | 'updateCardByToken' | 'getMessage'> {
  return {
    async send(to, msg, uuid) {
      const body = await call('message.create', () =>
        client.im.v1.message.create({
          params: { receive_id_type: to.type },
          data: { receive_id: to.id, msg_type: msg.type, content: msg.content, uuid },
        }),
      );
      return messageIdOf('message.create', body);
    },
    async reply(messageId, msg, o) {
      const body = await call('message.reply', () =>
        client.im.v1.message.reply({
          path: { message_id: messageId },
          data: { msg_type: msg.type, content: msg.content, reply_in_thread: o.inThread, uuid: o.uuid },
        }),
      );
      return messageIdOf('message.reply', body);
    },
    async patchCard(messageId, card) {
      await call('message.patch', () =>
        client.im.v1.message.patch({ path: { message_id: messageId }, data: { content: card } }),
      );
    },
    async urgent(messageId, kind, userIds) {
      const payload = {
        path: { message_id: messageId },
        params: { user_id_type: 'open_id' as const },
        data: { user_id_list: userIds },
      };
      const m = client.im.v1.message;
      const body = await call(`message.urgent_${kind}`, () =>
        kind === 'app' ? m.urgentApp(payload) : kind === 'sms' ? m.urgentSms(payload) : m.urgentPhone(payload),
      );
      return (body.data?.invalid_user_id_list as string[] | undefined) ?? [];
    },
    async updateCardByToken(token, card) {
      await call('card.update', () =>
        client.request<LarkBody>({
          method: 'POST',
          url: '/open-apis/interactive/v1/card/update',
          data: { token, card },
        }),
      );
    },
    async getMessage(messageId) {
      try {
        const body = await call('message.get', () => client.im.v1.message.get({ path: { message_id: messageId } }));
        const item = (body.data?.items as { chat_id?: string; deleted?: boolean }[] | undefined)?.[0];
        return item ? { chatId: item.chat_id ?? '', deleted: Boolean(item.deleted) } : undefined;
      } catch (err) {
        if (
          err instanceof LarkApiError &&
          (err.code === LARK_CODES.messageRecalled || err.code === LARK_CODES.messageNotFound)
        )
          return undefined;
        throw err;
      }
    },
  };
}

/** Chats and the bot itself. */
function chatCalls({ client, call }: Sdk): Pick<LarkGateway, 'createChat' | 'chatMembers' | 'botInfo'> {
  return {
    async createChat(name, userIds, uuid) {
      const body = await call('chat.create', () =>
        client.im.v1.chat.create({
          params: { user_id_type: 'open_id', set_bot_manager: true, uuid },
          data: { name, user_id_list: userIds },
        }),
      );
      const id = body.data?.chat_id;
      if (typeof id !== 'string') throw new LarkApiError('chat.create', 200, undefined, 'no chat_id in the answer');
      return id;
    },
    async chatMembers(chatId) {
      const ids: string[] = [];
      let pageToken: string | undefined;
      do {
        const body = await call('chat.members', () =>
          client.im.v1.chatMembers.get({
            path: { chat_id: chatId },
            params: { member_id_type: 'open_id', page_size: 100, page_token: pageToken },
          }),
        );
        for (const m of (body.data?.items as { member_id?: string }[] | undefined) ?? []) {
          if (m.member_id) ids.push(m.member_id);
        }
        pageToken = body.data?.has_more ? (body.data.page_token as string) : undefined;
      } while (pageToken);
      return ids;
    },
    async botInfo() {
      const body = await call('bot.info', () =>
        client.request<LarkBody>({ method: 'GET', url: '/open-apis/bot/v3/info' }),
      );
      if (!body.bot?.open_id) throw new LarkApiError('bot.info', 200, undefined, 'no bot identity in the answer');
      return { openId: body.bot.open_id, name: body.bot.app_name ?? '' };
    },
  };
}

/** Calendar v4: the bot's primary calendar (asked once), events and their attendees. */
function calendarCalls({ client, call }: Sdk): Pick<LarkGateway, 'primaryCalendar' | 'createEvent' | 'addAttendees'> {
  let primaryCalendar: string | undefined;
  return {
    async primaryCalendar() {
      if (primaryCalendar) return primaryCalendar;
      const body = await call('calendar.primary', () =>
        client.calendar.v4.calendar.primary({ params: { user_id_type: 'open_id' } }),
      );
      const id = body.data?.calendars?.[0]?.calendar?.calendar_id;
      if (!id) throw new LarkApiError('calendar.primary', 200, undefined, 'no primary calendar in the answer');
      primaryCalendar = id;
      return id;
    },
    async createEvent(calendarId, ev, idempotencyKey) {
      const secs = (ms: number) => String(Math.floor(ms / 1000));
      const body = await call('calendar.event.create', () =>
        client.calendar.v4.calendarEvent.create({
          path: { calendar_id: calendarId },
          params: { idempotency_key: idempotencyKey, user_id_type: 'open_id' },
          data: {
            summary: ev.summary,
            description: ev.description,
            need_notification: true,
            start_time: { timestamp: secs(ev.start), timezone: ev.timezone },
            end_time: { timestamp: secs(ev.end), timezone: ev.timezone },
            attendee_ability: 'can_see_others',
            ...(ev.place ? { location: { name: ev.place } } : {}),
          },
        }),
      );
      const id = body.data?.event?.event_id;
      if (!id) throw new LarkApiError('calendar.event.create', 200, undefined, 'no event_id in the answer');
      return id;
    },
    async addAttendees(calendarId, eventId, openIds) {
      if (openIds.length === 0) return;
      await call('calendar.event.attendees', () =>
        client.calendar.v4.calendarEventAttendee.create({
          path: { calendar_id: calendarId, event_id: eventId },
          params: { user_id_type: 'open_id' },
          data: {
            attendees: openIds.map((id) => ({ type: 'user' as const, user_id: id, is_optional: false })),
            need_notification: true,
          },
        }),
      );
    },
  };
}

/** Lark Base (bitable v1) batch record calls for the ledger. */
function baseCalls({ client, call }: Sdk): Pick<LarkGateway, 'bitableCreate' | 'bitableUpdate'> {
  return {
    async bitableCreate(base, fields, clientToken) {
      const body = await call('bitable.record.batch_create', () =>
        client.bitable.v1.appTableRecord.batchCreate({
          path: { app_token: base.appToken, table_id: base.tableId },
          params: { client_token: clientToken },
          data: { records: fields.map((f) => ({ fields: f as Record<string, string> })) },
        }),
      );
      const ids = ((body.data?.records as { record_id?: string }[] | undefined) ?? []).map((r) => r.record_id);
      if (ids.length !== fields.length || ids.some((id) => typeof id !== 'string'))
        throw new LarkApiError('bitable.record.batch_create', 200, undefined, 'record ids missing in the answer');
      return ids as string[];
    },
    async bitableUpdate(base, records) {
      await call('bitable.record.batch_update', () =>
        client.bitable.v1.appTableRecord.batchUpdate({
          path: { app_token: base.appToken, table_id: base.tableId },
          data: {
            records: records.map((r) => ({ record_id: r.recordId, fields: r.fields as Record<string, string> })),
          },
        }),
      );
    },
  };
}

/** Every Lark Open API call the service makes, through the real SDK. */
export function createLarkGateway(opts: GatewayOptions): LarkGateway {
  const sdk = sdkAccess(opts);
  return { ...messageCalls(sdk), ...chatCalls(sdk), ...calendarCalls(sdk), ...baseCalls(sdk) };
}
