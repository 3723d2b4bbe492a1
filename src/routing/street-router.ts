import type { Envelope } from '../lark/inbound/events.js';
import type { Street, Streets } from '../streets/streets.js';

type Handler = (env: Envelope) => Promise<void>;

/** Sends each event to the street it belongs to: a group message by its chat, a direct message by a case number
 * in it or by who sent it, a lost department chat to every street that summons into it. */
export function routeByStreet(streets: Streets, handlerFor: (street: Street) => Handler): Handler {
  const handlers = new Map(streets.all().map((s) => [s.id, handlerFor(s)]));
  const run = (s: Street, env: Envelope) => handlers.get(s.id)!(env);
  return async (env) => {
    const e = env.event as {
      chat_id?: string;
      message?: { chat_id?: string; chat_type?: string; content?: string };
      sender?: { sender_id?: { open_id?: string } };
    };
    if (env.header.event_type === 'im.message.receive_v1') {
      const chatId = e.message?.chat_id ?? '';
      if (e.message?.chat_type === 'p2p') {
        const st =
          streets.forCaseNumber(e.message.content ?? '') ?? streets.forPerson(e.sender?.sender_id?.open_id ?? '');
        return run(st, env);
      }
      return run(streets.forChat(chatId) ?? streets.primary, env);
    }
    if (e.chat_id) {
      const using = streets.withDepartmentChat(e.chat_id);
      if (using.length > 1) {
        for (const s of using) await run(s, env);
        return;
      }
      return run(streets.forChat(e.chat_id) ?? streets.primary, env);
    }
    return run(streets.primary, env);
  };
}
