import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import express, { type Router } from 'express';
import type { Logger } from '../log.js';
import { requireAdmin } from './api.js';
import { sendError } from './http-errors.js';

/** The BullMQ dashboard (bull-board) at /admin/queues, behind ADMIN_TOKEN like the API. Read-only unless the
 * operator sets ADMIN_QUEUES_WRITE=1: a leaked token must not be enough to delete the events waiting to be
 * processed or the cards waiting to be sent. */
export function createAdmin(queues: Queue[], adminToken: string | undefined, log: Logger, writable: boolean): Router {
  const router = express.Router();
  const adapter = new ExpressAdapter();
  adapter.setBasePath('/admin/queues');
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: !writable, allowRetries: writable })),
    serverAdapter: adapter,
  });
  router.use('/admin', requireAdmin(adminToken, { browser: true, log }));
  if (!writable) {
    // bull-board's read-only mode covers its per-queue routes; this also covers any route it adds later.
    router.use('/admin/queues', (req, res, next) => {
      if (req.method === 'GET' || req.method === 'HEAD') return next();
      sendError(res, log, 405, 'the queue dashboard is read-only (set ADMIN_QUEUES_WRITE=1 to change jobs)');
    });
  }
  router.use('/admin/queues', adapter.getRouter());
  return router;
}
