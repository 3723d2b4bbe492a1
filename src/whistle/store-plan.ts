import { type RawBuilder, sql, type Transaction } from 'kysely';
import type { CaseRow, Database, DeptRow, PresenceRow, RequestRow } from '../db/schema.js';
import type { Plan } from './plan.js';
import type { CaseState } from './store.js';
import { presenceClose, presenceUpsert, requestRow } from './store-writes.js';

/** A plan's writes in one statement (issue 22: latency follows statements). Part of the store: case SQL. */

type Tx = Transaction<Database>;
type Decode = <T>(rows: unknown, table: 'case_departments' | 'requests' | 'presence') => T[];

/** Whether one statement can carry all of a plan's writes. The parts of one statement see the same snapshot:
 * a row written twice in it keeps only one of the writes, and a part cannot see a row another part inserts.
 * So: no department added or replaced (an upsert beside its own update), no presence closed and opened in one
 * department, nothing twice; and no department moved in the order cards show them (when summoned, its role),
 * since the state after is the state before with the written rows put in their places. */
export function fitsOneStatement(p: Plan): boolean {
  if (p.replaceProposed || p.newDepts.length > 0 || p.summon.size > 0) return false;
  for (const patch of p.deptPatches.values()) if ('summoned_at' in patch || 'role' in patch) return false;
  const closed = p.presenceClose.map((c) => c.dept);
  const opened = p.presenceOpen.map((o) => `${o.dept}|${o.user}`);
  const decided = p.requestDecisions.map((d) => d.id);
  const unique = (xs: string[]) => new Set(xs).size === xs.length;
  if (!unique(closed) || !unique(opened) || !unique(decided)) return false;
  if (p.presenceOpen.some((o) => closed.includes(o.dept))) return false;
  return !p.newRequests.some((r) => decided.includes(r.id));
}

/** Writes the plan (departments, requests, presence, the case row with its new version, the timeline) in one
 * statement and returns the state after it: the rows each write returned, put in place of the ones before. */
export async function writePlanAtOnce(tx: Tx, s: CaseState, p: Plan, now: Date, decode: Decode): Promise<CaseState> {
  const id = s.caseRow.id;
  const parts: { name: string; table?: 'case_departments' | 'requests' | 'presence'; q: RawBuilder<unknown> }[] = [];
  let n = 0;
  const add = (table: (typeof parts)[number]['table'], q: { compile(): unknown }) =>
    parts.push({ name: `w${n++}`, table, q: sql`${q}` });
  for (const [dept, patch] of p.deptPatches)
    add(
      'case_departments',
      tx.updateTable('case_departments').set(patch).where('case_id', '=', id).where('dept', '=', dept).returningAll(),
    );
  for (const r of p.newRequests)
    add(
      'requests',
      tx
        .insertInto('requests')
        .values(requestRow(id, r, now))
        .returningAll(),
    );
  for (const r of p.requestDecisions)
    add(
      'requests',
      tx
        .updateTable('requests')
        .set({ status: r.status, decided_by: r.by, decided_at: now })
        .where('id', '=', r.id)
        .returningAll(),
    );
  for (const c of p.presenceClose) add('presence', presenceClose(tx, id, c, now).returningAll());
  for (const o of p.presenceOpen) add('presence', presenceUpsert(tx, id, o, now).returningAll());
  if (p.timeline.length)
    add(
      undefined,
      tx.insertInto('timeline').values(
        p.timeline.map((e) => ({
          case_id: id,
          at: now,
          actor: e.actor,
          action: e.action,
          dept: e.dept ?? null,
          note: e.note ?? null,
          ref: e.ref ?? null,
        })),
      ),
    );
  const returned = parts.filter((x) => x.table);
  const update = tx
    .updateTable('cases')
    .set({ ...p.casePatch, version: sql`version + 1` })
    .where('id', '=', id)
    .returningAll()
    .returning(returned.map((x) => sql`(select coalesce(json_agg(r), '[]') from ${sql.table(x.name)} r)`.as(x.name)));
  const ctes = parts.map((x) => sql`${sql.table(x.name)} as (${x.q})`);
  const { rows } = await (ctes.length ? sql`with ${sql.join(ctes)} ${update}` : sql`${update}`).execute(tx);
  const row = rows[0] as (CaseRow & Record<string, unknown>) | undefined;
  if (!row) throw new Error(`case ${id} vanished while locked`);
  const caseRow = { ...row } as CaseRow & Record<string, unknown>;
  for (const x of returned) delete caseRow[x.name];
  const got = <T>(table: (typeof parts)[number]['table']) =>
    returned.filter((x) => x.table === table).flatMap((x) => decode<T>(row[x.name], table!));
  return {
    caseRow,
    depts: replaced(s.depts, got<DeptRow>('case_departments'), (d) => d.dept),
    requests: replaced(s.requests, got<RequestRow>('requests'), (r) => r.id),
    // A resumed stay may start anew (its `since`): readers show presence in the order people came.
    presence: replaced(s.presence, got<PresenceRow>('presence'), (x) => `${x.dept}|${x.user_id}`).sort(
      (a, b) => a.since.getTime() - b.since.getTime(),
    ),
  };
}

/** `before` with each row of `written` in place of the row with its key, new keys at the end. */
function replaced<T>(before: T[], written: T[], key: (row: T) => string): T[] {
  const byKey = new Map(written.map((r) => [key(r), r]));
  const out = before.map((r) => byKey.get(key(r)) ?? r);
  const known = new Set(before.map(key));
  return [...out, ...written.filter((r) => !known.has(key(r)))];
}
