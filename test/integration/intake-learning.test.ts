import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodDigest } from '../../src/digest/digest.js';
import { nextMonthMorning } from '../helpers/digest-scenario.js';
import { button, buttons, cardText, getCase, type Harness, reportCase, startHarness, tap } from '../helpers/harness.js';

const API = { authorization: 'Bearer test-admin-token-0123456789', 'content-type': 'application/json' };

/** Issue 16 item 5: the street teaches intake. A cadre's change of lead on a draft is remembered; the next similar
 * report follows it and says so; an operator lists and undoes what was learnt. */
describe('the street teaches intake', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const corrections = async (query = '') => {
    const res = await fetch(`${h.svc.url}/api/intake/corrections${query}`, { headers: API });
    return { status: res.status, body: (await res.json()) as { items: Record<string, unknown>[] } };
  };

  it('follows a correction on a similar case, says so, and stops once an operator undoes it', async () => {
    // The classifier sends stairwell clutter to the fire station; this street's practice is its 平安建设办.
    const first = await reportCase(h, '5号楼楼道里堆满了纸箱和旧家具，居民进出都困难');
    expect(cardText(h.card(first.draftId))).toContain('消防救援站');
    await tap(h, first.draftId, 'ou_cadre_1', 'edit');
    expect((await tap(h, first.draftId, 'ou_cadre_1', 'edit', { dept: 'pingan' })).body?.toast?.type).toBe('success');
    const ok = await h.emu.click({
      messageId: first.draftId,
      from: 'ou_cadre_1',
      value: button(h.card(first.draftId), 'confirm'),
    });
    expect(ok.body?.toast?.type).toBe('success');

    const learnt = await corrections();
    expect(learnt.status).toBe(200);
    expect(learnt.body.items).toHaveLength(1);
    expect(learnt.body.items[0]).toMatchObject({ street: 'sanlitun', fromLead: 'xiaofang', lead: 'pingan' });

    const second = await reportCase(h, '3号楼楼道里堆满了纸箱和杂物，进出很不方便');
    const text = cardText(h.card(second.draftId));
    expect(text).toContain('平安建设办');
    expect(text).toContain(`学习记录编号 ${learnt.body.items[0]!.id}`);
    // Something else entirely is not touched by the correction.
    const other = await reportCase(h, '工体东路一家早餐店后厨卫生很差，有顾客吃了拉肚子');
    expect(cardText(h.card(other.draftId))).not.toContain('学习记录');

    const undo = await fetch(`${h.svc.url}/api/intake/corrections/${learnt.body.items[0]!.id}/undo`, {
      method: 'POST',
      headers: API,
      body: JSON.stringify({ by: 'ops' }),
    });
    expect(undo.status).toBe(200);
    expect((await corrections('?street=sanlitun')).body.items[0]).toMatchObject({ undoneBy: 'ops' });
    const again = await fetch(`${h.svc.url}/api/intake/corrections/${learnt.body.items[0]!.id}/undo`, {
      method: 'POST',
      headers: API,
    });
    expect(again.status).toBe(404);

    const third = await reportCase(h, '7号楼楼道里堆满了纸箱和杂物，进出很不方便');
    expect(cardText(h.card(third.draftId))).toContain('消防救援站');
    expect(cardText(h.card(third.draftId))).not.toContain('学习记录');
    expect((await getCase(h, first.caseId)).status).toBe('whistled');
  });

  it('below the street threshold offers the three likeliest placements, one tap each; a sure draft offers none', async () => {
    const r = await reportCase(h, '楼下饭店油烟很大');
    const card = h.card(r.draftId);
    expect(cardText(card)).toContain('把握不大');
    const picks = buttons(card).filter((b) => b.value.pick);
    expect(picks).toHaveLength(3);
    expect(picks.map((b) => b.label)).toContain('违法建设 · 城管执法队');
    const chosen = picks.find((b) => b.value.pick === 'illegal-construction')!;
    const tapped = await h.emu.click({ messageId: r.draftId, from: 'ou_cadre_1', value: chosen.value });
    expect(tapped.body?.toast?.type).toBe('success');
    expect(cardText(h.card(r.draftId))).toContain('**类别**：违法建设');
    expect((await getCase(h, r.caseId)).category).toBe('illegal-construction');

    const sure = await reportCase(h, '有人在绿地里种菜，把草坪都挖了');
    expect(cardText(h.card(sure.draftId))).not.toContain('把握不大');
    expect(buttons(h.card(sure.draftId)).filter((b) => b.value.pick)).toHaveLength(0);
    await h.emu.click({ messageId: sure.draftId, from: 'ou_cadre_1', value: button(h.card(sure.draftId), 'confirm') });
  });

  it('月通报 counts 首派准确率 (confirmed drafts that kept their lead) and 退单率', async () => {
    // So far: one draft confirmed after its lead was changed, one confirmed as proposed.
    const at = nextMonthMorning(h.clock.now(), h.roster.timezone);
    const card = await periodDigest(h.svc.deps.db, h.roster, 'monthly', at);
    const monthly = cardText(card);
    expect(monthly).toContain('首派准确率 **50.0%**（确认草稿 2 件，未改主责 1 件）');
    expect(monthly).toMatch(/退单率 \*\*0\.0%\*\*（派出 \d+ 件，移交获批 0 件）/);
    expect(JSON.stringify(card)).toContain('First-dispatch accuracy **50.0%**');
  });

  it('answers 404 for a street not served here and refuses without the admin token', async () => {
    expect((await corrections('?street=nowhere')).status).toBe(404);
    const res = await fetch(`${h.svc.url}/api/intake/corrections`);
    expect(res.status).toBe(401);
  });
});
