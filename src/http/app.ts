import type { Queue } from 'bullmq';
import express from 'express';
import { createLarkWebhook, type WebhookOptions } from '../lark/webhook.js';
import type { Metrics } from '../metrics.js';
import type { Streets } from '../streets/streets.js';
import type { WhistleStore } from '../whistle/store.js';
import { createAdmin } from './admin.js';
import { createApi } from './api.js';

/** Every HTTP route on one express app: Lark's webhook, health, metrics, the operators' API and dashboard. */
export function createApp(o: {
  webhook: WebhookOptions;
  metrics: Metrics;
  isReady(): Promise<boolean>;
  store: WhistleStore;
  streets: Streets;
  queues: Queue[];
  adminToken?: string;
  callbackSecret?: string;
  extraRoutes?: (app: express.Express) => void;
}): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    res.on('finish', () =>
      o.metrics.httpRequests.inc({
        route: req.route?.path ?? req.path.split('/').slice(0, 3).join('/'),
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
  app.use(
    createApi({ store: o.store, streets: o.streets, adminToken: o.adminToken, callbackSecret: o.callbackSecret }),
  );
  app.post('/api/roster/reload', (_req, res) => {
    // Every street's file; each is validated on its own and a bad one keeps its previous roster.
    const results = o.streets.all().map((st) => ({ street: st.id, ...st.holder.reload() }));
    const ok = results.every((r) => r.ok);
    const first = results.find((r) => !r.ok);
    res.status(ok ? 200 : 422).json(results.length === 1 ? results[0] : { ok, results, error: first?.error });
  });
  app.use(createAdmin(o.queues, o.adminToken));
  o.extraRoutes?.(app);
  return app;
}
