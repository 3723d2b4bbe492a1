import { type CommandDeps, parseCommand, runCommand } from '../commands/commands.js';
import { addCommandLog } from '../emergency/command-log.js';
import { hasVisibleText } from '../intake/visible.js';
import { type Envelope, parseMessageEvent } from '../lark/inbound/events.js';
import type { Logger } from '../log.js';
import { addEvidence } from '../presence/evidence.js';
import type { Roster } from '../roster/roster.js';
import { chatLost } from '../whistle/delivery.js';
import type { WhistleService } from '../whistle/service.js';

export interface DispatchDeps extends CommandDeps {
  service: WhistleService;
  roster: () => Roster;
  botOpenId: () => string | undefined;
  log: Logger;
}

/** Routes a stored Lark event to the domain. Unknown event types are acknowledged and ignored. */
export function createDispatcher(d: DispatchDeps): (env: Envelope) => Promise<void> {
  return async (env) => {
    const log = d.log.child({ eventId: env.header.event_id, eventType: env.header.event_type });
    switch (env.header.event_type) {
      case 'im.message.receive_v1':
        return onMessage(env, d, log);
      case 'im.chat.member.bot.deleted_v1':
      case 'im.chat.disbanded_v1': {
        const chatId = String((env.event as { chat_id?: unknown }).chat_id ?? '');
        const dept = d.roster().departmentByChat(chatId);
        log.warn({ chatId, dept: dept?.id }, 'bot removed from a chat');
        if (dept) await chatLost(d.service, dept.id, chatId);
        return;
      }
      case 'im.chat.member.bot.added_v1':
        log.info({ chatId: (env.event as { chat_id?: unknown }).chat_id }, 'bot added to a chat');
        return;
      default:
        log.info('event type not handled: acknowledged and ignored');
    }
  };
}

async function onMessage(env: Envelope, d: DispatchDeps, log: Logger): Promise<void> {
  // Whether a message is for us depends on who we are: right after a start-up the identity may not be fetched
  // yet, and guessing would drop a case. Fail, and the queue tries again in a moment.
  if (!d.botOpenId()) throw new Error('bot identity not fetched yet: the event is retried');
  const msg = parseMessageEvent(env.event, d.botOpenId());
  if (!msg) {
    log.warn('message event without the expected fields');
    return;
  }
  if (msg.senderId === d.botOpenId()) return;
  const roster = d.roster();
  if (['location', 'image', 'media', 'file'].includes(msg.messageType) && msg.rootId) {
    if (await addEvidence(d.service, msg)) return;
  }
  // The emergency's commander posting in the case thread writes the command log, with or without a mention.
  if (msg.chatType === 'group' && msg.rootId && roster.commandTier(msg.chatId)) {
    if (await addCommandLog(d.service, msg)) return;
  }
  const cmd = parseCommand(msg.text);
  if (msg.chatType === 'p2p') {
    await runCommand(cmd ?? { kind: 'help' }, msg, d);
    return;
  }
  const tier = roster.commandTier(msg.chatId);
  if (!tier || !msg.mentionsBot) return;
  if (cmd && cmd.kind !== 'todo') {
    await runCommand(cmd, msg, d);
    return;
  }
  // Only a mention, or only invisible characters (zero-width spaces, fillers): nothing to make a case of.
  if (!hasVisibleText(msg.text)) {
    await runCommand({ kind: 'help' }, msg, d);
    return;
  }
  await d.service.report(msg, tier);
}
