import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LarkEmulator } from '../../src/emulator/emulator.js';
import { loadRosterFile } from '../../src/roster/roster-load.js';
import { seedWorkspace } from '../../src/sandbox/seed.js';
import { ChildService, freePort } from '../helpers/child-service.js';
import { DATABASES } from '../helpers/database.js';
import { startTestRedis } from '../helpers/redis.js';
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

for (const dbKind of DATABASES) {
  describe(`the service SIGKILLed right after acknowledging events (${dbKind.name})`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'whistle-crash-'));
    let emu: LarkEmulator;
    let redis: Awaited<ReturnType<typeof startTestRedis>>;
    let drop: () => Promise<void>;
    let svc: ChildService;
    beforeAll(async () => {
      redis = await startTestRedis();
      const db = await dbKind.create();
      drop = db.drop;
      emu = await new LarkEmulator({ encryptKey: randomBytes(12).toString('hex'), retryScale: 0.001 }).start();
      seedWorkspace(emu, loadRosterFile('config/roster.example.yaml'));
      const env: Record<string, string> = {
        LARK_APP_ID: emu.appId,
        LARK_APP_SECRET: emu.appSecret,
        LARK_VERIFICATION_TOKEN: emu.verificationToken,
        LARK_ENCRYPT_KEY: emu.encryptKey!,
        LARK_DOMAIN: emu.url,
        REDIS_URL: redis.url,
        DATA_DIR: dataDir,
        PORT: String(await freePort()),
        ...(db.url ? { DATABASE_URL: db.url } : {}),
      };
      svc = new ChildService(env);
      await svc.start();
      emu.sender.target = svc.url;
    }, 60_000);
    afterAll(async () => {
      await svc?.stop();
      await emu?.stop();
      await redis?.stop();
      await drop?.();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('processes every acknowledged event after the restart, each exactly once', async () => {
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
