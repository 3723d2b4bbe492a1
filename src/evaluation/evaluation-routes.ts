import type { Router } from 'express';
import type { Streets } from '../streets/streets.js';
import type { WhistleStore } from '../whistle/store.js';
import { loadEvaluation } from './evaluation-jobs.js';

/** The street's evaluations of departments (监督管理哨) for the operators' API, behind the admin token like all of
 * /api: `GET /api/evaluations?street=&period=` lists them newest first; `GET /api/evaluations/:id` gives every
 * department's figures, rank, the 督办 cases and the objections with their outcome. */
export function evaluationRoutes(r: Router, o: { store: WhistleStore; streets: Streets }): void {
  r.get('/api/evaluations', async (req, res) => {
    const street = typeof req.query.street === 'string' && req.query.street ? req.query.street : undefined;
    if (street && !o.streets.get(street)) return void res.status(404).json({ error: 'no such street here' });
    const period = req.query.period;
    if (period !== undefined && period !== 'weekly' && period !== 'monthly')
      return void res.status(400).json({ error: 'period: weekly or monthly' });
    let q = o.store.db
      .selectFrom('evaluations')
      .select(['id', 'street', 'period', 'period_from', 'period_to', 'created_at'])
      .where('street', 'in', street ? [street] : o.streets.all().map((s) => s.id));
    if (period) q = q.where('period', '=', period);
    const rows = await q.orderBy('period_from', 'desc').limit(200).execute();
    res.json({
      items: rows.map((x) => ({
        id: x.id,
        street: x.street,
        period: x.period,
        from: x.period_from.toISOString(),
        to: x.period_to.toISOString(),
        sentAt: x.created_at.toISOString(),
      })),
    });
  });
  r.get('/api/evaluations/:id', async (req, res) => {
    const ev = await loadEvaluation(o.store.db, String(req.params.id));
    if (!ev || !o.streets.get(ev.street)) return void res.status(404).json({ error: 'no such evaluation' });
    res.json({
      id: ev.id,
      street: ev.street,
      period: ev.period,
      from: ev.from.toISOString(),
      to: ev.to.toISOString(),
      departments: ev.evaluation.rows,
      keySupervision: ev.evaluation.lateTransfers,
      objections: ev.objections,
    });
  });
}
