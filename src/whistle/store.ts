import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type {
  CaseRow,
  CaseUpdate,
  Database,
  DeptRow,
  DeptUpdate,
  NewCase,
  NewDept,
  PresenceRow,
  RequestRow,
  TimelineRow,
} from '../db/schema.js';
import { OPEN_CASE } from './model.js';
import type { Plan } from './plan.js';
import { writePlanAtOnce } from './store-plan.js';

export type Writer = Kysely<Database> | Transaction<Database>;

const AGGREGATED = ['case_departments', 'requests', 'presence'] as const;

/** Rows that travelled as JSON: timestamps back to Dates (the driver's type for them), the rest as they are. */
function decodeRows<T>(rows: unknown, times: Set<string>): T[] {
  const list = (typeof rows === 'string' ? JSON.parse(rows) : rows) as Record<string, unknown>[];
  for (const r of list) for (const k of times) if (typeof r[k] === 'string') r[k] = new Date(r[k] as string);
  return list as T[];
}

/** A case with everything that hangs off it, as one consistent snapshot. */
export interface CaseState {
  caseRow: CaseRow;
  depts: DeptRow[];
  requests: RequestRow[];
  presence: PresenceRow[];
}

/** A click's row in the inbox (dedupe and audit), written with the click's own transaction. */
export interface OnceRow {
  key: string;
  kind: string;
  /** JSON text. */
  payload: string;
  at: Date;
  /** Records the row on its own when the click's transaction rolled back; false when it was stored before. */
  alone(): Promise<boolean>;
}

export interface NewTimelineEntry {
  actor: string;
  action: string;
  dept?: string | null;
  note?: string | null;
  ref?: string | null;
}

/** A request a department files (延期, 转办, 协助…), pending until the street decides. */
export interface NewRequest {
  id: string;
  dept: string;
  kind: string;
  reason?: string;
  basis?: string;
  target?: string;
  extendMs?: number;
  by: string;
  /** 移交单 (首问协查): on site before asking, or why not. */
  onSite?: boolean;
  offsiteReason?: string | null;
}

export interface CaseFilter {
  street?: string;
  status?: string[];
  dept?: string;
  overdue?: boolean;
  from?: Date;
  to?: Date;
  limit?: number;
  offset?: number;
}

/** The system of record for cases, their departments, requests, presence and timeline. One implementation on
 * Kysely serves PGlite and PostgreSQL alike; the contract suite runs against both. */
export class WhistleStore {
  // Private: every query on cases goes through a method here, so the store's contract suite sees all of them.
  readonly #db: Kysely<Database>;
  #times: Promise<Record<(typeof AGGREGATED)[number], Set<string>>> | undefined;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Runs `fn` in one transaction (a new case and its first timeline entry and outbox rows). */
  transaction<T>(fn: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.#db.transaction().execute(fn);
  }

  /** Runs `fn` in a transaction with the case row locked, so concurrent actions on one case take turns. A locked
   * read, then one aggregate read: under READ COMMITTED a statement that waited for the lock still reads the other
   * tables as of its own start, so the departments must be read by a statement that begins after the lock is held
   * (one statement for both recorded twenty taps on 报到 as five arrivals). */
  async withCase<T>(
    id: string,
    fn: (tx: Transaction<Database>, state: CaseState | undefined) => Promise<T>,
  ): Promise<T> {
    return this.#db.transaction().execute(async (tx) => {
      const locked = await tx.selectFrom('cases').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
      return fn(tx, locked ? (await this.#read(tx, sql`c.id = ${id}`))[0] : undefined);
    });
  }

