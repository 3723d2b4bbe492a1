import { timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { clockDeptJson } from '../clocks/clock-json.js';
import { districtRoutes } from '../district/routes.js';
import { evaluationRoutes } from '../evaluation/evaluation-routes.js';
import type { EvaluationStore } from '../evaluation/evaluation-store.js';
import { learntRoutes } from '../intake/learn/routes.js';
import { hasVisibleText } from '../intake/visible.js';
import type { Logger } from '../log.js';
import type { Roster } from '../roster/roster.js';
import type { Streets } from '../streets/streets.js';
import { transferSlipRoutes } from '../transfer-slip/slips.js';
import type { CaseState, WhistleStore } from '../whistle/store.js';
import { feedbackRoute, residentJson } from './feedback-api.js';
import { sendError } from './http-errors.js';

/** Bearer-token check for /api and /admin; without ADMIN_TOKEN those routes do not exist. */
/** `Authorization: Bearer $ADMIN_TOKEN`, or Basic with the token as the password so that a browser can open the
 * dashboard (it asks once and remembers). */
export function requireAdmin(token: string | undefined, opts: { browser?: boolean; log: Logger }) {
  const expected = token ? Buffer.from(token) : undefined;
  const same = (given: string) => {
    const g = Buffer.from(given);
    return expected !== undefined && g.length === expected.length && timingSafeEqual(g, expected);
  };
  return (req: Request, res: Response, next: NextFunction) => {
    if (!expected) return sendError(res, opts.log, 404, 'not enabled: set ADMIN_TOKEN');
    const auth = req.header('authorization') ?? '';
    const basic = /^Basic\s+(.+)$/i.exec(auth)?.[1];
    const password = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':').slice(1).join(':') : undefined;
    if (same(auth.replace(/^Bearer\s+/i, '')) && /^Bearer\s/i.test(auth)) return next();
    if (password !== undefined && same(password)) return next();
    if (opts.browser) res.setHeader('WWW-Authenticate', 'Basic realm="lark-whistle admin", charset="UTF-8"');
    sendError(res, opts.log, 401, 'bearer token required');
  };
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The case as the interface documents it (GET /api/whistles/:id). */
export function caseJson(s: CaseState, timeline: Awaited<ReturnType<WhistleStore['timeline']>> | undefined) {
  return {
    id: s.caseRow.id,
    number: s.caseRow.number,
    status: s.caseRow.status,
    level: s.caseRow.level,
    levelReason: s.caseRow.level_reason,
    /** 并单: how many reports the case stands for, and the case a merged report joined. */
    reporters: s.caseRow.reporters,
    mergedInto: s.caseRow.merged_into,
    kind: s.caseRow.kind,
    category: s.caseRow.category,
    street: s.caseRow.street,
    tier: s.caseRow.tier,
    text: s.caseRow.text,
    location: s.caseRow.location,
    source: s.caseRow.source,
    sourceRef: s.caseRow.source_ref,
    overdue: s.caseRow.overdue,
    commander: s.caseRow.commander,
    meeting: s.caseRow.meeting_at
      ? { at: iso(s.caseRow.meeting_at), place: s.caseRow.meeting_place, event_id: s.caseRow.meeting_event_id }
      : null,
    keySupervision: s.caseRow.key_at ? { at: iso(s.caseRow.key_at), by: s.caseRow.key_by ?? null } : null,
    consultation: s.caseRow.consult_at
      ? { at: iso(s.caseRow.consult_at), by: s.caseRow.consult_by, reason: s.caseRow.consult_reason }
      : null,
    stage: s.caseRow.stage ?? null,
    stageDue: iso(s.caseRow.stage_due),
    shelved: s.caseRow.shelved_at
      ? {
          at: iso(s.caseRow.shelved_at),
          by: s.caseRow.shelved_by,
          reason: s.caseRow.shelve_reason,
          review: iso(s.caseRow.shelve_review),
        }
      : null,
    createdAt: iso(s.caseRow.created_at),
    whistledAt: iso(s.caseRow.whistled_at),
    closedAt: iso(s.caseRow.closed_at),
    result: s.caseRow.result,
    resident: residentJson(s),
    feedback: s.caseRow.feedback_result
      ? { result: s.caseRow.feedback_result, note: s.caseRow.feedback_note, at: iso(s.caseRow.feedback_at) }
      : null,
    departments: s.depts
      .filter((d) => d.status !== 'proposed' || s.caseRow.status === 'draft')
      .map((d) => ({
        id: d.dept,
        role: d.role,
        status: d.status,
        summonedAt: iso(d.summoned_at),
        arriveBy: iso(d.arrive_by),
        resolveBy: iso(d.resolve_by),
        arrivedAt: iso(d.arrived_at),
        doneAt: iso(d.done_at),
        ...clockDeptJson(d),
        /** 到会 at the joint whistle's coordination meeting (src/joint/attendance.ts). */
        attendedAt: iso(d.attended_at),
        onSite: s.presence.filter((p) => p.dept === d.dept && !p.until).map((p) => p.user_id),
        rating: d.rating,
      })),
    requests: s.requests.map((r) => ({
      id: r.id,
      dept: r.dept,
      kind: r.kind,
      status: r.status,
      reason: r.reason,
      basis: r.basis,
      target: r.target,
    })),
    timeline: timeline?.map((t) => ({
      at: iso(t.at),
      actor: t.actor,
      action: t.action,
      dept: t.dept,
      note: t.note,
      ref: t.ref,
    })),
  };
}

/** A date the API accepts: ISO-8601 within years 2000–2100 (a typo such as 9999 is refused, not stored). */
const isoDate = z
  .string()
  .max(40)
  .refine((v) => {
    const t = Date.parse(v);
    return Number.isFinite(t) && t >= Date.UTC(2000, 0, 1) && t < Date.UTC(2100, 0, 1);
  }, 'must be an ISO-8601 date between 2000 and 2100')
  .transform((v) => new Date(v));

const createBody = z.object({
  text: z.string().trim().min(1).max(30_000).refine(hasVisibleText, 'has no visible characters'),
  source: z.string().trim().min(1).max(40).default('api'),
  ref: z.string().trim().min(1).max(100).optional(),
  category: z.string().trim().min(1).optional(),
  location: z.string().trim().min(1).max(200).optional(),
  /** Which street the case is for; the first roster's street when omitted. */
  street: z.string().trim().min(1).max(64).optional(),
  /** 诉求人: kept whole for the street, shown masked. */
  resident: z
    .object({
      name: z.string().trim().min(1).max(50).optional(),
      phone: z
        .string()
        .trim()
        .regex(/^\+?[0-9][0-9 -]{2,22}$/, 'must be a phone number')
        .optional(),
    })
    .strict()
    .optional(),
  /** Where every change of the case's status is POSTed, signed with CALLBACK_SECRET. */
  callback: z
    .string()
    .trim()
    .max(2000)
    .regex(/^https?:\/\/[^\s/]+\S*$/i, 'must be an http:// or https:// URL')
    .optional(),
});

/** `GET /api/whistles` query parameters; a bad one is a 400 that names it, never a silent default or a 500. */
const listQuery = z.object({
  street: z.string().max(64).optional(),
  status: z.string().max(200).optional(),
  dept: z.string().max(64).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

interface ApiDeps {
  store: WhistleStore;
  /** 监督管理哨's evaluations (GET /api/evaluations). */
  evaluations?: EvaluationStore;
  streets: Streets;
  adminToken?: string;
  callbackSecret?: string;
  log: Logger;
}

type Fail = (res: Response, status: number, message: string) => void;

/** `?street=` narrows to one street (404 when it is not served here); without it, every street. */
function streetParam(streets: Streets, q: unknown): { ok: true; street?: string } | { ok: false } {
  if (typeof q !== 'string' || !q) return { ok: true };
  return streets.get(q) ? { ok: true, street: q } : { ok: false };
}

/** The first zod issue as `field: message`, the 400's text. */
function firstIssue(error: z.ZodError, what: string): string {
  const i = error.issues[0]!;
  return `${i.path.join('.') || what}: ${i.message}`;
}

export function createApi(o: ApiDeps): Router {
  const fail: Fail = (res, status, message) => sendError(res, o.log, status, message);
  const r = express.Router();
  r.use('/api', requireAdmin(o.adminToken, { log: o.log }), express.json({ limit: '256kb' }));
  feedbackRoute(r, o);
  listRoute(r, o, fail);
  createRoute(r, o, fail);
  exportRoute(r, o, fail);
  districtRoutes(r, { store: o.store, streets: o.streets, caseJson });
  learntRoutes(r, o);
  transferSlipRoutes(r, { store: o.store, streets: o.streets });
  if (o.evaluations) evaluationRoutes(r, { evaluations: o.evaluations, streets: o.streets });
  r.get('/api/whistles/:id', async (req, res) => {
    const s = await o.store.find(req.params.id);
    if (!s || !o.streets.get(s.caseRow.street)) return fail(res, 404, 'no such case');
    res.json(caseJson(s, await o.store.timeline(s.caseRow.id)));
  });
  return r;
}

/** `GET /api/whistles`: the filtered list, one short line per case. */
function listRoute(r: Router, o: ApiDeps, fail: Fail): void {
  r.get('/api/whistles', async (req, res) => {
    const parsed = listQuery.safeParse(req.query);
    if (!parsed.success) return fail(res, 400, firstIssue(parsed.error, 'query'));
    const q = parsed.data;
    const st = streetParam(o.streets, q.street);
    if (!st.ok) return fail(res, 404, 'no such street here');
    const list = await o.store.list({
      street: st.street,
      status: q.status?.split(','),
      dept: q.dept,
      overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
      from: q.from,
      to: q.to,
      limit: q.limit,
      offset: q.offset,
    });
    res.json({
      items: list.map((c) => ({
        id: c.id,
        number: c.number,
        status: c.status,
        level: c.level,
        kind: c.kind,
        category: c.category,
        street: c.street,
        overdue: c.overdue,
        createdAt: iso(c.created_at),
      })),
    });
  });
}

/** `POST /api/whistles`: a case from a source system (12345, the grid), deduplicated by its source reference. */
function createRoute(r: Router, o: ApiDeps, fail: Fail): void {
  r.post('/api/whistles', async (req, res) => {
    const body = createBody.safeParse(req.body);
    if (!body.success) return fail(res, 400, firstIssue(body.error, 'body'));
    const street = body.data.street ? o.streets.get(body.data.street) : o.streets.primary;
    if (!street) return fail(res, 400, 'street: not served here');
    if (body.data.category && !street.roster().category(body.data.category)) {
      return fail(res, 400, 'category: unknown category');
    }
    // Unsigned callbacks would let anyone forge a case's progress to the source: refuse rather than send them.
    const callback = body.data.callback ?? street.roster().source(body.data.source)?.callback;
    if (callback && !o.callbackSecret) {
      return fail(res, 400, 'callback: CALLBACK_SECRET is not set on this service');
    }
    const created = await street.service.createFromApi(body.data);
    res.status(created.created ? 201 : 200).json(created);
  });
}

/** `GET /api/export/whistles.csv|json`: every case in full (CSV for spreadsheets, Open311-shaped JSON). */
function exportRoute(r: Router, o: ApiDeps, fail: Fail): void {
  r.get('/api/export/whistles.:format', async (req, res) => {
    const st = streetParam(o.streets, req.query.street);
    if (!st.ok) return fail(res, 404, 'no such street here');
    const list = await o.store.list({ street: st.street, limit: 10_000 });
    const full = await Promise.all(list.map(async (c) => caseJson((await o.store.find(c.id))!, undefined)));
    if (req.params.format === 'csv') return void res.type('text/csv; charset=utf-8').send(`\ufeff${casesCsv(full)}`);
    const rosterOf = (street: string) => (o.streets.get(street) ?? o.streets.primary).roster();
    if (req.params.format === 'json') return void res.json(full.map((c) => open311(c, rosterOf(c.street))));
    fail(res, 404, 'csv or json');
  });
}

const CSV_COLUMNS = [
  'number',
  'status',
  'level',
  'kind',
  'category',
  'location',
  'source',
  'sourceRef',
  'overdue',
  'createdAt',
  'closedAt',
  'departments',
  'feedback',
] as const;

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote everything that could break a row, and defuse spreadsheet formulas (=, +, -, @ at the start).
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Cases as CSV rows, one per case, departments as "id:status" joined by spaces. */
export function casesCsv(cases: ReturnType<typeof caseJson>[]): string {
  const rows = cases.map((c) =>
    CSV_COLUMNS.map((k) =>
      csvCell(
        k === 'departments'
          ? c.departments.map((d) => `${d.id}:${d.status}`).join(' ')
          : k === 'feedback'
            ? c.feedback?.result
            : c[k],
      ),
    ).join(','),
  );
  return `${CSV_COLUMNS.join(',')}\n${rows.join('\n')}\n`;
}

/** Open311 GeoReport v2 service requests, the field names city systems read. */
export function open311(c: ReturnType<typeof caseJson>, roster: Roster) {
  const lead = c.departments.find((d) => d.role === 'lead');
  const closed = c.status === 'accepted' || c.status === 'cancelled';
  return {
    service_request_id: c.number ?? c.id,
    status: closed ? 'closed' : 'open',
    status_notes: c.status,
    service_name: c.category ? (roster.category(c.category)?.name ?? c.category) : null,
    service_code: c.category,
    description: c.text,
    agency_responsible: lead ? (roster.department(lead.id)?.name ?? lead.id) : null,
    service_notice: c.overdue ? '重点督办' : null,
    requested_datetime: c.createdAt,
    updated_datetime: c.closedAt ?? c.whistledAt ?? c.createdAt,
    expected_datetime: lead?.resolveBy ?? null,
    address: c.location,
    address_id: null,
    zipcode: null,
    lat: null,
    long: null,
    media_url: null,
  };
}
