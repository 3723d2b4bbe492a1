import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerJobs } from '../../src/ledger/ledger-jobs.js';
import { button, type Harness, startHarness, whistleCase } from '../helpers/harness.js';
import { waitFor } from '../helpers/wait.js';

const APP = 'bascnLedgerTest01';
const TABLE = 'tblLedgerTest01';

/** The street's ledger in a Lark Base: every case one row, written through the outbox, kept in step. */
describe('the ledger in a Lark Base', () => {
  let h: Harness;
  let dir = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'whistle-ledger-'));
    const roster = join(dir, 'roster.yaml');
    writeFileSync(
      roster,
      `${readFileSync('config/roster.example.yaml', 'utf8')}\nledger:\n  app_token: ${APP}\n  table_id: ${TABLE}\n`,
    );
    h = await startHarness({ roster });
  });

  afterAll(async () => {
    await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const rows = () => h.emu.api.bitable.records(APP, TABLE);
  const rowOf = (number: string) => rows().find((r) => r.fields.编号 === number);

  it('keeps a whistled case as one row: number, street, departments with their arrival, status', async () => {
    const c = await whistleCase(h, '工体北路酒吧凌晨还在放大音乐扰民');
    const row = await waitFor(() => rowOf(c.number), 'the case row in the Base');
    expect(row.fields.街道).toBe('三里屯街道');
    expect(row.fields.状态).toBe('办理中');
    expect(row.fields.超期).toBe(false);
    expect(typeof row.fields.吹哨时间).toBe('number');
    const lead = (await h.svc.deps.store.find(c.id))!.depts.find((d) => d.role === 'lead')!;
    const dept = h.roster.department(lead.dept)!;
    const card = await waitFor(
      () => h.botCards(dept.chat).find((m) => m.content.includes(c.id) && m.content.includes('"arrive"')),
      'the summons',
    );
    await h.emu.click({ messageId: card.id, from: dept.contacts[0]!, value: button(h.card(card.id), 'arrive') });
    await waitFor(
      () => String(rowOf(c.number)?.fields.部门).includes(`${dept.name}（牵头）已报到 · 报到`),
      'the arrival on the row',
    );
    expect(typeof rowOf(c.number)!.fields.首次报到).toBe('number');
    expect(rows().filter((r) => r.fields.编号 === c.number)).toHaveLength(1);
  });

  it('a burst of 500 case changes arrives complete, each row with its latest state, in order', async () => {
    const { store, outbox, db } = h.svc.deps;
    const roster = h.roster;
    const CASES = 50;
    const CHANGES = 500;
    const ids = Array.from({ length: CASES }, (_, i) => `w-ledger-${String(i).padStart(3, '0')}`);
    const now = new Date();
    for (const [i, id] of ids.entries())
      await store.insertCase(
        db,
        {
          id,
          street: roster.street.id,
          tier: 'street',
          number: `LDG-${String(i).padStart(3, '0')}`,
          status: 'whistled',
          kind: 'assemble',
          category: null,
          text: `台账测试 ${i}`,
          location: null,
          source: 'api',
          source_ref: null,
          chat_id: 'oc_street_cmd',
          created_by: 'ou_cadre_1',
          created_at: now,
          whistled_at: now,
        },
        [],
      );
    // Lark fails some writes: they are retried, and a row still never goes back to an older state.
    h.emu.fail({ op: 'bitable.record.batch_update', status: 500, code: 1254290, times: 2 });
    h.emu.fail({ op: 'bitable.record.batch_create', status: 500, code: 1254290, times: 1 });
    // Each change is what applyPlan does: the case row changes and the ledger job is written in one transaction.
    await Promise.all(
      Array.from({ length: CHANGES }, async (_, k) => {
        const id = ids[k % CASES]!;
        const written = await store.withCase(id, async (tx, s) => {
          await store.updateCase(tx, id, { location: `第${k}次 ${s!.caseRow.location ?? ''}`.trim().slice(0, 40) });
          const after = (await store.find(id, tx))!;
          return outbox.write(tx, ledgerJobs(after, roster));
        });
        await outbox.relay(written);
      }),
    );
    const latest = new Map(
      (
        await sql<{ number: string; location: string; version: number }>`
          select number, location, version from cases where id like 'w-ledger-%'`.execute(db)
      ).rows.map((r) => [r.number, r]),
    );
    await waitFor(
      () =>
        [...latest.values()].every((c) => {
          const r = rowOf(c.number);
          return r && r.fields.地点 === c.location && r.fields.记录版本 === c.version;
        }),
      'every row at its case’s latest state',
      90_000,
    );
    const burst = rows().filter((r) => String(r.fields.编号).startsWith('LDG-'));
    expect(burst).toHaveLength(CASES); // complete, and no case twice
    for (const r of burst) {
      const versions = r.history.map((w) => w.记录版本 as number);
      expect(versions).toEqual([...versions].sort((a, b) => a - b)); // never an older state after a newer one
      expect(new Set(versions).size).toBe(versions.length);
    }
    // The operators' gauge counts open overdue cases by street.
    await sql`update cases set overdue = true where id in ('w-ledger-000', 'w-ledger-001', 'w-ledger-002')`.execute(db);
    const metrics = await (await fetch(`${h.svc.url}/metrics`)).text();
    expect(metrics).toContain(`whistle_cases_overdue{street="${roster.street.id}"} 3`);
    expect(metrics).toMatch(/^whistle_ready 1$/m);
    // Batches, not one call per change.
    const calls = h.emu.ws.calls.filter((c) => c.op.startsWith('bitable.') && c.status === 200).length;
    expect(calls).toBeLessThan(CHANGES / 5);
  }, 120_000);
});
