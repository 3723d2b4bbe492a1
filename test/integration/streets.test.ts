import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { button, getCase, type Harness, reportCase, startHarness, tap } from '../helpers/harness.js';
import { twoStreets } from '../helpers/two-streets.js';
import { waitFor } from '../helpers/wait.js';

const ADMIN = { authorization: 'Bearer test-admin-token-0123456789', 'content-type': 'application/json' };

describe('several streets in one deployment', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    dir = twoStreets({ sharedChengguan: true, trustHotline: true });
    h = await startHarness({ roster: dir });
  });
  afterAll(async () => {
    await h?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('each street whistles in its own chat, with its own numbers, departments and people', async () => {
    const ds = await reportCase(h, '东四十条有商户占道经营，桌椅摆到人行道上', 'ou_ds_cadre', 'oc_dongsi_cmd');
    // A cadre of the other street may not confirm it.
    const refused = await tap(h, ds.draftId, 'ou_cadre_1', 'confirm');
    expect(refused.body?.toast?.type).toBe('error');
    const ok = await tap(h, ds.draftId, 'ou_ds_cadre', 'confirm');
    expect(ok.body?.toast).toMatchObject({ type: 'success' });
    const c = await getCase(h, ds.caseId);
    expect(c.street).toBe('dongsi');
    expect(c.number).toMatch(/^DS-\d{8}-001$/);
    const lead = c.departments.find((d) => d.role === 'lead')!;
    expect(lead.id).toBe('chengguan');
    // Its 市场 part goes to 东四's 市场 chat, not 三里屯's; 城管's shared chat gets the card.
    await waitFor(() => h.botCards('oc_dept_chengguan').some((m) => m.content.includes(c.number!)), 'shared chat');
    for (const d of c.departments.filter((x) => x.id !== 'chengguan'))
      await waitFor(() => h.botCards(`oc_ds_${d.id}`).some((m) => m.content.includes(c.number!)), `oc_ds_${d.id}`);
    expect(h.botCards('oc_dept_shichang').some((m) => m.content.includes(c.number!))).toBe(false);

    const slt = await reportCase(h, '南锣鼓巷有无照经营的小摊卖过期饮料');
    const ok2 = await tap(h, slt.draftId, 'ou_cadre_1', 'confirm');
    expect(ok2.body?.toast?.type).toBe('success');
    const s = await getCase(h, slt.caseId);
    expect(s.street).toBe('sanlitun');
    expect(s.number).toMatch(/^SLT-\d{8}-001$/);

    // A contact of 东四's 市场 can arrive on 东四's case; 三里屯's 市场 contact cannot.
    const dsShichang = c.departments.find((d) => d.id === 'shichang');
    if (dsShichang) {
      const card = h.botCards('oc_ds_shichang').find((m) => m.content.includes(c.number!))!;
      const value = button(h.card(card.id), 'arrive');
      expect((await h.emu.click({ messageId: card.id, from: 'ou_sc_1', value })).body?.toast?.type).toBe('error');
      expect((await h.emu.click({ messageId: card.id, from: 'ou_ds_shichang_1', value })).body?.toast?.type).toBe(
        'success',
      );
    }
  });

  it('the API lists, creates and exports per street', async () => {
    const created = await fetch(`${h.svc.url}/api/whistles`, {
      method: 'POST',
      headers: ADMIN,
      body: JSON.stringify({
        text: '东四北大街噪音扰民',
        source: '12345',
        ref: 'A-1',
        category: 'noise',
        street: 'dongsi',
      }),
    });
    expect(created.status).toBe(201);
    expect(((await created.json()) as { number: string }).number).toMatch(/^DS-/);
    const unknown = await fetch(`${h.svc.url}/api/whistles`, {
      method: 'POST',
      headers: ADMIN,
      body: JSON.stringify({ text: '噪音', street: 'nowhere' }),
    });
    expect(unknown.status).toBe(400);
    const list = async (q: string) =>
      (
        (await (await fetch(`${h.svc.url}/api/whistles${q}`, { headers: ADMIN })).json()) as {
          items: { street: string }[];
        }
      ).items;
    expect((await list('?street=dongsi')).every((c) => c.street === 'dongsi')).toBe(true);
    expect((await list('?street=dongsi')).length).toBe(2);
    expect(new Set((await list('')).map((c) => c.street))).toEqual(new Set(['dongsi', 'sanlitun']));
    expect((await fetch(`${h.svc.url}/api/whistles?street=nowhere`, { headers: ADMIN })).status).toBe(404);
    const csv = await (await fetch(`${h.svc.url}/api/export/whistles.csv?street=sanlitun`, { headers: ADMIN })).text();
    expect(csv).toContain('SLT-');
    expect(csv).not.toContain('DS-');
  });

  it('digests are scheduled once per street', async () => {
    const schedulers = await h.svc.deps.queues.maintenance.getJobSchedulers();
    const ids = schedulers.map((s) => s.key ?? s.id).sort();
    for (const street of ['sanlitun', 'dongsi'])
      for (const period of ['daily', 'weekly', 'monthly']) expect(ids).toContain(`digest-${period}-${street}`);
    expect(ids).not.toContain('digest-daily');
  });

  it('refuses rosters that claim the same command chat, naming both files', async () => {
    const { loadEnv } = await import('../../src/config/env.js');
    const { startService } = await import('../../src/composition.js');
    const bad = mkdtempSync(join(tmpdir(), 'streets-bad-'));
    copyFileSync('config/roster.example.yaml', join(bad, 'a.yaml'));
    const r = parse(readFileSync('config/roster.example.yaml', 'utf8'));
    r.street.id = 'other';
    r.street.code = 'OTH';
    writeFileSync(join(bad, 'b.yaml'), stringify(r));
    const env = loadEnv({
      LARK_APP_ID: 'cli_a1b2c3d4e5f60718',
      LARK_APP_SECRET: 's',
      LARK_VERIFICATION_TOKEN: 't',
      REDIS_URL: h.redisUrl,
      ROSTER_FILE: bad,
      DATA_DIR: 'memory',
    });
    await expect(startService({ env })).rejects.toThrow(
      /command chat oc_street_cmd appears in both .*a\.yaml and .*b\.yaml/,
    );
    rmSync(bad, { recursive: true, force: true });
  });
});
