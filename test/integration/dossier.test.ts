import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCjkFont } from '../../src/dossier/dossier-pdf.js';
import { button, getCase, type Harness, startHarness, whistleCase } from '../helpers/harness.js';
import { waitFor } from '../helpers/wait.js';

const CADRE = 'ou_cadre_1';
const LEADER = 'ou_leader_1';
const AUTH = { authorization: 'Bearer test-admin-token-0123456789' };

/** The department's latest card in its chat for this case that still offers `action`. */
const deptCard = (h: Harness, chat: string, caseId: string, action: string) =>
  waitFor(
    () =>
      h
        .botCards(chat)
        .filter((m) => m.content.includes(caseId) && JSON.stringify(h.card(m.id)).includes(`"${action}"`))
        .at(-1),
    `${action} on the card in ${chat}`,
  );

describe('the case dossier (案卷)', () => {
  let h: Harness;
  let caseId = '';
  let number = '';

  beforeAll(async () => {
    h = await startHarness();
    // User text with markup in every place a user can type: the case, a transfer's reason and basis, a rating.
    const c = await whistleCase(h, '治国胡同45号院有人在院内加盖二层 <script>alert("x")</script> & 邻居举报');
    caseId = c.id;
    number = c.number;
    const view = await getCase(h, caseId);
    const onCase = view.departments.map((d) => d.id);
    const from = view.departments.find((d) => d.role !== 'lead') ?? view.departments[0]!;
    const to = h.roster.departments.find((d) => !onCase.includes(d.id))!;
    const fromDept = h.roster.department(from.id)!;
    const card = await deptCard(h, fromDept.chat, caseId, 'transfer');
    const asked = await h.emu.click({
      messageId: card.id,
      from: fromDept.contacts[0]!,
      value: button(h.card(card.id), 'transfer'),
      form: {
        dept: to.id,
        transfer_reason: '不属本部门 <img src=x onerror=alert(1)>',
        basis: '《城乡规划法》第六十四条',
        offsite_reason: '已电话核实，不属本部门 <b>x</b>',
      },
    });
    expect(asked.body?.toast?.type).toBe('success');
    await waitFor(() => JSON.stringify(h.card(c.statusId)).includes('approve_transfer'), 'approve on the status card');
    const approved = await h.emu.click({
      messageId: c.statusId,
      from: LEADER,
      value: button(h.card(c.statusId), 'approve_transfer'),
    });
    expect(approved.body?.toast?.type).toBe('success');
    // Everyone still on the case arrives and finishes; the street accepts and rates the lead.
    const active = (await getCase(h, caseId)).departments.filter((d) => d.status === 'summoned');
    for (const d of active) {
      const dept = h.roster.department(d.id)!;
      const arrive = await deptCard(h, dept.chat, caseId, 'arrive');
      await h.emu.click({ messageId: arrive.id, from: dept.contacts[0]!, value: button(h.card(arrive.id), 'arrive') });
      const done = await deptCard(h, dept.chat, caseId, 'done');
      await h.emu.click({ messageId: done.id, from: dept.contacts[0]!, value: button(h.card(done.id), 'done') });
    }
    await waitFor(() => JSON.stringify(h.card(c.statusId)).includes('"accept"'), 'accept on the status card');
    await h.emu.click({ messageId: c.statusId, from: CADRE, value: button(h.card(c.statusId), 'accept') });
    const lead = view.departments.find((d) => d.role === 'lead')!;
    const rated = await h.emu.click({
      messageId: c.statusId,
      from: CADRE,
      value: button(h.card(c.statusId), 'rate'),
      form: { dept: lead.id, score: '4', note: '处置及时 <b>点赞</b>' },
    });
    expect(rated.body?.toast?.type).toBe('success');
    // The hotline calls the resident back (回访): basically satisfied, with a note carrying markup.
    const fb = await fetch(`${h.svc.url}/api/whistles/${caseId}/feedback`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ result: 'basically_satisfied', note: '还行 <i>再快点</i>' }),
    });
    expect(fb.status).toBe(200);
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
  });

  const dossier = (query = '', headers: Record<string, string> = AUTH) =>
    fetch(`${h.svc.url}/api/whistles/${caseId}/dossier${query}`, { headers });

  it('is one printable A4 HTML document with the case, departments, the 移交单, ratings and the timeline', async () => {
    const res = await dossier();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('size: A4');
    expect(html).toMatch(/font-family: "Noto Serif CJK SC", "Songti SC", "SimSun", serif/);
    expect(html).toContain(number);
    expect(html).toContain('移交单 transfer');
    expect(html).toContain('《城乡规划法》第六十四条');
    expect(html).toContain('已移交 transferred');
    // The 移交单 says the department was not on site, and why (the reason is user text: escaped).
    expect(html).toContain('未到现场 not on site：已电话核实，不属本部门 &lt;b&gt;x&lt;/b&gt;');
    expect(html).toContain('4/5');
    expect(html).toContain('诉求人回访 Resident call-back');
    expect(html).toContain('基本满意');
    expect(html).toContain('还行 &lt;i&gt;再快点&lt;/i&gt;');
    expect(html).toContain('三级过滤 Level');
    for (const action of ['吹哨 whistled', '报到 reported in', '申请移交 transfer requested', '同意移交', '验收通过'])
      expect(html).toContain(action);
  });

  it('escapes every piece of user text', async () => {
    const html = await (await dossier()).text();
    expect(html).not.toMatch(/<script|<img|<b>/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 邻居举报');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('处置及时 &lt;b&gt;点赞&lt;/b&gt;');
  });

  it('needs the admin token and a case that exists', async () => {
    expect((await dossier('', {})).status).toBe(401);
    const missing = await fetch(`${h.svc.url}/api/whistles/nope/dossier`, { headers: AUTH });
    expect(missing.status).toBe(404);
    expect((await dossier('?format=docx')).status).toBe(400);
  });

  it('is a PDF with the Chinese font embedded when the machine has one, else 501 saying what to install', async () => {
    const res = await dossier('?format=pdf');
    if (!(await findCjkFont())) {
      expect(res.status).toBe(501);
      expect(((await res.json()) as { error: string }).error).toContain('fonts-noto-cjk');
      return;
    }
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/FontFile3|\/FontFile2/);
    expect(pdf.toString('latin1')).toContain('/MediaBox [0 0 595.28 841.89]');
  }, 30_000);
});
