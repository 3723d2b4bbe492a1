import type { Router } from 'express';
import type { Roster } from '../roster/roster.js';
import type { Streets } from '../streets/streets.js';
import type { CaseState, WhistleStore } from '../whistle/store.js';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** A 移交单 (seed 002: "填写案件移交单，注明移交原因和相关法规政策依据……限时办结") as the case record holds it: who asked,
 * whether they had been on site (or why not), the reason, the basis, the department it goes to, the street's
 * decision, and the time limit that runs from the transfer with whether it was kept. */
export interface TransferSlip {
  id: string;
  caseNumber: string | null;
  from: string;
  to: string | null;
  reason: string | null;
  basis: string | null;
  onSite: boolean | null;
  offsiteReason: string | null;
  requestedBy: string;
  requestedAt: string | null;
  status: string;
  decidedBy: string | null;
  decidedAt: string | null;
  /** The receiving department's resolve-by, counted from the approval. */
  dueBy: string | null;
  doneAt: string | null;
  /** Not finished by its time limit (done late, or still open past it): 重点督办 in the next evaluation. */
  late: boolean;
}

export function transferSlips(s: CaseState, now: number): TransferSlip[] {
  return s.requests
    .filter((r) => r.kind === 'transfer')
    .map((r) => {
      // The receiving department's row, summoned by this approval (after the request was made).
      const to =
        r.status === 'approved'
          ? s.depts.find((d) => d.dept === r.target && (d.summoned_at?.getTime() ?? 0) >= r.requested_at.getTime())
          : undefined;
      const due = to?.resolve_by ?? null;
      const done = to?.done_at ?? null;
      const late = due !== null && (done ? done > due : now > due.getTime() && to?.status !== 'transferred');
      return {
        id: r.id,
        caseNumber: s.caseRow.number,
        from: r.dept,
        to: r.target,
        reason: r.reason,
        basis: r.basis,
        onSite: r.on_site ?? null,
        offsiteReason: r.offsite_reason ?? null,
        requestedBy: r.requested_by,
        requestedAt: iso(r.requested_at),
        status: r.status,
        decidedBy: r.decided_by,
        decidedAt: iso(r.decided_at),
        dueBy: iso(due),
        doneAt: iso(done),
        late,
      };
    });
}

const CSV_HEAD = [
  '移交单 Slip',
  '案件 Case',
  '移出部门 From',
  '移交至 To',
  '现场核查 On site',
  '理由 Reason',
  '依据 Basis',
  '申请人 Requested by',
  '申请时间 Requested at',
  '审批 Decision',
  '时限 Due by',
  '办结 Done at',
  '超时 Late',
];

function cell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote what could break a row; defuse spreadsheet formulas (=, +, -, @ at the start): the text is user input.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function slipsCsv(slips: TransferSlip[], roster: Roster): string {
  const dept = (id: string | null) => (id ? (roster.department(id)?.name ?? id) : '');
  const rows = slips.map((x) =>
    [
      x.id,
      x.caseNumber,
      dept(x.from),
      dept(x.to),
      x.onSite ? '是' : `否：${x.offsiteReason ?? ''}`,
      x.reason,
      x.basis,
      roster.name(x.requestedBy),
      x.requestedAt,
      x.status,
      x.dueBy,
      x.doneAt,
      x.late ? '是' : '否',
    ].map(cell),
  );
  return `\ufeff${[CSV_HEAD.map(cell), ...rows].map((r) => r.join(',')).join('\r\n')}\r\n`;
}

/** GET /api/whistles/:id/transfer-slips (admin token, like all of /api): the case's 移交单 as JSON, `?format=csv`. */
export function transferSlipRoutes(r: Router, o: { store: WhistleStore; streets: Streets }): void {
  r.get('/api/whistles/:id/transfer-slips', async (req, res) => {
    const format = req.query.format ?? 'json';
    if (format !== 'json' && format !== 'csv') return void res.status(400).json({ error: 'format: json or csv' });
    const s = await o.store.find(String(req.params.id));
    const street = s ? o.streets.get(s.caseRow.street) : undefined;
    if (!s || !street) return void res.status(404).json({ error: 'no such case' });
    const slips = transferSlips(s, street.service.deps.clock.now());
    if (format === 'json') return void res.json({ case: s.caseRow.number ?? s.caseRow.id, slips });
    const file = `transfer-slips-${(s.caseRow.number ?? s.caseRow.id).replace(/[^\w.-]/g, '_')}.csv`;
    res.setHeader('Content-Disposition', `attachment; filename="${file}"`);
    res.type('text/csv; charset=utf-8').send(slipsCsv(slips, street.roster()));
  });
}
