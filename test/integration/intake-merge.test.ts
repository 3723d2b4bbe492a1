import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  button,
  buttons,
  cardText,
  getCase,
  type Harness,
  reportCase,
  startHarness,
  whistleCase,
} from '../helpers/harness.js';
import { waitFor } from '../helpers/wait.js';

/** Issue 16 item 7 (并单): a new report about an open case (same place and matter, within the roster's window) is
 * offered as "merge into SLT-…"; merging adds a reporter and a timeline entry, and summons nobody again. */
describe('the same matter twice is one case', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const summonses = () => h.botCards('oc_dept_chengguan').filter((m) => m.content.includes('"arrive"')).length;

  it('offers the open case, merges into it without a second summons, and refuses a stranger', async () => {
    const first = await whistleCase(h, '幸福里小区3号楼门口有人占道摆摊卖水果');
    await waitFor(() => summonses() === 1, 'the first summons');

    const again = await reportCase(h, '幸福里小区3号楼门口又有人摆摊占道了');
    expect(cardText(h.card(again.draftId))).toContain('同一地点、同类事项已有在办案件');
    const offer = buttons(h.card(again.draftId)).find((b) => b.value.action === 'merge')!;
    expect(offer.label).toBe(`并入 ${first.number}`);

    const stranger = await h.emu.click({ messageId: again.draftId, from: 'ou_cg_1', value: offer.value });
    expect(stranger.body?.toast?.type).toBe('error');

    const merged = await h.emu.click({ messageId: again.draftId, from: 'ou_cadre_1', value: offer.value });
    expect(merged.body?.toast?.type).toBe('success');
    expect(merged.body?.toast?.content).toContain(`已并入 ${first.number}`);

    const target = await getCase(h, first.id);
    expect(target.reporters).toBe(2);
    expect(target.timeline.some((e) => e.action === 'merged' && e.ref === again.caseId)).toBe(true);
    const draft = await getCase(h, again.caseId);
    expect(draft).toMatchObject({ status: 'cancelled', mergedInto: first.id, reporters: 1 });
    // Nobody was summoned for the merged report.
    await new Promise((r) => setTimeout(r, 300));
    expect(summonses()).toBe(1);
  });

  it('offers nothing for another place, or the same place with another matter', async () => {
    const elsewhere = await reportCase(h, '光明里小区5号楼门口有人占道摆摊卖水果');
    expect(buttons(h.card(elsewhere.draftId)).some((b) => b.value.action === 'merge')).toBe(false);
    const otherMatter = await reportCase(h, '幸福里小区3号楼门口的路灯坏了好几天');
    expect(buttons(h.card(otherMatter.draftId)).some((b) => b.value.action === 'merge')).toBe(false);
    expect(button(h.card(otherMatter.draftId), 'confirm')).toBeTruthy();
  });
});
