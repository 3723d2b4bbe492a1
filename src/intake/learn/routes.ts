import type { Router } from 'express';
import { sendError } from '../../http/http-errors.js';
import type { Logger } from '../../log.js';
import type { Streets } from '../../streets/streets.js';
import type { WhistleStore } from '../../whistle/store.js';
import { listCorrections, undoCorrection } from './store.js';

/** The operator's view of what the streets taught intake (issue 16 item 5), under /api (ADMIN_TOKEN):
 * `GET /api/intake/corrections[?street=]` lists the learnt corrections, newest first (withdrawn ones marked);
 * `POST /api/intake/corrections/:id/undo` withdraws one, so later drafts no longer follow it. */
export function learntRoutes(r: Router, o: { store: WhistleStore; streets: Streets; log: Logger }) {
  r.get('/api/intake/corrections', async (req, res) => {
    const street = typeof req.query.street === 'string' && req.query.street ? req.query.street : undefined;
    if (street && !o.streets.get(street)) return sendError(res, o.log, 404, 'no such street here');
    const items = await o.store.transaction((tx) => listCorrections(tx, street));
    res.json({
      items: items
        .filter((c) => o.streets.get(c.street))
        .map((c) => ({
          ...c,
          decidedAt: c.decidedAt.toISOString(),
          undoneAt: c.undoneAt ? c.undoneAt.toISOString() : null,
        })),
    });
  });
  r.post('/api/intake/corrections/:id/undo', async (req, res) => {
    const by = typeof req.body?.by === 'string' && req.body.by ? req.body.by.slice(0, 80) : 'operator';
    const at = new Date(o.streets.primary.service.deps.clock.now());
    const ok = await o.store.transaction((tx) => undoCorrection(tx, req.params.id, by, at));
    if (!ok) return sendError(res, o.log, 404, 'no such correction in force');
    res.json({ id: req.params.id, undone: true });
  });
}
