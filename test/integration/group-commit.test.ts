import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/db/database.js';
import { createLogger } from '../../src/log.js';
import { GroupInsert } from '../../src/queue/group-insert.js';
import { DATABASES } from '../helpers/database.js';
import { type Harness, startHarness } from '../helpers/harness.js';
import { sleep, waitFor } from '../helpers/wait.js';

const CMD = 'oc_street_cmd';
const CHATTER = 'oc_dept_chengguan';

for (const database of DATABASES) {
  describe(`group commit of acknowledgements (${database.name})`, () => {
    for (const longConnection of [false, true]) {
      describe(longConnection ? 'long connection' : 'request URL', () => {
        let h: Harness;
        let dropDb: () => Promise<void>;
        beforeAll(async () => {
          const created = await database.create();
          dropDb = created.drop;
          h = await startHarness({ databaseUrl: created.url, longConnection });
        });
        afterAll(async () => {
          await h?.stop();
          await dropDb?.();
        });

        it('the same message delivered three times at once is one case', async () => {
          const cases = Array.from({ length: 5 }, (_, i) =>
            h.emu.compose({ chatId: CMD, from: 'ou_cadre_1', text: `第${i}号：簋街有饭馆把桌子摆到人行道上` }),
          );
          const chatter = Array.from({ length: 25 }, (_, i) =>
            h.emu.compose({ chatId: CHATTER, from: 'ou_cg_1', text: `收到（${i}）`, mentionBot: false }),
          );
          // Each case message three times under three event ids, all at once: Lark dedupes messages by
          // message_id, so the copies are duplicates even though their event ids differ.
          const copies = cases.flatMap((c) => [
            c.envelope,
            { ...c.envelope, header: { ...c.envelope.header, event_id: `${c.envelope.header.event_id}b` } },
            { ...c.envelope, header: { ...c.envelope.header, event_id: `${c.envelope.header.event_id}c` } },
          ]);
          const stored = async () =>
            Number(
              (
                await h.svc.deps.db
                  .selectFrom('inbox')
                  .select((e) => e.fn.countAll().as('n'))
                  .executeTakeFirstOrThrow()
              ).n,
            );
          const rowsBefore = await stored();
          const all = [...copies, ...chatter.map((c) => c.envelope)];
          const statuses = await Promise.all(all.map((e) => h.emu.deliver(e)));
          // On a loaded machine some first tries miss Lark's 3 s; Lark delivers those again (the emulator too).
          if (!longConnection) expect(await h.emu.sender.redeliverUnacknowledged()).toBe(0);
          // Every message is one row, however many copies arrived at once.
          await waitFor(async () => (await stored()) - rowsBefore === cases.length + chatter.length, 'every row');
          expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);

          for (const c of cases)
            await waitFor(() => h.botCards(CMD).some((m) => m.parentId === c.messageId), `draft of ${c.messageId}`);
          await sleep(800);
          for (const c of cases) expect(h.botCards(CMD).filter((m) => m.parentId === c.messageId)).toHaveLength(1);
          const metrics = await (await fetch(`${h.svc.url}/metrics`)).text();
          // Each copy was told apart as a duplicate (a late first try that Lark sent again is one more).
          const duplicates = Number(/whistle_events_total\{outcome="duplicate"\} (\d+)/.exec(metrics)?.[1]);
          expect(duplicates).toBeGreaterThanOrEqual(cases.length * 2);
        });
      });
    }
  });

  describe(`GroupInsert (${database.name})`, () => {
    let db: Db;
    let dropDb: () => Promise<void>;
    beforeAll(async () => {
      const created = await database.create();
      dropDb = created.drop;
      db = (await openDatabase({ url: created.url, dataDir: 'memory', log: createLogger('silent') })).db;
    });
    afterAll(async () => {
      await db?.destroy();
      await dropDb?.();
    });

    const row = (key: string) => ({ key, kind: 'test', payload: '{}', received_at: new Date() });

    it('answers each request only once its row can be read back, and the first of a key wins', async () => {
      const group = new GroupInsert(db);
      const keys = Array.from({ length: 60 }, (_, i) => `gi:${i % 20}`);
      const readBack = await Promise.all(
        keys.map(async (key) => {
          const inserted = await group.insert(row(key));
          const found = await db.selectFrom('inbox').select('key').where('key', '=', key).executeTakeFirst();
          return { key, inserted, found: found?.key === key };
        }),
      );
      expect(readBack.every((r) => r.found)).toBe(true);
      // 20 keys, each handed over three times: exactly one request per key was told it stored the row.
      for (let k = 0; k < 20; k++) expect(readBack.filter((r) => r.key === `gi:${k}` && r.inserted)).toHaveLength(1);
      expect(group.stats.rows).toBe(20);
      expect(group.stats.statements).toBeLessThan(20);
      // A key stored by an earlier statement is a duplicate for a later one.
      expect(await group.insert(row('gi:0'))).toBe(false);
    });

    it('refuses every request of a statement that failed, and stores nothing of it', async () => {
      const group = new GroupInsert(db);
      const bad = { ...row('gi:bad'), received_at: 'not a date' as unknown as Date };
      const results = await Promise.allSettled([group.insert(row('gi:ok-with-bad')), group.insert(bad)]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      const stored = await db
        .selectFrom('inbox')
        .select('key')
        .where('key', 'in', ['gi:ok-with-bad', 'gi:bad'])
        .execute();
      expect(stored).toHaveLength(0);
      // The next statement is not held up by the failed one.
      expect(await group.insert(row('gi:after'))).toBe(true);
    });
  });
}
