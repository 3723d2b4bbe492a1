import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { button, cardText, getCase, type Harness, reportCase, startHarness } from '../helpers/harness.js';
import { waitFor } from '../helpers/wait.js';

const CMD = 'oc_street_cmd';
const MIN = 60_000;

describe('when Lark refuses a card or an urgent, the street hears about it', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('a refused summons card: the command chat gets the case number and what failed, the timeline records it', async () => {
    const r = await reportCase(h, '治国胡同45号院有人在院内加盖二层，需要认定是否违建');
    // The next card the bot creates (the first summons) is refused as Lark refuses a card it cannot build.
    h.emu.fail({
      op: 'message.create',
      status: 400,
      code: 230099,
      msg: 'Failed to create card content, ext=ErrCode: 11310; ErrMsg: too many elements',
      times: 1,
    });
    await h.emu.click({ messageId: r.draftId, from: 'ou_cadre_1', value: button(h.card(r.draftId), 'confirm') });
    const c = await getCase(h, r.caseId);
    const notice = await waitFor(
      () => h.botCards(CMD).find((m) => m.content.includes('飞书拒收') && m.content.includes(c.number!)),
      'a notice in the command chat',
    );
    const text = cardText(h.card(notice.id));
    expect(text).toContain('召集卡');
    expect(text).toContain('230099');
    expect(JSON.stringify(h.card(notice.id))).toContain('Lark refused a message');
    const after = await getCase(h, r.caseId);
    expect(after.timeline.some((t) => t.action === 'delivery_failed' && String(t.note).includes('230099'))).toBe(true);
  });

  it('an urgent Lark could not deliver to someone is told to the street', async () => {
    const r = await reportCase(h, '三里屯路口有人私搭乱建，加盖了一间板房');
    // The head of 城管 has left the department chat: Lark answers the urgent with him in invalid_user_id_list.
    h.emu.ws.chats.get('oc_dept_chengguan')!.members.delete('ou_cg_head');
    await h.emu.click({ messageId: r.draftId, from: 'ou_cadre_1', value: button(h.card(r.draftId), 'confirm') });
    const c = await getCase(h, r.caseId);
    await waitFor(
      () =>
        h.botCards('oc_dept_chengguan').some((m) => m.content.includes(c.number!) && m.content.includes('"arrive"')),
      'the summons',
    );
    h.clock.advance(30 * MIN + 5_000); // the arrival deadline passes: escalation to the head, with an urgent
    const notice = await waitFor(
      () => h.botCards(CMD).find((m) => m.content.includes('加急未送达') && m.content.includes(c.number!)),
      'the urgent failure told to the street',
    );
    expect(cardText(h.card(notice.id))).toContain('城管·马队长');
    const after = await getCase(h, r.caseId);
    expect(after.timeline.some((t) => t.action === 'urgent_failed')).toBe(true);
  });
});
