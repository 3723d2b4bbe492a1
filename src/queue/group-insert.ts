import type { Db } from '../db/database.js';

/** One inbox row as a request hands it over. */
export interface InboxRow {
  key: string;
  kind: string;
  payload: string;
  received_at: Date;
  processed_at?: Date;
  /** What the payload was made from, kept so that enqueueing needs no parse; not a column. */
  source?: unknown;
}

interface Waiting {
  row: InboxRow;
  done: (inserted: boolean) => void;
  fail: (err: unknown) => void;
}

/** More rows than this wait for the next statement: bounds the statement's size (6 parameters a row). */
const MAX_ROWS = 500;

/**
 * Group commit for the inbox: rows handed over by concurrent requests are written in one multi-row insert, and
 * each request is answered when the statement holding its row has committed (autocommit: durable on return).
 *
 * The window: while one statement runs, newcomers gather and leave together as soon as it returns. When
 * requests arrive closer together than `windowMs` (a burst, or 500 events/s), a newcomer also waits up to
 * `windowMs` for companions, as PostgreSQL's own commit_delay does only when siblings are active; an idle inbox
 * writes on the next turn of the event loop, so a lone event waits for nothing but its own insert.
 *
 * Dedupe is the unique key as before: `on conflict do nothing returning key` names the rows this statement
 * created. The same key twice inside one batch is one row: the first request gets `true`, the later `false`,
 * exactly as if they had been two statements.
 */
export class GroupInsert {
  #waiting: Waiting[] = [];
  #inFlight = false;
  #scheduled = false;
  /** Statements written and rows they carried (tests and the bench read them). */
  readonly stats = { statements: 0, rows: 0 };
  #lastHandover = Number.NEGATIVE_INFINITY;

  /** `onStored` receives the rows each statement created, once, before their requests are answered. */
  constructor(
    private readonly db: Db,
    private readonly onStored: (rows: InboxRow[]) => void = () => {},
    private readonly windowMs = 1,
  ) {}

  /** Resolves true when this row was stored now, false when its key was stored before (a duplicate). */
  insert(row: InboxRow): Promise<boolean> {
    const now = performance.now();
    const busy = now - this.#lastHandover < this.windowMs;
    this.#lastHandover = now;
    return new Promise<boolean>((done, fail) => {
      this.#waiting.push({ row, done, fail });
      this.#schedule(busy);
    });
  }

  #schedule(busy: boolean): void {
    if (this.#inFlight || this.#scheduled) return;
    this.#scheduled = true;
    const go = () => {
      this.#scheduled = false;
      void this.#flush();
    };
    // Idle: setImmediate, so requests parsed in the same turn still share the statement at no added delay.
    if (busy) setTimeout(go, this.windowMs);
    else setImmediate(go);
  }

  async #flush(): Promise<void> {
    if (this.#inFlight || this.#waiting.length === 0) return;
    this.#inFlight = true;
    const batch = this.#waiting.splice(0, MAX_ROWS);
    try {
      const first = new Map<string, Waiting>();
      for (const w of batch) if (!first.has(w.row.key)) first.set(w.row.key, w);
      // In key order: two instances' statements then lock overlapping keys in the same order and cannot deadlock.
      const rows = [...first.values()].map((w) => w.row).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const created = await this.#write(rows);
      this.onStored([...first.values()].filter((w) => created.has(w.row.key)).map((w) => w.row));
      for (const w of batch) w.done(first.get(w.row.key) === w && created.has(w.row.key));
    } catch (err) {
      // Nothing of this statement was stored: every request in it is refused, and Lark delivers it again.
      for (const w of batch) w.fail(err);
    } finally {
      this.#inFlight = false;
      if (this.#waiting.length) this.#schedule(false);
    }
  }

  async #write(rows: InboxRow[]): Promise<Set<string>> {
    this.stats.statements++;
    this.stats.rows += rows.length;
    const inserted = await this.db
      .insertInto('inbox')
      .values(
        rows.map((r) => ({
          key: r.key,
          kind: r.kind,
          payload: r.payload,
          received_at: r.received_at,
          processed_at: r.processed_at ?? null,
        })),
      )
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .execute();
    return new Set(inserted.map((r) => r.key));
  }
}
