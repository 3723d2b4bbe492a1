import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/db/database.js';
import { createLogger } from '../../src/log.js';
import { Plan } from '../../src/whistle/plan.js';
import { WhistleStore } from '../../src/whistle/store.js';
import { fitsOneStatement } from '../../src/whistle/store-plan.js';

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

  it('reads a whole case in one statement, exactly as the tables hold it (timestamps as Dates, lead first)', async () => {
    const summoned = new Date('2026-11-23T02:05:00.123Z');
    await store.insertCase(db, newCase('w-one'), [
      { case_id: 'w-one', dept: 'b-assist', role: 'assist', status: 'summoned', summoned_at: summoned },
      {
        case_id: 'w-one',
        dept: 'z-lead',
        role: 'lead',
        status: 'summoned',
        summoned_at: summoned,
        task: '"引号" \\ 与 {json}',
      },
    ]);
    await db
      .insertInto('presence')
      .values({ case_id: 'w-one', dept: 'z-lead', user_id: 'ou_1', since: summoned, last_seen: summoned })
      .execute();
    await db
      .insertInto('requests')
      .values({
        id: 'r1',
        case_id: 'w-one',
        dept: 'z-lead',
        kind: 'extend',
        status: 'pending',
        extend_ms: 3600_000,
        requested_by: 'ou_1',
        requested_at: summoned,
      })
      .execute();
    const s = (await store.find('w-one'))!;
    expect(s.depts.map((d) => d.dept)).toEqual(['z-lead', 'b-assist']);
    expect(s.depts[0]!.summoned_at).toEqual(summoned);
    expect(s.depts[0]!.arrived_at).toBeNull();
    expect(s.depts[0]!.task).toBe('"引号" \\ 与 {json}');
    const direct = await db.selectFrom('case_departments').selectAll().where('case_id', '=', 'w-one').execute();
    expect(new Set(s.depts)).toEqual(new Set(direct));
    expect(s.presence).toEqual(await db.selectFrom('presence').selectAll().where('case_id', '=', 'w-one').execute());
    expect(s.requests).toEqual(await db.selectFrom('requests').selectAll().where('case_id', '=', 'w-one').execute());
    expect(await store.withCase('w-one', async (_tx, locked) => locked)).toEqual(s);
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

  it('a change waiting for the lock sees what the change before it wrote to the departments', async () => {
    await store.insertCase(db, newCase('w-seq'), []);
    // Each adds the department numbered by how many it sees: a stale read would add the same one twice.
    await Promise.all(
      Array.from({ length: 8 }, () =>
        store.withCase('w-seq', async (tx, s) => {
          await store.addDept(tx, {
            case_id: 'w-seq',
            dept: `d${s!.depts.length}`,
            role: 'assist',
            status: 'summoned',
          });
          await store.updateCase(tx, 'w-seq', {});
        }),
      ),
    );
    const s = await store.find('w-seq');
    expect(s?.depts.map((d) => d.dept).sort()).toEqual(['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7']);
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
  it('writes a plan in one statement and returns exactly the state a read gives afterwards', async () => {
    const t0 = new Date('2026-11-23T02:05:00.123Z');
    const now = new Date('2026-11-23T03:00:00.456Z');
    await store.insertCase(db, newCase('w-plan'), [
      { case_id: 'w-plan', dept: 'gongan', role: 'lead', status: 'summoned', summoned_at: t0 },
      { case_id: 'w-plan', dept: 'chengguan', role: 'assist', status: 'arrived', summoned_at: t0 },
    ]);
    await db
      .insertInto('presence')
      .values([
        { case_id: 'w-plan', dept: 'chengguan', user_id: 'ou_c1', since: t0, last_seen: t0 },
        { case_id: 'w-plan', dept: 'gongan', user_id: 'ou_g1', since: t0, last_seen: t0, until: t0 },
      ])
      .execute();
    await db
      .insertInto('requests')
      .values({
        ...{ id: 'rp1', case_id: 'w-plan', dept: 'chengguan', kind: 'extend', status: 'pending' },
        ...{ extend_ms: 3600_000, requested_by: 'ou_c1', requested_at: t0 },
      })
      .execute();
    const p = new Plan();
    p.patchDept('gongan', { status: 'arrived', arrived_at: now, arrived_by: 'ou_g1' });
    p.presenceOpen.push({ dept: 'gongan', user: 'ou_g1' }, { dept: 'gongan', user: 'ou_g2' });
    p.presenceClose.push({ dept: 'chengguan' });
    p.newRequests.push({ id: 'rp2', dept: 'gongan', kind: 'assist', reason: '需要协助', by: 'ou_g1' });
    p.requestDecisions.push({ id: 'rp1', status: 'approved', by: 'ou_cadre_1' });
    p.patchCase({ status: 'whistled', whistled_at: now });
    p.log({ actor: 'ou_g1', action: 'arrive', dept: 'gongan' });
    expect(fitsOneStatement(p)).toBe(true);
    const after = await store.withCase('w-plan', async (tx, s) => {
      const written = await store.writePlan(tx, s!, p, now);
      expect(written).toEqual(await store.find('w-plan', tx));
      return written;
    });
    expect(after).toEqual(await store.find('w-plan'));
    expect(after.caseRow.version).toBe(1);
    // The ended stay starts anew; the one still open on its own would have kept its first `since`.
    expect(after.presence.find((x) => x.user_id === 'ou_g1')?.since).toEqual(now);
    expect((await store.timeline('w-plan')).map((e) => e.action)).toEqual(['arrive']);
  });

  it('leaves a plan whose writes touch one row twice, or add departments, to one statement each', () => {
    const twice = new Plan();
    twice.presenceClose.push({ dept: 'gongan' });
    twice.presenceOpen.push({ dept: 'gongan', user: 'ou_g1' });
    expect(fitsOneStatement(twice)).toBe(false);
    const added = new Plan();
    added.newDepts.push({ case_id: 'x', dept: 'gongan', role: 'assist', status: 'summoned' });
    expect(fitsOneStatement(added)).toBe(false);
    const moved = new Plan();
    moved.patchDept('gongan', { role: 'lead' });
    expect(fitsOneStatement(moved)).toBe(false);
  });

  it('records a click once with its change: a repeat is seen, a rolled-back change leaves no row', async () => {
    await store.insertCase(db, newCase('w-once'), []);
    const once = (key: string) => ({ key, kind: 'card.action.trigger', payload: '{}', at, alone: async () => true });
    let runs = 0;
    const click = (key: string) =>
      store.withCaseOnce('w-once', once(key), async (tx) => {
        runs += 1;
        await store.updateCase(tx, 'w-once', {});
        return runs;
      });
    // Delivered five times at once: one change, four repeats (they wait on the first's key until it commits).
    const all = await Promise.all(Array.from({ length: 5 }, () => click('card-token:c-1')));
    expect(all.filter((r) => !r.seen)).toHaveLength(1);
    expect(runs).toBe(1);
    expect((await click('card-token:c-1')).seen).toBe(true);
    const failing = store.withCaseOnce('w-once', once('card-token:c-2'), async () => {
      throw new Error('refused');
    });
    await expect(failing).rejects.toThrow('refused');
    expect(await db.selectFrom('inbox').select('key').where('key', '=', 'card-token:c-2').execute()).toEqual([]);
    expect((await store.find('w-once'))?.caseRow.version).toBe(1);
  });
}
