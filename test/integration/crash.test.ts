import { describe, expect, it } from 'vitest';
import { useChildStack } from '../helpers/child-stack.js';
import { DATABASES } from '../helpers/database.js';
import { sleep, waitFor } from '../helpers/wait.js';

const CMD = 'oc_street_cmd';
const TEXTS = [
  '治国胡同45号院有人在院内加盖二层',
  '南锣鼓巷有无照经营的小摊卖过期饮料',
  '前海北沿有黑三轮拉客宰客',
  '团结湖公园西门一棵大树被风刮倒',
  '东四六条胡同里有人私装地锁占车位',
  '簋街有饭馆把桌子摆到人行道上',
  '工体北路酒吧凌晨还在放大音乐扰民',
  '幸福二村地下室有人打隔断群租',
];

for (const database of DATABASES) {
  describe(`the service SIGKILLed right after acknowledging events (${database.name})`, () => {
    const stack = useChildStack({ database });

    it('processes every acknowledged event after the restart, each exactly once', async () => {
      const { emu, svc } = stack();
      // Lark is slow to answer, so the replies are still in flight when the process dies.
      emu.api.latencyMs = 150;
      const acked: string[] = [];
      for (const text of TEXTS) {
        const { messageId, status } = await emu.say({ chatId: CMD, from: 'ou_cadre_1', text });
        expect(status).toBe(200);
        acked.push(messageId);
      }
      await svc.kill(); // the instant the last event was acknowledged
      const before = acked.filter((id) => emu.ws.messagesIn(CMD).some((m) => m.parentId === id)).length;
      expect(before).toBeLessThan(TEXTS.length); // the kill really cut work off

      emu.api.latencyMs = 0;
      await svc.start();
      try {
        for (const id of acked)
          await waitFor(
            () => emu.ws.messagesIn(CMD).some((m) => m.parentId === id && m.senderType === 'bot'),
            `the draft for ${id}`,
            45_000,
          );
      } catch (err) {
        console.error(svc.output.join('').slice(-6000));
        throw err;
      }
      await sleep(2_000);
      for (const id of acked)
        expect(emu.ws.messagesIn(CMD).filter((m) => m.parentId === id && m.senderType === 'bot')).toHaveLength(1);
    }, 120_000);
  });
}
