import express, { type Request, type Response, type Router } from 'express';
import { jsonErrors, sendError } from '../../http/http-errors.js';
import type { Logger } from '../../log.js';
import { answerCardInTime, ERROR_TOAST } from './card-answer.js';
import { type CardAction, type CardResponse, type Envelope, envelopeSchema, parseCardAction } from './events.js';
import { decryptLarkBody, isValidLarkSignature } from './wire.js';

export interface WebhookOptions {
  appId?: string;
  encryptKey?: string;
  verificationToken?: string;
  log: Logger;
  now: () => number;
  /** Stores the event durably and queues its processing; resolves once it is safe to acknowledge. */
  acceptEvent(env: Envelope): Promise<void>;
  /** Handles a card click synchronously; the answer goes back to Lark in the HTTP response. */
  handleCardAction(action: CardAction, env: Envelope): Promise<CardResponse>;
}

export const MAX_BODY_BYTES = 1024 * 1024;
/** Lark does not document a freshness window; a generous one stops old captures, dedupe stops the rest. */
const MAX_SKEW_MS = 2 * 3600_000;

/** `POST /lark/events` and `/lark/cards`: verify on the raw bytes, decrypt, answer the challenge, check token and
 * app id, then hand events to a durable queue and card clicks to their handler. Never throws to express. */
export function createLarkWebhook(opts: WebhookOptions): Router {
  const router = express.Router();
  const fail = (res: Response, status: number, message: string) => sendError(res, opts.log, status, message);
  const handler = async (req: Request, res: Response) => {
    const raw: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let log = opts.log;
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      log.warn({ bytes: raw.length }, 'lark webhook: malformed JSON');
      return fail(res, 400, 'malformed JSON');
    }
    if (typeof body !== 'object' || body === null) return fail(res, 400, 'not a JSON object');
    let obj = body as Record<string, unknown>;

    if (typeof obj.encrypt === 'string') {
      if (!opts.encryptKey) {
        log.warn('lark webhook: encrypted body but no LARK_ENCRYPT_KEY');
        return fail(res, 400, 'encrypted body without an encrypt key');
      }
      try {
        obj = JSON.parse(decryptLarkBody(obj.encrypt, opts.encryptKey));
      } catch {
        log.warn('lark webhook: cannot decrypt');
        return fail(res, 400, 'cannot decrypt');
      }
      // A signed body may still decrypt to `null`, a number or a list: not an event.
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return fail(res, 400, 'not a JSON object');
    } else if (opts.encryptKey && obj.type !== 'url_verification') {
      // With encryption on, Lark never sends plaintext events: a plain body is forged or misconfigured.
      log.warn('lark webhook: plaintext body while encryption is on');
      return fail(res, 401, 'encryption required');
    }

    if (obj.type === 'url_verification') {
      if (opts.verificationToken && obj.token !== opts.verificationToken) {
        log.warn('lark webhook: url_verification with a wrong token');
        return fail(res, 401, 'bad token');
      }
      return void res.json({ challenge: obj.challenge });
    }

    if (opts.encryptKey) {
      const h = {
        timestamp: req.header('x-lark-request-timestamp'),
        nonce: req.header('x-lark-request-nonce'),
        signature: req.header('x-lark-signature'),
      };
      if (!isValidLarkSignature(raw, h, opts.encryptKey)) {
        log.warn({ hasSignature: Boolean(h.signature) }, 'lark webhook: bad signature');
        return fail(res, 401, 'bad signature');
      }
      const ts = Number(h.timestamp) * 1000;
      if (!Number.isFinite(ts) || Math.abs(Date.now() - ts) > MAX_SKEW_MS) {
        log.warn({ timestamp: h.timestamp }, 'lark webhook: stale timestamp');
        return fail(res, 401, 'stale request');
      }
    }

    const parsed = envelopeSchema.safeParse(obj);
    if (!parsed.success) {
      log.warn({ issue: parsed.error.issues[0]?.message }, 'lark webhook: not a v2 event');
      return fail(res, 400, 'not a v2 event envelope');
    }
    const env = parsed.data;
    if (opts.verificationToken && env.header.token !== opts.verificationToken) {
      log.warn({ eventId: env.header.event_id }, 'lark webhook: wrong verification token');
      return fail(res, 401, 'bad token');
    }
    if (opts.appId && env.header.app_id !== opts.appId) {
      log.warn({ eventId: env.header.event_id, appId: env.header.app_id }, 'lark webhook: wrong app id');
      return fail(res, 401, 'wrong app');
    }
    log = log.child({ eventId: env.header.event_id, eventType: env.header.event_type });

    if (env.header.event_type === 'card.action.trigger') {
      const action = parseCardAction(env);
      if (!action) {
        log.warn('card callback without operator or action');
        return void res.json(ERROR_TOAST);
      }
      return void res.json(await answerCardInTime(opts.handleCardAction, action, env, log));
    }
    try {
      await opts.acceptEvent(env);
      res.json({});
    } catch (err) {
      // Not stored: answer 500 so that Lark delivers it again (15 s, 5 min, 1 h, 6 h).
      log.error({ err }, 'event could not be stored');
      fail(res, 500, 'try again');
    }
  };
  const raw = express.raw({ type: () => true, limit: MAX_BODY_BYTES });
  router.post(['/lark/events', '/lark/cards'], raw, handler);
  // Unreadable bodies (too large, an unknown Content-Encoding, a broken gzip) answer JSON, never express's page.
  router.use(jsonErrors(opts.log));
  return router;
}
