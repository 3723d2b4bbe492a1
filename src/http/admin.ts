import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import express, { type Router } from 'express';
import { requireAdmin } from './api.js';

/** The BullMQ dashboard (bull-board) at /admin/queues, behind ADMIN_TOKEN like the API. */
export function createAdmin(queues: Queue[], adminToken: string | undefined): Router {
  const router = express.Router();
  const adapter = new ExpressAdapter();
  adapter.setBasePath('/admin/queues');
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter: adapter });
  router.use('/admin', requireAdmin(adminToken, { browser: true }));
  router.use('/admin/queues', adapter.getRouter());
  return router;
}
