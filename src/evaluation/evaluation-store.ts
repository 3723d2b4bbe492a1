import type { Insertable } from 'kysely';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, EvaluationsTable, ObjectionsTable } from '../db/schema.js';

/** The evaluations (监督管理哨) and their objections: the one place with their SQL. */
type Db = Kysely<Database>;
type Writer = Db | Transaction<Database>;

export class EvaluationStore {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  transaction<T>(fn: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.#db.transaction().execute(fn);
  }

  /** Repeat cases per department (see evaluation-data.ts): cases taken on in [from, to) whose category and place
   * match a case of the street accepted in the `days` before, counted against that case's lead department. */
  async repeatCases(street: string, from: Date, to: Date, days: number): Promise<Map<string, number>> {
    const rows = await sql<{ dept: string; n: number }>`
      select d.dept, count(distinct c.id) as n
      from cases c
      join cases e on e.street = c.street and e.category = c.category and e.location = c.location and e.id <> c.id
        and e.status = 'accepted' and e.closed_at < c.created_at
        and e.closed_at >= c.created_at - ${sql.raw(`interval '${Math.trunc(days)} days'`)}
      join case_departments d on d.case_id = e.id and d.role = 'lead' and d.status = 'done'
      where c.street = ${street} and c.created_at >= ${from} and c.created_at < ${to} and c.status <> 'cancelled'
      group by d.dept`.execute(this.#db);
    return new Map(rows.rows.map((r) => [r.dept, Number(r.n)]));
  }

  /** Receiving departments of approved transfers that missed the time limit running from the transfer. */
  async lateTransfers(street: string, from: Date, to: Date) {
    const rows = await sql<{ case_id: string; number: string | null; dept: string; resolve_by: Date; open: boolean }>`
      select d.case_id, c.number, d.dept, d.resolve_by, (d.done_at is null) as open
      from case_departments d
      join cases c on c.id = d.case_id
      where c.street = ${street} and c.status <> 'cancelled' and d.resolve_by is not null
        and exists (select 1 from requests r where r.case_id = d.case_id and r.kind = 'transfer'
                    and r.status = 'approved' and r.target = d.dept and d.summoned_at >= r.requested_at)
        and ((d.done_at is null and d.status in ('summoned', 'arrived') and d.resolve_by < ${to})
             or (d.done_at > d.resolve_by and d.done_at >= ${from} and d.done_at < ${to}))
      order by d.resolve_by`.execute(this.#db);
    return rows.rows.map((r) => ({
      caseId: r.case_id,
      number: r.number ?? r.case_id,
      dept: r.dept,
      resolveBy: new Date(r.resolve_by),
      open: Boolean(r.open),
    }));
  }

  /** Stores an evaluation once: false when this street, period and first day already has one. */
  async insertEvaluation(row: Insertable<EvaluationsTable>): Promise<boolean> {
    const r = await this.#db
      .insertInto('evaluations')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async evaluation(id: string, w: Writer = this.#db) {
    const row = await w.selectFrom('evaluations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const objections = await w
      .selectFrom('objections')
      .selectAll()
      .where('evaluation_id', '=', id)
      .orderBy('filed_at')
      .execute();
    return { row, objections };
  }

  async list(streets: string[], period?: string) {
    let q = this.#db
      .selectFrom('evaluations')
      .select(['id', 'street', 'period', 'period_from', 'period_to', 'created_at'])
      .where('street', 'in', streets);
    if (period) q = q.where('period', '=', period);
    return q.orderBy('period_from', 'desc').limit(200).execute();
  }

  async objection(id: string) {
    return this.#db.selectFrom('objections').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertObjection(tx: Writer, o: Insertable<ObjectionsTable>) {
    await tx.insertInto('objections').values(o).execute();
  }

  /** Decides a pending objection; false when it was decided already. */
  async decide(tx: Writer, id: string, status: string, by: string, at: Date): Promise<boolean> {
    const r = await tx
      .updateTable('objections')
      .set({ status, decided_by: by, decided_at: at })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async setFigures(tx: Writer, id: string, figures: string): Promise<void> {
    await tx.updateTable('evaluations').set({ figures }).where('id', '=', id).execute();
  }
}
