import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env.js';
import { createLogger } from '../../src/log.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/start-sandbox.js';
import { button } from '../helpers/harness.js';
import { startTestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

/** The sandbox's 重新开始: a person trying the bot starts again from nothing, whatever the bot learnt or stored. */
describe('sandbox reset', () => {
  let sandbox: Sandbox;
  let stopRedis: () => Promise<void>;
  let dataDir: string;
  beforeAll(async () => {
    const redis = await startTestRedis();
    stopRedis = redis.stop;
    dataDir = mkdtempSync(join(tmpdir(), 'sandbox-reset-'));
    sandbox = await startSandbox(
      loadEnv({ PORT: '0', REDIS_URL: redis.url, DATA_DIR: dataDir }),
      createLogger('silent'),
    );
  }, 60_000);
  afterAll(async () => {
    await sandbox?.stop();
    await stopRedis?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const api = (path: string, body: unknown) =>
    fetch(`${sandbox.service.url}/sandbox/api/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const count = async (table: string) =>
    Number(
      (await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(sandbox.service.deps.db))
        .rows[0]!.n,
    );

  it('empties every table, the learnt intake decisions included', async () => {
    const r = await api('say', {
      chatId: 'oc_street_cmd',
      from: 'ou_cadre_1',
      text: '@吹哨报到 治国胡同45号院有人在院内加盖二层，请城管和规划一起来认定是否违建',
    });
    expect(r.status).toBe(200);
    const emu = sandbox.emulator;
    const draft = await waitFor(
      () => emu.ws.messagesIn('oc_street_cmd').find((m) => m.senderType === 'bot' && m.msgType === 'interactive'),
      'the draft',
    );
    const card = JSON.parse(emu.ws.messages.get(draft.id)!.content);
    const confirmed = await emu.click({
      messageId: draft.id,
      from: 'ou_cadre_1',
      value: button(card, 'confirm'),
      form: { level: 'whistle', reason: '多部门' },
    });
    expect(confirmed.body?.toast?.type).toBe('success');
    // Confirming records what the bot proposed and what the street chose (the intake's learning).
    await waitFor(async () => (await count('intake_decisions')) === 1, 'the decision');
    expect((await api('reset', {})).status).toBe(200);
    for (const table of ['cases', 'timeline', 'inbox', 'outbox', 'intake_decisions'])
      expect(await count(table)).toBe(0);
    const state = await (await fetch(`${sandbox.service.url}/sandbox/api/messages?chat=oc_street_cmd`)).json();
    expect(state).toEqual([]);
  });
});
