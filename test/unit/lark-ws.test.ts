import { describe, expect, it } from 'vitest';
import type { CardAction, Envelope } from '../../src/lark/events.js';
import { createWsDispatcher } from '../../src/lark/ws.js';
import { createLogger } from '../../src/log.js';

const header = (type: string, id: string) => ({
  event_id: id,
  event_type: type,
  create_time: '1795430000000',
  token: 'tok',
  app_id: 'cli_a1b2c3d4e5f60718',
  tenant_key: 'tk',
});

describe('long-connection mode', () => {
  it('feeds what the WSClient delivers into the same handlers as the webhook', async () => {
    const accepted: Envelope[] = [];
    const clicks: CardAction[] = [];
    const dispatcher = createWsDispatcher({
      log: createLogger('silent'),
      eventTypes: ['im.message.receive_v1', 'card.action.trigger'],
      acceptEvent: async (env) => {
        accepted.push(env);
      },
      handleCardAction: async (a) => {
        clicks.push(a);
        return { toast: { type: 'success', content: '已报到', i18n: { zh_cn: '已报到', en_us: 'Arrived' } } };
      },
    });
    const message = {
      sender: { sender_id: { open_id: 'ou_cadre_1' } },
      message: {
        message_id: 'om_1',
        chat_id: 'oc_street_cmd',
        chat_type: 'group',
        message_type: 'text',
        content: '{"text":"hi"}',
      },
    };
    // This is exactly how the SDK's WSClient hands a frame's payload to the dispatcher.
    await dispatcher.invoke(
      { schema: '2.0', header: header('im.message.receive_v1', 'e1'), event: message },
      { needCheck: false },
    );
    expect(accepted).toHaveLength(1);
    expect(accepted[0]!.header.event_id).toBe('e1');
    expect(accepted[0]!.event).toEqual(message);

    const answer = await dispatcher.invoke(
      {
        schema: '2.0',
        header: header('card.action.trigger', 'e2'),
        event: {
          operator: { open_id: 'ou_cg_1' },
          token: 'c-1',
          action: { value: { v: 1, action: 'arrive', whistle: 'w1', dept: 'chengguan' } },
          context: { open_message_id: 'om_2' },
        },
      },
      { needCheck: false },
    );
    expect(clicks[0]).toMatchObject({ operatorId: 'ou_cg_1', messageId: 'om_2', value: { action: 'arrive' } });
    expect(answer).toMatchObject({ toast: { type: 'success' } });
  });
});
