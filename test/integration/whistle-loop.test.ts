import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../helpers/database.js';
import { button, cardText, getCase, type Harness, reportCase, startHarness } from '../helpers/harness.js';
import { sleep, waitFor } from '../helpers/wait.js';

const CMD = 'oc_street_cmd';
const CADRE = 'ou_cadre_1';
const LEADER = 'ou_leader_1';

const api = getCase;
const chatCase = (h: Harness, text: string) => reportCase(h, text);

const summonsIn = (h: Harness, chat: string, caseId: string) =>
  h
    .botCards(chat)
    .find(
      (m) => JSON.stringify(JSON.parse(m.content)).includes(`"whistle":"${caseId}"`) && m.content.includes('"arrive"'),
    );

for (const target of DATABASES)
  describe(`the whistle loop on ${target.name}`, () => {
    let h: Harness;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const db = await target.create();
      drop = db.drop;
      h = await startHarness({ databaseUrl: db.url });
    });
    afterAll(async () => {
      await h?.stop();
      await drop?.();
    });

    it('case #1: draft, confirm, arrive, transfer, done, send back, done again, accept, rate', async () => {
      const { draftId, caseId } = await chatCase(
        h,
        '治国胡同45号院有人在院内加盖二层，邻居多次打12345举报，需要认定是否违建',
      );
      const draft = cardText(h.card(draftId));
      expect(draft).toContain('城管执法队');
      expect(draft).toContain('治国胡同45号院');

      // A department contact may not confirm.
      const refused = await h.emu.click({
        messageId: draftId,
        from: 'ou_cg_1',
        value: button(h.card(draftId), 'confirm'),
      });
      expect(refused.body?.toast?.type).toBe('error');
      expect((await api(h, caseId)).status).toBe('draft');

      const ok = await h.emu.click({ messageId: draftId, from: CADRE, value: button(h.card(draftId), 'confirm') });
      expect(ok.body?.toast?.type).toBe('success');
      const whistled = await api(h, caseId);
      expect(whistled.status).toBe('whistled');
      expect(whistled.number).toMatch(/^SLT-\d{8}-\d{3}$/);
      expect(whistled.departments.map((d: { id: string; role: string }) => `${d.id}:${d.role}`).sort()).toEqual(
        ['chengguan:lead', 'guihua:assist', 'zhujian:assist'].sort(),
      );
      // The draft card became the status card, in place.
      expect(cardText(h.card(draftId))).toContain(whistled.number);

      // Summons cards go to exactly the summoned departments' chats, mentioning their contacts.
      const cg = await waitFor(() => summonsIn(h, 'oc_dept_chengguan', caseId), 'chengguan summons');
      const gh = await waitFor(() => summonsIn(h, 'oc_dept_guihua', caseId), 'guihua summons');
      const zj = await waitFor(() => summonsIn(h, 'oc_dept_zhujian', caseId), 'zhujian summons');
      expect(summonsIn(h, 'oc_dept_gongan', caseId)).toBeUndefined();
      expect(cg.content).toContain('<at id=ou_cg_1></at>');
      expect(cardText(h.card(cg.id))).toContain('主责');
      expect(cardText(h.card(gh.id))).toContain('配合');

      // done needs an arrival first
      const early = await h.emu.click({ messageId: cg.id, from: 'ou_cg_1', value: button(h.card(cg.id), 'done') });
      expect(early.body?.toast?.content).toContain('请先报到');

      for (const [msg, who] of [
        [cg, 'ou_cg_1'],
        [gh, 'ou_gh_1'],
      ] as const) {
        const r = await h.emu.click({ messageId: msg.id, from: who, value: button(h.card(msg.id), 'arrive') });
        expect(r.body?.toast?.type).toBe('success');
      }
      // The department card shows who arrived; the status card follows within 2 s.
      expect(cardText(h.card(cg.id))).toContain('已报到');
      await waitFor(
        () => (cardText(h.card(draftId)).match(/已报到/g) ?? []).length === 2,
        'status card shows two arrivals',
        2_000,
      );

      // 住建 asks to transfer (首问协查): reason and basis needed; the street approves; 房管 is replaced by 市场监管.
      const noBasis = await h.emu.click({
        messageId: zj.id,
        from: 'ou_zj_1',
        value: button(h.card(zj.id), 'transfer'),
        form: { dept: 'shichang', transfer_reason: '不属于本部门职责' },
      });
      // basis is a required field: the Lark client does not even call back.
      expect(noBasis.error).toMatch(/required field basis/);
      // 首问协查: not on site (no 报到) and no stated reason: refused, nothing requested.
      const unchecked = await h.emu.click({
        messageId: zj.id,
        from: 'ou_zj_1',
        value: button(h.card(zj.id), 'transfer'),
        form: { dept: 'shichang', transfer_reason: '院内加盖属规划认定', basis: '《城乡规划法》第六十四条' },
      });
      expect(unchecked.error).toMatch(/required field offsite_reason/);
      const asked = await h.emu.click({
        messageId: zj.id,
        from: 'ou_zj_1',
        value: button(h.card(zj.id), 'transfer'),
        form: {
          dept: 'shichang',
          transfer_reason: '院内加盖属规划认定',
          basis: '《城乡规划法》第六十四条',
          offsite_reason: '已调阅审批档案，无住建审批事项',
        },
      });
      expect(asked.body?.toast?.type).toBe('success');
      await waitFor(() => buttons(h, draftId).includes('approve_transfer'), 'approve button on the status card');
      const approve = await h.emu.click({
        messageId: draftId,
        from: LEADER,
        value: button(h.card(draftId), 'approve_transfer'),
      });
      expect(approve.body?.toast?.type).toBe('success');
      const sc = await waitFor(() => summonsIn(h, 'oc_dept_shichang', caseId), 'shichang summons after the transfer');
      expect((await api(h, caseId)).departments.find((d: { id: string }) => d.id === 'zhujian')!.status).toBe(
        'transferred',
      );

      await h.emu.click({ messageId: sc.id, from: 'ou_sc_1', value: button(h.card(sc.id), 'arrive') });
      for (const [msg, who] of [
        [cg, 'ou_cg_1'],
        [gh, 'ou_gh_1'],
        [sc, 'ou_sc_1'],
      ] as const) {
        const r = await h.emu.click({ messageId: msg.id, from: who, value: button(h.card(msg.id), 'done') });
        expect(r.body?.toast?.type).toBe('success');
      }
      expect((await api(h, caseId)).status).toBe('resolved');

      // Send back with a reason: the departments are summoned again.
      await waitFor(() => buttons(h, draftId).includes('reject'), 'reject on the status card');
      const noReason = await h.emu.click({
        messageId: draftId,
        from: CADRE,
        value: button(h.card(draftId), 'reject'),
        form: {},
      });
      expect(noReason.body?.toast?.type).toBe('error');
      await h.emu.click({
        messageId: draftId,
        from: CADRE,
        value: button(h.card(draftId), 'reject'),
        form: { accept_reason: '二层仍未拆除' },
      });
      const reopened = await api(h, caseId);
      expect(reopened.status).toBe('reopened');
      expect(reopened.departments.filter((d: { status: string }) => d.status === 'summoned')).toHaveLength(3);
      const cg2 = await waitFor(
        () =>
          h
            .botCards('oc_dept_chengguan')
            .filter((m) => m.content.includes(whistled.number!))
            .at(1),
        'a second summons to chengguan',
      );
      expect(cardText(h.card(cg2.id))).toContain('退回重办');
      for (const [chat, who] of [
        ['oc_dept_chengguan', 'ou_cg_1'],
        ['oc_dept_guihua', 'ou_gh_1'],
        ['oc_dept_shichang', 'ou_sc_1'],
      ] as const) {
        const m = await waitFor(
          () =>
            h
              .botCards(chat)
              .filter((x) => x.content.includes(caseId) && x.content.includes('"arrive"'))
              .at(-1),
          'summons',
        );
        await h.emu.click({ messageId: m.id, from: who, value: button(h.card(m.id), 'arrive') });
        await h.emu.click({ messageId: m.id, from: who, value: button(h.card(m.id), 'done') });
      }
      expect(cg2).toBeDefined();
      expect((await api(h, caseId)).status).toBe('resolved');

      await waitFor(() => buttons(h, draftId).includes('accept'), 'accept on the status card');
      const accepted = await h.emu.click({ messageId: draftId, from: CADRE, value: button(h.card(draftId), 'accept') });
      expect(accepted.body?.toast?.type).toBe('success');
      const rated = await h.emu.click({
        messageId: draftId,
        from: CADRE,
        value: button(h.card(draftId), 'rate'),
        form: { dept: 'chengguan', score: '4', note: '处置及时' },
      });
      expect(rated.body?.toast?.type).toBe('success');
      const again = await h.emu.click({
        messageId: draftId,
        from: CADRE,
        value: button(h.card(draftId), 'rate'),
        form: { dept: 'chengguan', score: '5' },
      });
      expect(again.body?.toast?.type).toBe('info');

      const final = await api(h, caseId);
      expect(final.status).toBe('accepted');
      expect(final.departments.find((d: { id: string }) => d.id === 'chengguan')!.rating).toBe(4);
      const actions = final.timeline.map((t: { action: string }) => t.action);
      for (const a of [
        'draft',
        'confirm',
        'summon',
        'arrive',
        'transfer_request',
        'approve_transfer',
        'done',
        'resolved',
        'reject',
        'accept',
        'rate',
      ]) {
        expect(actions).toContain(a);
      }
      expect(final.timeline.find((t: { action: string }) => t.action === 'reject')!.note).toBe('二层仍未拆除');
      expect(final.timeline.find((t: { action: string }) => t.action === 'confirm')!.actor).toBe(CADRE);
    });

    it('case #24: a joint whistle to exactly 城管, 公安 and 消防 with tomorrow 09:00 as the deadline', async () => {
      const { draftId, caseId } = await chatCase(h, '请城管、公安、消防明天上午9点前到工体西路6号现场联合处置违建');
      expect(cardText(h.card(draftId))).toContain('联合联动哨');
      await h.emu.click({ messageId: draftId, from: CADRE, value: button(h.card(draftId), 'confirm') });
      const c = await api(h, caseId);
      expect(c.kind).toBe('joint');
      expect(c.location).toBe('工体西路6号');
      expect(c.departments.map((d: { id: string }) => d.id).sort()).toEqual(['chengguan', 'gongan', 'xiaofang']);
      const resolveBy = new Date(c.departments[0]!.resolveBy!);
      const local = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Asia/Shanghai',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(resolveBy);
      expect(local).toBe('09:00');
      for (const chat of ['oc_dept_chengguan', 'oc_dept_gongan', 'oc_dept_xiaofang']) {
        await waitFor(() => summonsIn(h, chat, caseId), `summons in ${chat}`);
      }
      for (const chat of ['oc_dept_guihua', 'oc_dept_zhujian', 'oc_dept_shichang'])
        expect(summonsIn(h, chat, caseId)).toBeUndefined();

      // 联合联动哨: the street gives 公安 its own task and deadline.
      const before = Date.now();
      const set = await h.emu.click({
        messageId: draftId,
        from: CADRE,
        value: button(h.card(draftId), 'set_task'),
        form: { dept: 'gongan', note: '负责现场秩序维护', deadline: '两小时内' },
      });
      expect(set.body?.toast?.type).toBe('success');
      const gongan = (await api(h, caseId)).departments.find((d) => d.id === 'gongan')!;
      const due = new Date(gongan.resolveBy!).getTime() - before;
      expect(due).toBeGreaterThan(2 * 3600_000 - 60_000);
      expect(due).toBeLessThan(2 * 3600_000 + 60_000);
      const ga = await waitFor(() => summonsIn(h, 'oc_dept_gongan', caseId), 'gongan card');
      await waitFor(() => cardText(h.card(ga.id)).includes('负责现场秩序维护'), 'task on the department card');
    });

    it('twenty people tapping 报到 at once record one arrival', async () => {
      const { draftId, caseId } = await chatCase(h, '东四六条胡同里有人私装地锁占车位');
      await h.emu.click({ messageId: draftId, from: CADRE, value: button(h.card(draftId), 'confirm') });
      const cg = await waitFor(() => summonsIn(h, 'oc_dept_chengguan', caseId), 'summons');
      const value = button(h.card(cg.id), 'arrive');
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          h.emu.click({ messageId: cg.id, from: i % 2 ? 'ou_cg_1' : 'ou_cg_2', value }),
        ),
      );
      expect(answers.filter((a) => a.body?.toast?.type === 'success')).toHaveLength(1);
      expect(answers.filter((a) => a.body?.toast?.type === 'info')).toHaveLength(19);
      const c = await api(h, caseId);
      expect(c.timeline.filter((t: { action: string }) => t.action === 'arrive')).toHaveLength(1);
    });

    it('an emergency is whistled at once and the chat is told', async () => {
      const { messageId } = await h.emu.say({
        chatId: CMD,
        from: 'ou_grid_1',
        text: '紧急！春秀路小区地下车库冒烟，疑似起火，有人被困',
      });
      const reply = await waitFor(() => h.botCards(CMD).find((m) => m.parentId === messageId), 'status card');
      const text = cardText(h.card(reply.id));
      expect(text).toContain('应急');
      expect(text).toMatch(/SLT-\d{8}-\d{3}/);
      await waitFor(
        () => h.botCards('oc_dept_xiaofang').some((m) => m.content.includes('"arrive"') && m.content.includes('应急')),
        'fire summons',
      );
    });

    it('user text is shown literally: no injected @all, links or markdown', async () => {
      const evil = '<at id=all></at> [点我](https://evil.example) **加粗** 簋街占道经营';
      const { draftId } = await chatCase(h, evil);
      const card = h.card(draftId);
      const markdown: string[] = [];
      const plain: string[] = [];
      JSON.stringify(card, (_k, v) => {
        if (v && typeof v === 'object' && typeof v.content === 'string')
          (v.tag === 'markdown' ? markdown : v.tag === 'plain_text' ? plain : []).push(v.content);
        return v;
      });
      // Lark parses mentions and links only in markdown; there the text is entity-escaped.
      expect(markdown.join('\n')).not.toContain('<at');
      expect(markdown.join('\n')).not.toContain('](https');
      // The original text is shown as the cadre wrote it, in plain text.
      expect(plain).toContain(evil);
    });
  });

function buttons(h: Harness, id: string): string[] {
  const out: string[] = [];
  JSON.stringify(h.card(id), (k, v) => {
    if (k === 'action' && typeof v === 'string') out.push(v);
    return v;
  });
  return out;
}
void sleep;
