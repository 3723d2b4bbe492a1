import type { Router } from 'express';
import type { Streets } from '../streets/streets.js';
import type { CaseState, WhistleStore } from '../whistle/store.js';

type CaseJson = (s: CaseState, timeline: undefined) => Record<string, unknown>;

/** The district's own list (区级专班): cases a street leader raised for 专项会商, newest first, each with its
 * case as `GET /api/whistles/:id` shows it (without the timeline). Behind the admin token like all of /api. */
export function districtRoutes(r: Router, o: { store: WhistleStore; streets: Streets; caseJson: CaseJson }): void {
  r.get('/api/district/consultations', async (req, res) => {
    const street = typeof req.query.street === 'string' && req.query.street ? req.query.street : undefined;
    if (street && !o.streets.get(street)) return void res.status(404).json({ error: 'no such street here' });
    const ids = await o.store.consultations(
      street ? [street] : o.streets.all().map((s) => s.id),
      req.query.open !== 'false',
    );
    const items = [];
    for (const id of ids) {
      const s = await o.store.find(id);
      if (!s) continue;
      items.push({
        at: s.caseRow.consult_at?.toISOString() ?? null,
        by: s.caseRow.consult_by,
        reason: s.caseRow.consult_reason,
        street: s.caseRow.street,
        case: o.caseJson(s, undefined),
      });
    }
    res.json({ items });
  });
}
