import { timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { districtRoutes } from '../district/routes.js';
import type { Roster } from '../roster/roster.js';
import type { Streets } from '../streets/streets.js';
import type { CaseState, WhistleStore } from '../whistle/store.js';

/** Bearer-token check for /api and /admin; without ADMIN_TOKEN those routes do not exist. */
/** `Authorization: Bearer $ADMIN_TOKEN`, or Basic with the token as the password so that a browser can open the
 * dashboard (it asks once and remembers). */
export function requireAdmin(token: string | undefined, opts: { browser?: boolean } = {}) {
  const expected = token ? Buffer.from(token) : undefined;
  const same = (given: string) => {
    const g = Buffer.from(given);
    return expected !== undefined && g.length === expected.length && timingSafeEqual(g, expected);
  };
  return (req: Request, res: Response, next: NextFunction) => {
    if (!expected) return void res.status(404).json({ error: 'not enabled: set ADMIN_TOKEN' });
    const auth = req.header('authorization') ?? '';
    const basic = /^Basic\s+(.+)$/i.exec(auth)?.[1];
    const password = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':').slice(1).join(':') : undefined;
    if (same(auth.replace(/^Bearer\s+/i, '')) && /^Bearer\s/i.test(auth)) return next();
    if (password !== undefined && same(password)) return next();
    if (opts.browser) res.setHeader('WWW-Authenticate', 'Basic realm="lark-whistle admin", charset="UTF-8"');
    res.status(401).json({ error: 'bearer token required' });
  };
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The case as the interface documents it (GET /api/whistles/:id). */
export function caseJson(s: CaseState, timeline: Awaited<ReturnType<WhistleStore['timeline']>> | undefined) {
  return {
    id: s.c.id,
    number: s.c.number,
    status: s.c.status,
    kind: s.c.kind,
    category: s.c.category,
    street: s.c.street,
    tier: s.c.tier,
    text: s.c.text,
    location: s.c.location,
    source: s.c.source,
    sourceRef: s.c.source_ref,
    overdue: s.c.overdue,
    commander: s.c.commander,
    meeting: s.c.meeting_at
      ? { at: iso(s.c.meeting_at), place: s.c.meeting_place, event_id: s.c.meeting_event_id }
      : null,
    consultation: s.c.consult_at ? { at: iso(s.c.consult_at), by: s.c.consult_by, reason: s.c.consult_reason } : null,
    createdAt: iso(s.c.created_at),
    whistledAt: iso(s.c.whistled_at),
    closedAt: iso(s.c.closed_at),
    departments: s.depts
      .filter((d) => d.status !== 'proposed' || s.c.status === 'draft')
      .map((d) => ({
        id: d.dept,
        role: d.role,
        status: d.status,
        summonedAt: iso(d.summoned_at),
        arriveBy: iso(d.arrive_by),
        resolveBy: iso(d.resolve_by),
        arrivedAt: iso(d.arrived_at),
        doneAt: iso(d.done_at),
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

const createBody = z.object({
  text: z.string().trim().min(1).max(30_000),
  source: z.string().trim().min(1).max(40).default('api'),
  ref: z.string().trim().min(1).max(100).optional(),
  category: z.string().trim().min(1).optional(),
  location: z.string().trim().min(1).max(200).optional(),
  /** Which street the case is for; the first roster's street when omitted. */
  street: z.string().trim().min(1).max(64).optional(),
});

export function createApi(o: { store: WhistleStore; streets: Streets; adminToken?: string }): Router {
  /** `?street=` narrows to one street (404 when it is not served here); without it, every street. */
  const streetParam = (q: unknown): { ok: true; street?: string } | { ok: false } => {
    if (typeof q !== 'string' || !q) return { ok: true };
    return o.streets.get(q) ? { ok: true, street: q } : { ok: false };
  };
  const r = express.Router();
  r.use('/api', requireAdmin(o.adminToken), express.json({ limit: '256kb' }));
  r.get('/api/whistles', async (req, res) => {
    const q = req.query;
    const st = streetParam(q.street);
    if (!st.ok) return void res.status(404).json({ error: 'no such street here' });
    const list = await o.store.list({
      street: st.street,
      status: typeof q.status === 'string' ? q.status.split(',') : undefined,
      dept: typeof q.dept === 'string' ? q.dept : undefined,
      overdue: q.overdue === 'true' ? true : q.overdue === 'false' ? false : undefined,
      from: typeof q.from === 'string' ? new Date(q.from) : undefined,
      to: typeof q.to === 'string' ? new Date(q.to) : undefined,
      limit: Math.min(500, Number(q.limit ?? 100) || 100),
      offset: Number(q.offset ?? 0) || 0,
    });
    res.json({
      items: list.map((c) => ({
        id: c.id,
        number: c.number,
        status: c.status,
        kind: c.kind,
        category: c.category,
        street: c.street,
        overdue: c.overdue,
        createdAt: iso(c.created_at),
      })),
    });
  });
  r.post('/api/whistles', async (req, res) => {
    const body = createBody.safeParse(req.body);
    if (!body.success) {
      const i = body.error.issues[0]!;
      return void res.status(400).json({ error: `${i.path.join('.') || 'body'}: ${i.message}` });
    }
    const street = body.data.street ? o.streets.get(body.data.street) : o.streets.primary;
    if (!street) return void res.status(400).json({ error: `street: not served here "${body.data.street}"` });
    if (body.data.category && !street.roster().category(body.data.category)) {
      return void res.status(400).json({ error: `category: unknown category "${body.data.category}"` });
    }
    const r = await street.service.createFromApi(body.data);
    res.status(r.created ? 201 : 200).json(r);
  });
  r.get('/api/export/whistles.:format', async (req, res) => {
    const st = streetParam(req.query.street);
    if (!st.ok) return void res.status(404).json({ error: 'no such street here' });
    const list = await o.store.list({ street: st.street, limit: 10_000 });
    const full = await Promise.all(list.map(async (c) => caseJson((await o.store.find(c.id))!, undefined)));
    if (req.params.format === 'csv') return void res.type('text/csv; charset=utf-8').send(`\ufeff${casesCsv(full)}`);
    const rosterOf = (street: string) => (o.streets.get(street) ?? o.streets.primary).roster();
    if (req.params.format === 'json') return void res.json(full.map((c) => open311(c, rosterOf(c.street))));
    res.status(404).json({ error: 'csv or json' });
  });
  districtRoutes(r, { store: o.store, streets: o.streets, caseJson });
  r.get('/api/whistles/:id', async (req, res) => {
    const s = await o.store.find(req.params.id);
    if (!s || !o.streets.get(s.c.street)) return void res.status(404).json({ error: 'no such case' });
    res.json(caseJson(s, await o.store.timeline(s.c.id)));
  });
  return r;
}

const CSV_COLUMNS = [
  'number',
  'status',
  'kind',
  'category',
  'location',
  'source',
  'sourceRef',
  'overdue',
  'createdAt',
  'closedAt',
  'departments',
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
      csvCell(k === 'departments' ? c.departments.map((d) => `${d.id}:${d.status}`).join(' ') : c[k]),
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