  /** withCase for a click: its dedupe row (the inbox's key) is written by the statement that locks the case, in
   * the same transaction, so the click and its "seen" commit or roll back together. A key stored before
   * (the same click delivered again) answers `seen` and `fn` is not called. A duplicate delivered while the
   * first is still running waits on the key's unique index until the first commits. */
  async withCaseOnce<T>(
    id: string,
    once: OnceRow | undefined,
    fn: (tx: Transaction<Database>, state: CaseState | undefined) => Promise<T>,
  ): Promise<{ seen: true } | { seen: false; value: T }> {
    if (!once) return { seen: false, value: await this.withCase(id, fn) };
    return this.#db.transaction().execute(async (tx) => {
      const { rows } = await sql<{ id: string; fresh: number }>`
        with stored as (insert into inbox (key, kind, payload, received_at, processed_at)
          values (${once.key}, ${once.kind}, ${once.payload}, ${once.at}, ${once.at})
          on conflict (key) do nothing returning key)
        select c.id, (select count(*) from stored)::int as fresh from cases c where c.id = ${id} for update of c`.execute(
        tx,
      );
      // No such case: its refusal rolls the row back; the caller records the click on its own.
      if (rows.length === 0) return { seen: false as const, value: await fn(tx, undefined) };
      if (Number(rows[0]!.fresh) === 0) return { seen: true as const };
      return { seen: false as const, value: await fn(tx, (await this.#read(tx, sql`c.id = ${id}`))[0]) };
    });
  }

  async find(idOrNumber: string, w: Writer = this.#db): Promise<CaseState | undefined> {
    return (await this.#read(w, sql`(c.id = ${idOrNumber} or c.number = ${idOrNumber.toUpperCase()})`))[0];
  }

  /** One statement for a whole case (issue 22: latency follows statements): the case row, and its departments,
   * requests and presence aggregated as JSON beside it. */
  async #read(w: Writer, where: RawBuilder<unknown>, tail: RawBuilder<unknown> = sql``): Promise<CaseState[]> {
    const times = await this.#timestampColumns(w);
    const { rows } = await sql<CaseRow & { _depts: unknown; _requests: unknown; _presence: unknown }>`
      select c.*,
        coalesce((select json_agg(d order by d.summoned_at, d.dept) from case_departments d
          where d.case_id = c.id), '[]') as _depts,
        coalesce((select json_agg(r order by r.requested_at) from requests r where r.case_id = c.id), '[]') as _requests,
        coalesce((select json_agg(p order by p.since) from presence p where p.case_id = c.id), '[]') as _presence
      from cases c where ${where} ${tail}`.execute(w);
    return rows.map(({ _depts, _requests, _presence, ...c }) => {
      const depts = decodeRows<DeptRow>(_depts, times.case_departments);
      // Lead first, then in the order they were summoned.
      depts.sort((a, b) => (a.role === b.role ? 0 : a.role === 'lead' ? -1 : 1));
      return {
        caseRow: c as CaseRow,
        depts,
        requests: decodeRows<RequestRow>(_requests, times.requests),
        presence: decodeRows<PresenceRow>(_presence, times.presence),
      };
    });
  }

  /** A plan's writes in one statement, and the state after them without reading it again (store-plan.ts;
   * only for plans that `fitsOneStatement`). */
  async writePlan(tx: Transaction<Database>, s: CaseState, p: Plan, now: Date): Promise<CaseState> {
    const times = await this.#timestampColumns(tx);
    return writePlanAtOnce(tx, s, p, now, (rows, table) => decodeRows(rows, times[table]));
  }

  /** Which columns of the aggregated tables are timestamps (JSON carries them as text). Asked of the database
   * once, so columns added by later migrations are decoded too. */
  #timestampColumns(w: Writer): Promise<Record<(typeof AGGREGATED)[number], Set<string>>> {
    this.#times ??= sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema() and data_type like 'timestamp%'
        and table_name in ('case_departments', 'requests', 'presence')`
      .execute(w)
      .then(({ rows }) => {
        const out = Object.fromEntries(AGGREGATED.map((t) => [t, new Set<string>()]));
        for (const r of rows) out[r.table_name]?.add(r.column_name);
        return out as Record<(typeof AGGREGATED)[number], Set<string>>;
      })
      .catch((err) => {
        this.#times = undefined; // asked again next time (a database outage)
        throw err;
      });
    return this.#times;
  }

  /** Inserts a new case; false when it already exists (the same message delivered twice). */
  async insertCase(w: Writer, c: NewCase, depts: NewDept[]): Promise<boolean> {
    const r = await w
      .insertInto('cases')
      .values(c)
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    if (depts.length) await w.insertInto('case_departments').values(depts).execute();
    return true;
  }

  async updateCase(w: Writer, id: string, patch: CaseUpdate): Promise<void> {
    await w
      .updateTable('cases')
      .set({ ...patch, version: sql`version + 1` })
      .where('id', '=', id)
      .execute();
  }

  async updateDept(w: Writer, caseId: string, dept: string, patch: DeptUpdate): Promise<void> {
    await w.updateTable('case_departments').set(patch).where('case_id', '=', caseId).where('dept', '=', dept).execute();
  }

  async replaceProposedDepts(w: Writer, caseId: string, depts: NewDept[]): Promise<void> {
    await w.deleteFrom('case_departments').where('case_id', '=', caseId).where('status', '=', 'proposed').execute();
    if (depts.length) await w.insertInto('case_departments').values(depts).execute();
  }

  async addDept(w: Writer, d: NewDept): Promise<void> {
    await w
      .insertInto('case_departments')
      .values(d)
      .onConflict((oc) =>
        oc.columns(['case_id', 'dept']).doUpdateSet({
          role: d.role,
          status: d.status,
          summoned_at: d.summoned_at,
          arrive_by: d.arrive_by,
          resolve_by: d.resolve_by,
          arrived_at: null,
          arrived_by: null,
          done_at: null,
          ended_at: null,
          card_message_id: null,
          escalation_step: 0,
        }),
      )
      .execute();
  }

  async appendTimeline(w: Writer, caseId: string, at: Date, entries: NewTimelineEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await w
      .insertInto('timeline')
      .values(
        entries.map((e) => ({
          case_id: caseId,
          at,
          actor: e.actor,
          action: e.action,
          dept: e.dept ?? null,
          note: e.note ?? null,
          ref: e.ref ?? null,
        })),
      )
      .execute();
  }

  async timeline(caseId: string, w: Writer = this.#db): Promise<TimelineRow[]> {
    return w.selectFrom('timeline').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
  }

  /** The next case number of the day for a street: SLT-20261123-007. */
  async nextNumber(w: Writer, street: string, code: string, day: string): Promise<string> {
    const row = await w
      .insertInto('case_numbers')
      .values({ street, day, seq: 1 })
      .onConflict((oc) => oc.columns(['street', 'day']).doUpdateSet({ seq: sql`case_numbers.seq + 1` }))
      .returning('seq')
      .executeTakeFirstOrThrow();
    return `${code}-${day}-${String(row.seq).padStart(3, '0')}`;
  }

  async list(f: CaseFilter): Promise<CaseRow[]> {
    let q = this.#db.selectFrom('cases').selectAll();
    if (f.street) q = q.where('street', '=', f.street);
    if (f.status?.length) q = q.where('status', 'in', f.status);
    if (f.overdue !== undefined) q = q.where('overdue', '=', f.overdue);
    if (f.from) q = q.where('created_at', '>=', f.from);
    if (f.to) q = q.where('created_at', '<', f.to);
    if (f.dept) {
      const dept = f.dept;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('case_departments as d')
            .select('d.dept')
            .whereRef('d.case_id', '=', 'cases.id')
            .where('d.dept', '=', dept),
        ),
      );
    }
    return q
      .orderBy('created_at', 'desc')
      .limit(f.limit ?? 100)
      .offset(f.offset ?? 0)
      .execute();
  }

  /** The street a case belongs to (routing a click or a timer to its street's service). */
  /** 并单: a street's open cases of one category opened since `since`, newest first (numbered, not merged). */
  async recentOpenCases(w: Writer, street: string, category: string, since: Date, limit = 50) {
    return w
      .selectFrom('cases')
      .select(['id', 'number', 'location'])
      .where('street', '=', street)
      .where('category', '=', category)
      .where('status', 'in', ['whistled', 'reopened', 'resolved'])
      .where('merged_into', 'is', null)
      .where('number', 'is not', null)
      .where('created_at', '>=', since)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  }

  async streetOf(caseId: string): Promise<string | undefined> {
    const r = await this.#db.selectFrom('cases').select('street').where('id', '=', caseId).executeTakeFirst();
    return r?.street;
  }

  /** Open cases and accepted ones, oldest first, a page at a time: the timer sweep walks them all so that an
   * accepted case's leftover timers are dropped too; with `drafts`, drafts as well (a draft's confirm reminder). */
  async openOrAcceptedCases(
    street: string,
    page: { limit?: number; offset?: number; drafts?: boolean } = {},
  ): Promise<CaseState[]> {
    const statuses = [...OPEN_CASE, 'accepted', ...(page.drafts ? ['draft'] : [])];
    return this.#read(
      this.#db,
      sql`c.street = ${street} and c.status in (${sql.join(statuses)})`,
      sql`order by c.created_at, c.id limit ${page.limit ?? 500} offset ${page.offset ?? 0}`,
    );
  }

  /** The case whose status card or original message starts this thread, with its on-site commander. */
  async caseOfThread(rootMessageId: string): Promise<{ id: string; commander: string | null } | undefined> {
    return this.#db
      .selectFrom('cases')
      .select(['id', 'commander'])
      .where((eb) => eb.or([eb('card_message_id', '=', rootMessageId), eb('origin_message_id', '=', rootMessageId)]))
      .executeTakeFirst();
  }

  /** The case and department whose summons card starts this thread. */
  async deptOfThread(rootMessageId: string): Promise<{ id: string; dept: string } | undefined> {
    return this.#db
      .selectFrom('case_departments')
      .select(['case_id as id', 'dept'])
      .where('card_message_id', '=', rootMessageId)
      .executeTakeFirst();
  }

  /** Which Lark message is the case's status card; `firstOnly` keeps the first one (a redelivered send). */
  async setCaseCard(caseId: string, messageId: string, firstOnly: boolean): Promise<void> {
    let q = this.#db.updateTable('cases').set({ card_message_id: messageId }).where('id', '=', caseId);
    if (firstOnly) q = q.where('card_message_id', 'is', null);
    await q.execute();
  }

  async setDeptCard(caseId: string, dept: string, messageId: string): Promise<void> {
    await this.#db
      .updateTable('case_departments')
      .set({ card_message_id: messageId })
      .where('case_id', '=', caseId)
      .where('dept', '=', dept)
      .execute();
  }

  /** The coordination meeting's calendar event of a joint whistle. */
  async setMeetingEvent(caseId: string, eventId: string): Promise<void> {
    await this.#db.updateTable('cases').set({ meeting_event_id: eventId }).where('id', '=', caseId).execute();
  }

  /** Cases a street leader raised for 专项会商 in these streets, newest first. */
  async consultations(streets: string[], openOnly: boolean): Promise<string[]> {
    let q = this.#db
      .selectFrom('cases')
      .select('id')
      .where('consult_at', 'is not', null)
      .where('street', 'in', streets);
    if (openOnly) q = q.where('status', 'in', OPEN_CASE);
    const rows = await q.orderBy('consult_at', 'desc').limit(500).execute();
    return rows.map((r) => r.id);
  }

  /** Readiness: the database answers a query on cases. */
  async ping(): Promise<void> {
    await this.#db.selectFrom('cases').select('id').limit(1).execute();
  }
}
