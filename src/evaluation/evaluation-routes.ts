import type { Router } from 'express';
import type { Streets } from '../streets/streets.js';
import { loadEvaluation } from './evaluation-jobs.js';
import type { EvaluationStore } from './evaluation-store.js';

/** The street's evaluations of departments (监督管理哨) for the operators' API, behind the admin token like all of
 * /api: `GET /api/evaluations?street=&period=` lists them newest first; `GET /api/evaluations/:id` gives every
 * department's figures, rank, the 督办 cases and the objections with their outcome. */
export function evaluationRoutes(r: Router, o: { evaluations: EvaluationStore; streets: Streets }): void {
  r.get('/api/evaluations', async (req, res) => {
    const street = typeof req.query.street === 'string' && req.query.street ? req.query.street : undefined;
    if (street && !o.streets.get(street)) return void res.status(404).json({ error: 'no such street here' });
    const period = req.query.period;
    if (period !== undefined && period !== 'weekly' && period !== 'monthly')
      return void res.status(400).json({ error: 'period: weekly or monthly' });
    const rows = await o.evaluations.list(street ? [street] : o.streets.all().map((s) => s.id), period);
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
    const ev = await loadEvaluation(o.evaluations, String(req.params.id));
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
