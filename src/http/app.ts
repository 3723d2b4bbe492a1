import type { Queue } from 'bullmq';
import express from 'express';
import { createDossierRoutes } from '../dossier/dossier-routes.js';
import { createLarkWebhook, type WebhookOptions } from '../lark/inbound/webhook.js';
import type { Metrics } from '../metrics.js';
import type { Streets } from '../streets/streets.js';
import type { WhistleStore } from '../whistle/store.js';
import { createAdmin } from './admin.js';
import { createApi } from './api.js';
import { jsonErrors, notFound } from './http-errors.js';

/** Every HTTP route on one express app: Lark's webhook, health, metrics, the operators' API and dashboard. */
export function createApp(o: {
  webhook: WebhookOptions;
  metrics: Metrics;
  isReady(): Promise<boolean>;
  store: WhistleStore;
  streets: Streets;
  queues: Queue[];
  adminToken?: string;
  /** ADMIN_QUEUES_WRITE: the queue dashboard may change jobs (retry, clean, pause); read-only otherwise. */
  adminQueuesWrite?: boolean;
  callbackSecret?: string;
  extraRoutes?: (app: express.Express) => void;
}): express.Express {
  const log = o.webhook.log;
  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    const path = req.path;
    // Only matched routes become label values: a path from the request would give every probe its own series.
    res.on('finish', () =>
      o.metrics.httpRequests.inc({
        route: routeLabel(req.baseUrl, req.route?.path, path),
        status: String(res.statusCode),
      }),
    );
    next();
  });
  app.use(createLarkWebhook(o.webhook));
  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
  app.get('/readyz', async (_req, res) => {
    const ready = await o.isReady();
    res.status(ready ? 200 : 503).json({ ready });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(o.metrics.registry.contentType).send(await o.metrics.registry.metrics());
  });
  app.use(createDossierRoutes({ store: o.store, streets: o.streets, adminToken: o.adminToken, log }));
  app.use(
    createApi({ store: o.store, streets: o.streets, adminToken: o.adminToken, callbackSecret: o.callbackSecret, log }),
  );
  app.post('/api/roster/reload', async (_req, res) => {
    // Every street's file; each is validated on its own and a bad one keeps its previous roster.
    const results = await Promise.all(
      o.streets.all().map(async (st) => ({ street: st.id, ...(await st.holder.reload()) })),
    );
    const ok = results.every((r) => r.ok);
    const first = results.find((r) => !r.ok);
    res.status(ok ? 200 : 422).json(results.length === 1 ? results[0] : { ok, results, error: first?.error });
  });
  app.use(createAdmin(o.queues, o.adminToken, log, o.adminQueuesWrite ?? false));
  o.extraRoutes?.(app);
  app.use(notFound(log));
  app.use(jsonErrors(log));
  return app;
}

/** The route pattern that answered (`/api/whistles/:id`), or `unmatched`: never the raw path. */
export function routeLabel(base: string, route: unknown, path: string): string {
  if (typeof route === 'string') return `${base}${route}`;
  if (Array.isArray(route)) return `${base}${route.includes(path) ? path : String(route[0])}`;
  return 'unmatched';
}
