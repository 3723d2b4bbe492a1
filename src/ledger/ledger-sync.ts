import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { BaseFields, BaseTable, LarkGateway } from '../lark/transport/gateway.js';
import type { Logger } from '../log.js';
import type { Roster } from '../roster/roster.js';
import type { WhistleStore } from '../whistle/store.js';
import { ledgerFields } from './ledger-row.js';

/** The two columns migration 002 adds to cases; only this module reads or writes them. */
type LedgerColumns = {
  cases: {
    id: string;
    street: string;
    status: string;
    version: number;
    ledger_record_id: string | null;
    ledger_version: number;
    created_at: Date;
  };
};

export interface LedgerDeps {
  db: Db;
  store: WhistleStore;
  gateway: Pick<LarkGateway, 'bitableCreate' | 'bitableUpdate'>;
  roster(street: string): Roster | undefined;
  /** Waits for a slot under Lark's rate limits before each call. */
  acquire(): Promise<void>;
  log: Logger;
}

/** Lark's batch endpoints take up to 1,000 records; 500 keeps one request well under its size limit. */
const BATCH = 500;

/** Lark's client_token is a UUID; the same cases in the same order give the same token, so a batch_create retried
 * after a crash (rows made in Lark, ids not yet stored here) answers the rows it already made. */
function clientToken(ids: string[]): string {
  const h = createHash('sha256').update(ids.join(',')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Brings the street's Base in step: new rows for cases that have none, the latest fields for rows that are behind.
 * Each row is written from the case as it is now, so however many changes piled up, the row ends with the latest;
 * one flush per street runs at a time (the queue coalesces them), so a row never goes back to an older state. */
export async function syncLedger(d: LedgerDeps, street: string): Promise<{ created: number; updated: number }> {
  const roster = d.roster(street);
  const cfg = roster?.data.ledger;
  if (!roster || !cfg) return { created: 0, updated: 0 };
  const base: BaseTable = { appToken: cfg.app_token, tableId: cfg.table_id };
  const db = d.db.withTables<LedgerColumns>();
  let created = 0;
  let updated = 0;
  for (;;) {
    const pending = await db
      .selectFrom('cases')
      .select(['id', 'ledger_record_id'])
      .where('street', '=', street)
      .where('status', '!=', 'draft')
      .whereRef('version', '>', 'ledger_version')
      .orderBy('created_at')
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (pending.length === 0) return { created, updated };
    const fresh = pending.filter((p) => !p.ledger_record_id).map((p) => p.id);
    if (fresh.length > 0) {
      // Rows first, without marking them current: the update below writes what the case is by then, so a
      // batch_create answered from an older client_token never leaves a stale row.
      const states = await Promise.all(fresh.map((id) => d.store.find(id)));
      await d.acquire();
      const ids = await d.gateway.bitableCreate(
        base,
        states.map((s) => ledgerFields(s!, roster)),
        clientToken(fresh),
      );
      await Promise.all(
        fresh.map((id, i) => db.updateTable('cases').set({ ledger_record_id: ids[i]! }).where('id', '=', id).execute()),
      );
      created += fresh.length;
      continue;
    }
    const states = await Promise.all(pending.map((p) => d.store.find(p.id)));
    const records: { recordId: string; fields: BaseFields }[] = [];
    const versions: { id: string; version: number }[] = [];
    pending.forEach((p, i) => {
      const s = states[i];
      if (!s) return;
      records.push({ recordId: p.ledger_record_id!, fields: ledgerFields(s, roster) });
      versions.push({ id: p.id, version: s.caseRow.version });
    });
    if (records.length === 0) return { created, updated };
    await d.acquire();
    await d.gateway.bitableUpdate(base, records);
    // Marked with the version that was written: a change committed meanwhile stays pending for the next round.
    await Promise.all(
      versions.map((v) =>
        db
          .updateTable('cases')
          .set({ ledger_version: v.version })
          .where('id', '=', v.id)
          .where('ledger_version', '<', v.version)
          .execute(),
      ),
    );
    updated += records.length;
    d.log.debug({ street, updated: records.length }, 'ledger rows updated');
  }
}
