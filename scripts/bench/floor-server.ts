// The floor for acknowledgement latency: a bare express route on the same machine that reads the body and
// answers 200 `{}`, in its own process like the service.
import express from 'express';

const app = express();
app.post(['/lark/events', '/lark/cards'], express.raw({ type: () => true, limit: '1mb' }), (_req, res) => {
  res.json({});
});
app.get('/readyz', (_req, res) => void res.json({ ready: true }));
app.listen(Number(process.env.PORT), '127.0.0.1');
