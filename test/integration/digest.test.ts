import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestScenario } from '../helpers/digest-scenario.js';
import { cardText, type Harness, startHarness } from '../helpers/harness.js';
import { waitFor } from '../helpers/wait.js';

const CMD = 'oc_street_cmd';
describe('digests', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('says so in one line when there is nothing to report', async () => {
    const { messageId } = await h.emu.say({ chatId: CMD, from: 'ou_cadre_1', text: '今日' });
    const reply = await waitFor(() => h.botCards(CMD).find((m) => m.parentId === messageId), 'today');
    expect(cardText(h.card(reply.id))).toContain('今日无在办案件');
  });

  it('日碰头 lists open and overdue work per department with a 督办 button; the weekly and monthly numbers match the database', async () => {
    await digestScenario(h);
  });
});
