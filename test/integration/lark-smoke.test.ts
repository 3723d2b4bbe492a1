import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../scripts/lark-smoke.js';
import { LarkEmulator } from '../../src/emulator/emulator.js';

/** `npm run lark:smoke` against our emulator: every template in every state goes through the SDK wrapper. */
describe('npm run lark:smoke', () => {
  const emu = new LarkEmulator();
  const env = () => ({ ...emu.appEnv(), LARK_SMOKE_CHAT: 'oc_smoke' });
  beforeAll(async () => {
    await emu.start();
    emu.ws.addChat('oc_smoke', 'smoke test', []);
  });
  afterAll(() => emu.stop());

  it('reports every card accepted and exits 0', async () => {
    const out: string[] = [];
    expect(await main(env(), (s) => out.push(s))).toBe(0);
    const text = out.join('\n');
    for (const t of ['whistle-draft', 'whistle-status', 'whistle-summons', 'notice', 'digest'])
      expect(text).toContain(t);
    expect(text).not.toContain('REFUSED');
    expect(emu.ws.messagesIn('oc_smoke').length).toBeGreaterThanOrEqual(15);
  });

  it('reports a card Lark refuses, with its code, and exits 1', async () => {
    emu.fail({ op: 'message.create', status: 400, code: 230099, msg: 'Failed to create card content', times: 1 });
    const out: string[] = [];
    expect(await main(env(), (s) => out.push(s))).toBe(1);
    const text = out.join('\n');
    expect(text).toMatch(/REFUSED\s*\| 230099/);
    expect(text).toContain('1 of');
  });

  it('names what is missing without credentials', async () => {
    const out: string[] = [];
    expect(await main({}, (s) => out.push(s))).toBe(2);
    expect(out[0]).toContain('LARK_SMOKE_CHAT');
  });
});
