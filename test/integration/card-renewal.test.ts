import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { button, cardText, getCase, type Harness, startHarness, whistleCase } from '../helpers/harness.js';
import { waitFor } from '../helpers/wait.js';

const CMD = 'oc_street_cmd';
const DAY = 86_400_000;

describe('cards that outlive Lark’s 14 days', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const summons = (number: string) =>
    waitFor(
      () => h.botCards('oc_dept_chengguan').find((m) => m.content.includes(number) && m.content.includes('"arrive"')),
      'summons',
    );

  it('on day 13 the bot posts fresh status and summons cards in the same threads, says so, and uses them', async () => {
    const c = await whistleCase(h, '治国胡同45号院有人在院内加盖二层，需要认定是否违建');
    const old = await summons(c.number);
    h.clock.advance(13 * DAY + 60_000);
    const fresh = await waitFor(
      () =>
        h
          .botCards('oc_dept_chengguan')
          .find((m) => m.id !== old.id && m.parentId === old.id && m.content.includes('"arrive"')),
      'a fresh summons card in the old card’s thread',
    );
    const freshStatus = await waitFor(
      () =>
        h
          .botCards(CMD)
          .find(
            (m) =>
              m.parentId === c.statusId &&
              m.content.includes(c.number) &&
              m.content.includes('"accept"') === false &&
              m.content.includes('"nudge"'),
          ),
      'a fresh status card in the status card’s thread',
    );
    await waitFor(
      () =>
        h
          .botCards('oc_dept_chengguan')
          .some((m) => m.parentId === old.id && cardText(JSON.parse(m.content)).includes('14天')),
      'a line saying why',
    );
    expect((await getCase(h, c.id)).timeline.filter((t) => t.action === 'card_renewed').length).toBeGreaterThanOrEqual(
      2,
    );

    // Two days later the old card is dead (a Lark client cannot use it); the fresh one works, and the status
    // change reaches the fresh status card.
    h.clock.advance(2 * DAY);
    const dead = await h.emu.click({ messageId: old.id, from: 'ou_cg_1', value: button(h.card(old.id), 'arrive') });
    expect(dead.error).toMatch(/expired/);
    const ok = await h.emu.click({ messageId: fresh.id, from: 'ou_cg_1', value: button(h.card(fresh.id), 'arrive') });
    expect(ok.body?.toast?.type).toBe('success');
    await waitFor(() => cardText(h.card(freshStatus.id)).includes('已报到'), 'the fresh status card updated');
  });

  it('a PATCH Lark refuses with 230031 is not lost: the bot posts a fresh card instead', async () => {
    const c = await whistleCase(h, '三里屯路口有人私搭乱建，加盖了一间板房');
    const s = await summons(c.number);
    h.emu.fail({
      op: 'message.patch',
      status: 400,
      code: 230031,
      msg: 'The message is more than 14 days old',
      times: 1,
    });
    await h.emu.click({ messageId: s.id, from: 'ou_cg_1', value: button(h.card(s.id), 'arrive') });
    await waitFor(
      () =>
        h.botCards(CMD).some((m) => m.parentId === c.statusId && cardText(JSON.parse(m.content)).includes('已报到')),
      'a fresh status card showing the arrival',
    );
  });
});
