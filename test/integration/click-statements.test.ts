import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../helpers/database.js';
import { button, cardText, type Harness, startHarness, whistleCase } from '../helpers/harness.js';
import { sleep, waitFor } from '../helpers/wait.js';

/** Issue 22: a click's latency follows its database statements. Every statement a click runs is counted here,
 * with everything it sets off (the refresh of the other cards, the timers' re-plan), so the count cannot creep
 * back up unnoticed. PGlite: the statements are the same on PostgreSQL, and it needs no server. */

const summonsIn = (h: Harness, chat: string, caseId: string) =>
  h.botCards(chat).find((m) => m.content.includes(`"whistle":"${caseId}"`) && m.content.includes('"arrive"'));

/** Waits until no statement has run for `quietMs`: the click and everything it set off are done. */
async function quiet(seen: () => number, quietMs = 600): Promise<void> {
  let last = seen();
  for (;;) {
    await sleep(quietMs);
    if (seen() === last) return;
    last = seen();
  }
}

describe('statements per click', () => {
  let h: Harness;
  let drop: () => Promise<void>;
  const statements: string[] = [];
  beforeAll(async () => {
    const db = await DATABASES[0]!.create();
    drop = db.drop;
    // The periodic sweeps would run statements of their own in the middle of the count.
    h = await startHarness({ databaseUrl: db.url, sweepEveryMs: 3_600_000, onStatement: (q) => statements.push(q) });
  });
  afterAll(async () => {
    await h?.stop();
    await drop?.();
  });

  /** Clicks `action` and counts the statements until everything it set off is done. */
  async function counted(messageId: string, from: string, action: string): Promise<string[]> {
    await quiet(() => statements.length);
    const first = statements.length;
    const r = await h.emu.click({ messageId, from, value: button(h.card(messageId), action) });
    expect(r.body?.toast?.type).toBe('success');
    await quiet(() => statements.length);
    return statements.slice(first).map((s) => s.replace(/\s+/g, ' ').slice(0, 120));
  }

  it('报到 and 办结 run at most 12 statements, everything they set off included; 验收 at most 13', async () => {
    const c = await whistleCase(h, '治国胡同45号院有人在院内加盖二层，需要认定是否违建');
    const cg = await waitFor(() => summonsIn(h, 'oc_dept_chengguan', c.id), 'the summons card');
    const gh = await waitFor(() => summonsIn(h, 'oc_dept_guihua', c.id), 'the other summons card');
    const zj = await waitFor(() => summonsIn(h, 'oc_dept_zhujian', c.id), 'the third summons card');

    const arrive = await counted(cg.id, 'ou_cg_1', 'arrive');
    expect(arrive.length, arrive.join('\n')).toBeLessThanOrEqual(12);
    // What the statements saved must not cost what people see: the answer and the refreshed status card.
    expect(cardText(h.card(cg.id))).toContain('已报到');
    await waitFor(() => cardText(h.card(c.statusId)).includes('已报到'), 'the status card shows the arrival');

    const done = await counted(cg.id, 'ou_cg_1', 'done');
    expect(done.length, done.join('\n')).toBeLessThanOrEqual(12);
    for (const [m, who] of [
      [gh, 'ou_gh_1'],
      [zj, 'ou_zj_1'],
    ] as const)
      for (const a of ['arrive', 'done'])
        await h.emu.click({ messageId: m.id, from: who, value: button(h.card(m.id), a) });
    await waitFor(() => h.card(c.statusId) && JSON.stringify(h.card(c.statusId)).includes('"accept"'), '验收');
    // 10 here; each of its three refreshes reads once more if it waited past 300 ms (a loaded machine).
    const accept = await counted(c.statusId, 'ou_cadre_1', 'accept');
    expect(accept.length, accept.join('\n')).toBeLessThanOrEqual(13);
    // Every department's card follows the closed case.
    await waitFor(() => !JSON.stringify(h.card(cg.id)).includes('"done"'), 'the summons card closed');
  });
});
