import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countElements } from '../../src/lark/cards/card-rules.js';
import { bigRosterYaml } from '../helpers/big-roster.js';
import { button, cardText, getCase, type Harness, reportCase, startHarness, tap } from '../helpers/harness.js';
import { waitFor } from '../helpers/wait.js';

/** Issue 17: a roster of real size (500 categories, 60 departments) must not break the draft card. */
describe('a street with 500 categories and 60 departments', () => {
  let h: Harness;
  beforeAll(async () => {
    const file = join(tmpdir(), `big-roster-${process.pid}.yaml`);
    writeFileSync(file, bigRosterYaml(500, 60));
    h = await startHarness({ roster: file });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('gets its draft with the edit form when it must ask; a search finds any category; the case is whistled', async () => {
    const r = await reportCase(h, '这个事情需要大家一起商量一下');
    const draft = JSON.stringify(h.card(r.draftId));
    expect(Buffer.byteLength(draft)).toBeLessThan(30 * 1024);
    expect(countElements(h.card(r.draftId))).toBeLessThan(200);
    // The bot could not tell the category, so the edit form is there at once, with a search field.
    expect(cardText(h.card(r.draftId))).toContain('搜索');
    const searched = await tap(h, r.draftId, 'ou_cadre_1', 'edit', { search: '第437类' });
    expect(searched.body?.toast?.type).toBe('success');
    expect(JSON.stringify(h.card(r.draftId))).toContain('"value":"category-437"');
    const chosen = await tap(h, r.draftId, 'ou_cadre_1', 'edit', { category: 'category-437' });
    expect(chosen.body?.toast?.type).toBe('success');
    expect(cardText(h.card(r.draftId))).toContain('第437类城市管理综合问题');
    const ok = await h.emu.click({
      messageId: r.draftId,
      from: 'ou_cadre_1',
      value: button(h.card(r.draftId), 'confirm'),
    });
    expect(ok.body?.toast?.type).toBe('success');
    // category-437 is led by dept17 (437 mod 60): its summons arrives in its chat.
    await waitFor(() => h.botCards('oc_dept_17').some((m) => m.content.includes('"arrive"')), 'the summons');
    expect((await getCase(h, r.caseId)).status).toBe('whistled');
  });

  it('a draft the bot understood shows 修改; the first tap brings the edit form (forms only at the root)', async () => {
    const r = await reportCase(h, '幸福里小区门口有人占道经营（问题12号），请处理');
    // Only the confirm form (level and reason) is there before 修改 is tapped.
    expect(JSON.stringify(h.card(r.draftId))).not.toContain('"name":"edit_form"');
    expect(JSON.stringify(h.card(r.draftId))).toContain('"name":"confirm_form"');
    const opened = await tap(h, r.draftId, 'ou_cadre_1', 'edit');
    expect(opened.body?.toast?.type).toBe('success');
    expect(JSON.stringify(h.card(r.draftId))).toContain('"name":"edit_form"');
  });
});
