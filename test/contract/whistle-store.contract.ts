import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/db/database.js';
import { createLogger } from '../../src/log.js';
import { WhistleStore } from '../../src/whistle/store.js';

/** One suite, every database the store must work on. */
export function whistleStoreContract(open: () => Promise<{ url?: string; drop(): Promise<void> }>): void {
  let db: Db;
  let store: WhistleStore;
  let drop: () => Promise<void>;
  const at = new Date('2026-11-23T02:00:00Z');
  const newCase = (id: string, sourceRef: string | null = null) => ({
    id,
    street: 'sanlitun',
    tier: 'street',
    status: 'draft',
    kind: 'assemble',
    category: 'noise',
    text: '三里屯路酒吧街凌晨还在放大音乐',
    location: null,
    source: 'chat',
    source_ref: sourceRef,
    chat_id: 'oc_street_cmd',
    origin_message_id: null,
    created_by: 'ou_cadre_1',
    created_at: at,
  });

  beforeAll(async () => {
    const target = await open();
    drop = target.drop;
    ({ db } = await openDatabase({ url: target.url, dataDir: 'memory', log: createLogger('silent') }));
    store = new WhistleStore(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await drop?.();
  });

  it('inserts a case once, however often the same message arrives', async () => {
    const dept = { case_id: 'w-a', dept: 'gongan', role: 'lead', status: 'proposed' };
    expect(await store.insertCase(db, newCase('w-a'), [dept])).toBe(true);
    expect(await store.insertCase(db, newCase('w-a'), [dept])).toBe(false);
    const s = await store.find('w-a');
    expect(s?.depts.map((d) => d.dept)).toEqual(['gongan']);
  });

  it('keeps one case per external reference', async () => {
    expect(await store.insertCase(db, newCase('w-r1', '12345-0001'), [])).toBe(true);
    expect(await store.insertCase(db, newCase('w-r2', '12345-0001'), [])).toBe(false);
  });

  it('numbers cases per street and day without gaps or repeats under concurrency', async () => {
    const numbers = await Promise.all(
      Array.from({ length: 10 }, () =>
        db.transaction().execute((tx) => store.nextNumber(tx, 'sanlitun', 'SLT', '20261123')),
      ),
    );
    expect(new Set(numbers).size).toBe(10);
    expect(numbers.sort()[0]).toBe('SLT-20261123-001');
    expect(numbers.sort()[9]).toBe('SLT-20261123-010');
    expect(await store.nextNumber(db, 'sanlitun', 'SLT', '20261124')).toBe('SLT-20261124-001');
  });

  it('serialises concurrent changes to one case', async () => {
    await store.insertCase(db, newCase('w-c'), []);
    await Promise.all(
      Array.from({ length: 8 }, () =>
        store.withCase('w-c', async (tx, s) => {
          await store.updateCase(tx, 'w-c', { escalation_step: (s?.caseRow.escalation_step ?? 0) + 1 });
        }),
      ),
    );
    const s = await store.find('w-c');
    expect(s?.caseRow.escalation_step).toBe(8);
    expect(s?.caseRow.version).toBe(8);
  });

  it('keeps the timeline append-only and in order', async () => {
    await store.appendTimeline(db, 'w-a', at, [
      { actor: 'ou_cadre_1', action: 'draft' },
      { actor: 'ou_cadre_1', action: 'confirm', note: 'SLT-20261123-001' },
    ]);
    const t = await store.timeline('w-a');
    expect(t.map((e) => e.action)).toEqual(['draft', 'confirm']);
    await expect(sql`update timeline set note = 'changed'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from timeline`.execute(db)).rejects.toThrow(/append-only/);
  });

  it('finds a case by its number and lists with filters', async () => {
    await store.updateCase(db, 'w-a', { status: 'whistled', number: 'SLT-20261123-099' });
    expect((await store.find('slt-20261123-099'))?.caseRow.id).toBe('w-a');
    expect((await store.list({ street: 'sanlitun', status: ['whistled'] })).map((c) => c.id)).toEqual(['w-a']);
    expect((await store.list({ dept: 'gongan' })).map((c) => c.id)).toEqual(['w-a']);
  });
}
