import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CardJson, cardText, getCase, type Harness, startHarness, whistleCase } from '../helpers/harness.js';
import { twoStreets } from '../helpers/two-streets.js';
import { waitFor } from '../helpers/wait.js';

const TEXT = '后海南沿酒吧街有商户占道经营，桌椅摆到路上';

describe('who may read a case: refused without revealing anything', () => {
  let h: Harness;
  let dir: string;
  let c: Awaited<ReturnType<typeof whistleCase>>;
  let summonedContact: string;
  beforeAll(async () => {
    dir = twoStreets();
    h = await startHarness({ roster: dir });
    h.emu.ws.addUser('ou_stranger', '路人甲');
    c = await whistleCase(h, TEXT);
    const lead = (await getCase(h, c.id)).departments.find((d) => d.role === 'lead')!;
    summonedContact = h.roster.department(lead.id)!.contacts[0]!;
  });
  afterAll(async () => {
    await h?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A person sends the bot a message (a DM unless a chat is given) and reads the card it answers with. */
  const ask = async (from: string, text: string, chatId = h.emu.ws.p2pChat(from).id): Promise<CardJson> => {
    const { messageId } = await h.emu.say({ chatId, from, text });
    const reply = await waitFor(() => h.botCards(chatId).find((m) => m.parentId === messageId), `reply to ${text}`);
    return h.card(reply.id);
  };
  /** What a refused person reads, with the number they typed (as the card writes it) taken out. */
  const shape = (card: CardJson) => JSON.stringify(card).replace(/SLT(-|&#45;)\d{8}(-|&#45;)\d+/g, '<n>');

  it('a person in no roster gets the same refusal for a real case as for a number that does not exist', async () => {
    const real = await ask('ou_stranger', `查询 ${c.number}`);
    const text = cardText(real);
    expect(text).toContain('无法查询');
    expect(JSON.stringify(real)).not.toContain('后海');
    expect(JSON.stringify(real)).not.toContain('时间线');
    const unknown = `SLT-${c.number.split('-')[1]}-999`;
    const missing = await ask('ou_stranger', `status ${unknown}`);
    expect(shape(real)).toBe(shape(missing));
    expect(shape(real)).toContain('<n>');
  });

  it('a person in no roster cannot read today, and has nothing to do', async () => {
    const today = await ask('ou_stranger', '今日');
    expect(cardText(today)).toContain('无法查看');
    expect(JSON.stringify(today)).not.toContain(c.number);
    const todo = await ask('ou_stranger', '我的待办');
    expect(JSON.stringify(todo)).not.toContain(c.number);
  });

  it("a cadre of another street reads neither the case nor this street's day, by DM or in their command chat", async () => {
    const dm = await ask('ou_ds_cadre', `查询 ${c.number}`);
    expect(cardText(dm)).toContain('无法查询');
    expect(JSON.stringify(dm)).not.toContain('后海');
    const group = await ask('ou_ds_cadre', `查询 ${c.number}`, 'oc_dongsi_cmd');
    expect(cardText(group)).toContain('无法查询');
    expect(JSON.stringify(group)).not.toContain('后海');
    const todo = await ask('ou_ds_cadre', 'todo');
    expect(JSON.stringify(todo)).not.toContain(c.number);
  });

  it('a department not on the case is refused; the summoned one, the street and the district read it', async () => {
    const other = h.roster.departments.find((d) => !d.contacts.includes(summonedContact))!;
    const refused = await ask(other.contacts[0]!, `查询 ${c.number}`);
    expect(cardText(refused)).toContain('无法查询');
    expect(JSON.stringify(refused)).not.toContain('后海');
    for (const reader of [summonedContact, 'ou_cadre_1', 'ou_district_1']) {
      const card = await ask(reader, `查询 ${c.number}`);
      expect(JSON.stringify(card), reader).toContain('后海');
    }
    expect(cardText(await ask('ou_ds_leader', '今日'))).not.toContain('无法查看');
    expect(cardText(await ask(other.contacts[0]!, '今日'))).toContain('无法查看');
  });
});
