import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDistrictDigest } from '../../src/district/district-digest.js';
import { cardText, getCase, type Harness, reportCase, startHarness, tap } from '../helpers/harness.js';
import { twoStreets } from '../helpers/two-streets.js';
import { waitFor } from '../helpers/wait.js';

const ADMIN = { authorization: 'Bearer test-admin-token-0123456789' };
const DISTRICT = 'ou_district_1';

/** A person writes to the bot directly; resolves with the bot's answer card. */
async function ask(h: Harness, user: string, text: string) {
  const chat = `oc_p2p_${user.replace(/^ou_/, '')}`;
  h.emu.ws.p2pChat(user);
  const { messageId } = await h.emu.say({ chatId: chat, from: user, text });
  const reply = await waitFor(() => h.botCards(chat).find((m) => m.parentId === messageId), `answer to ${text}`);
  return cardText(h.card(reply.id));
}

async function whistle(h: Harness, text: string, cadre: string, chat: string) {
  const r = await reportCase(h, text, cadre, chat);
  await tap(h, r.draftId, cadre, 'confirm');
  return { ...r, number: (await getCase(h, r.caseId)).number! };
}

describe('the district above the streets', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    dir = twoStreets({ sharedChengguan: true });
    h = await startHarness({ roster: dir });
  });
  afterAll(async () => {
    await h?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('queries any street, raises 会商, sees every street a person serves, and gets the weekly digest across streets', async () => {
    const slt = await whistle(h, '治国胡同45号院有人在院内加盖二层，需要认定是否违建', 'ou_cadre_1', 'oc_street_cmd');
    const ds = await whistle(h, '东四十条22号院私搭乱建，加盖彩钢房', 'ou_ds_cadre', 'oc_dongsi_cmd');
    expect(slt.number).toMatch(/^SLT-/);
    expect(ds.number).toMatch(/^DS-/);

    // The district reads a case of either street.
    expect(await ask(h, DISTRICT, `查询 ${ds.number}`)).toContain(ds.number);
    expect(await ask(h, DISTRICT, `查询 ${slt.number}`)).toContain(slt.number);

    // 城管's contact serves both streets: 我的待办 lists both cases, each with its street.
    const todo = await ask(h, 'ou_cg_1', '我的待办');
    expect(todo).toContain(slt.number);
    expect(todo).toContain(ds.number);
    expect(todo).toContain('东四街道');

    // 会商: only a leader raises it, with a reason; it lands on the district's list and the district is told.
    const cadre = await tap(h, ds.draftId, 'ou_ds_cadre', 'consult', { note: 'x' });
    expect(cadre.body?.toast?.type).toBe('error');
    const ok = await tap(h, ds.draftId, 'ou_ds_leader', 'consult', { note: '涉及文物保护区，街道层面难以解决' });
    expect(ok.body?.toast?.type).toBe('success');
    const list = (await (await fetch(`${h.svc.url}/api/district/consultations`, { headers: ADMIN })).json()) as {
      items: { reason: string; street: string; by: string; case: { number: string; consultation: unknown } }[];
    };
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      reason: '涉及文物保护区，街道层面难以解决',
      street: 'dongsi',
      by: 'ou_ds_leader',
    });
    expect(list.items[0]!.case.number).toBe(ds.number);
    await waitFor(() => cardText(h.card(ds.draftId)).includes('已提请区级会商'), 'the status card says so');
    expect((await fetch(`${h.svc.url}/api/district/consultations`)).status).toBe(401);
    await waitFor(
      () =>
        h
          .botCards('oc_p2p_district_1')
          .some((m) => m.content.includes(ds.number) && cardText(JSON.parse(m.content)).includes('会商')),
      'the district told of the consultation',
    );

    // The weekly digest across streets: both streets, and 城管 ranked across them.
    h.clock.advance(7 * 86_400_000);
    const deps = { ...h.svc.deps, rosters: () => h.svc.deps.streets.all().map((s) => s.roster()) };
    expect(await sendDistrictDigest(deps)).toBe('sent');
    expect(await sendDistrictDigest(deps)).toBe('already sent');
    const weekly = await waitFor(
      () => h.botCards('oc_p2p_district_1').find((m) => cardText(JSON.parse(m.content)).includes('区级周报')),
      'the district weekly',
    );
    const text = cardText(h.card(weekly.id));
    expect(text).toContain('三里屯街道');
    expect(text).toContain('东四街道');
    expect(text).toMatch(/城管执法队\*\*：召集 2/);
    expect(text).toContain('重点督办');
  });
});
