import { type Answer, err, ok } from './content.js';

/** One Base record as Lark keeps it: the fields last written, and every write in order (tests check the order). */
export interface BitableRecord {
  recordId: string;
  fields: Record<string, unknown>;
  history: Record<string, unknown>[];
}

type Run = (params: Record<string, string>, url: URL, json: Record<string, unknown>) => Answer;

/** Lark Base (多维表格) records: the four record endpoints the ledger uses, with batch limits and client_token
 * idempotency (a retried batch_create with the same token creates nothing new and answers the same records). */
export class BitableStore {
  /** `${app_token}/${table_id}` → record id → record. */
  readonly tables = new Map<string, Map<string, BitableRecord>>();
  readonly #tokens = new Map<string, Answer>();
  #seq = 0;
  /** The most records one batch call may carry, as Lark documents. */
  static readonly BATCH_MAX = 1000;

  records(appToken: string, tableId: string): BitableRecord[] {
    return [...(this.tables.get(`${appToken}/${tableId}`)?.values() ?? [])];
  }

  route(method: string, path: string): { op: string; params: Record<string, string>; run: Run } | undefined {
    const m = /^\/open-apis\/bitable\/v1\/apps\/([^/]+)\/tables\/([^/]+)\/records(?:\/([^/]+))?$/.exec(path);
    if (!m) return undefined;
    const params = { app: m[1]!, table: m[2]!, rest: m[3] ?? '' };
    if (method === 'POST' && params.rest === '')
      return { op: 'bitable.record.create', params, run: (p, u, j) => this.#create(p, u, [j], false) };
    if (method === 'POST' && params.rest === 'batch_create')
      return { op: 'bitable.record.batch_create', params, run: (p, u, j) => this.#create(p, u, j.records, true) };
    if (method === 'POST' && params.rest === 'batch_update')
      return { op: 'bitable.record.batch_update', params, run: (p, _u, j) => this.#update(p, j.records, true) };
    if (method === 'PUT' && params.rest && !params.rest.startsWith('batch_'))
      return {
        op: 'bitable.record.update',
        params,
        run: (p, _u, j) => this.#update(p, [{ record_id: p.rest, fields: j.fields }], false),
      };
    return undefined;
  }

  #table(p: Record<string, string>): Map<string, BitableRecord> {
    const key = `${p.app}/${p.table}`;
    const t = this.tables.get(key) ?? new Map<string, BitableRecord>();
    this.tables.set(key, t);
    return t;
  }

  #create(p: Record<string, string>, u: URL, input: unknown, batch: boolean): Answer {
    const list = Array.isArray(input) ? (input as { fields?: unknown }[]) : undefined;
    if (!list || list.length === 0 || list.length > BitableStore.BATCH_MAX)
      return err(400, 99992402, `field validation failed: records must hold 1 to ${BitableStore.BATCH_MAX} items`);
    if (list.some((r) => !isFields(r?.fields))) return err(400, 99992402, 'field validation failed: fields');
    const token = u.searchParams.get('client_token');
    const key = token ? `${p.app}/${p.table}/${token}` : undefined;
    const seen = key ? this.#tokens.get(key) : undefined;
    if (seen) return seen;
    const t = this.#table(p);
    const out = list.map((r) => {
      const rec: BitableRecord = {
        recordId: `rec${(++this.#seq).toString(36).padStart(8, '0')}`,
        fields: { ...(r.fields as Record<string, unknown>) },
        history: [{ ...(r.fields as Record<string, unknown>) }],
      };
      t.set(rec.recordId, rec);
      return { record_id: rec.recordId, fields: rec.fields };
    });
    const answer = ok(batch ? { records: out } : { record: out[0] });
    if (key) this.#tokens.set(key, answer);
    return answer;
  }

  #update(p: Record<string, string>, input: unknown, batch: boolean): Answer {
    const list = Array.isArray(input) ? (input as { record_id?: unknown; fields?: unknown }[]) : undefined;
    if (!list || list.length === 0 || list.length > BitableStore.BATCH_MAX)
      return err(400, 99992402, `field validation failed: records must hold 1 to ${BitableStore.BATCH_MAX} items`);
    const t = this.#table(p);
    // All or nothing, as Lark's batch endpoints are: check every record before writing any.
    for (const r of list) {
      if (typeof r.record_id !== 'string' || !t.has(r.record_id)) return err(400, 1254043, 'RecordIdNotFound');
      if (!isFields(r.fields)) return err(400, 99992402, 'field validation failed: fields');
    }
    const out = list.map((r) => {
      const rec = t.get(r.record_id as string)!;
      // Lark updates only the fields named; the others keep their values.
      Object.assign(rec.fields, r.fields);
      rec.history.push({ ...(r.fields as Record<string, unknown>) });
      return { record_id: rec.recordId, fields: rec.fields };
    });
    return ok(batch ? { records: out } : { record: out[0] });
  }
}

const isFields = (f: unknown): f is Record<string, unknown> => typeof f === 'object' && f !== null && !Array.isArray(f);
