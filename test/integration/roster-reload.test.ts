import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardText, type Harness, startHarness } from '../helpers/harness.js';
import { waitFor } from '../helpers/wait.js';

describe('roster changes without a restart', () => {
  let h: Harness;
  const file = join(mkdtempSync(join(tmpdir(), 'roster-')), 'roster.yaml');
  beforeAll(async () => {
    copyFileSync('config/roster.example.yaml', file);
    h = await startHarness({ roster: file });
  });
  afterAll(async () => {
    await h?.stop();
  });
  const reload = () =>
    fetch(`${h.svc.url}/api/roster/reload`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-admin-token-0123456789' },
    });

  it('keeps the old roster when the new one is invalid, tells the cadres why, and takes a valid one', async () => {
    expect((await fetch(`${h.svc.url}/api/roster/reload`, { method: 'POST' })).status).toBe(401);
    const good = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      good.replace('lead: chengguan, assist: [guihua, zhujian]', 'lead: nobody, assist: [guihua, zhujian]'),
    );
    const bad = await reload();
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: string }).error).toMatch(/roster\.yaml:\d+: unknown department "nobody"/);
    await waitFor(
      () => h.botCards('oc_street_cmd').some((m) => cardText(JSON.parse(m.content)).includes('花名册更新失败')),
      'cadres told',
    );
    expect(h.svc.deps.streets.primary.roster().category('illegal-construction')?.lead).toBe('chengguan');

    writeFileSync(file, good.replace('name: 三里屯街道', 'name: 三里屯街道办事处'));
    expect((await reload()).status).toBe(200);
    expect(h.svc.deps.streets.primary.roster().street.name).toBe('三里屯街道办事处');
  });
});
