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

/** Why a request is refused: the HTTP status and the short message the client sees (the log says more). */
type Refusal = { refuse: [status: number, message: string] };
const refuse = (status: number, message: string): Refusal => ({ refuse: [status, message] });
const refused = (x: unknown): x is Refusal => typeof x === 'object' && x !== null && 'refuse' in x;

/** The body as an object: parsed, and decrypted when it is encrypted (a plain body while encryption is on is
 * refused: Lark never sends one). */
function openBody(raw: Buffer, opts: WebhookOptions): Record<string, unknown> | Refusal {
  const log = opts.log;
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    log.warn({ bytes: raw.length }, 'lark webhook: malformed JSON');
    return refuse(400, 'malformed JSON');
  }
  if (typeof body !== 'object' || body === null) return refuse(400, 'not a JSON object');
  const obj = body as Record<string, unknown>;
  if (typeof obj.encrypt !== 'string') {
    if (opts.encryptKey && obj.type !== 'url_verification') {
      log.warn('lark webhook: plaintext body while encryption is on');
      return refuse(401, 'encryption required');
    }
    return obj;
  }
  if (!opts.encryptKey) {
    log.warn('lark webhook: encrypted body but no LARK_ENCRYPT_KEY');
    return refuse(400, 'encrypted body without an encrypt key');
  }
  let inner: unknown;
  try {
    inner = JSON.parse(decryptLarkBody(obj.encrypt, opts.encryptKey));
  } catch {
    log.warn('lark webhook: cannot decrypt');
    return refuse(400, 'cannot decrypt');
  }
  // A signed body may still decrypt to `null`, a number or a list: not an event.
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return refuse(400, 'not a JSON object');
  return inner as Record<string, unknown>;
}

/** With an encrypt key, Lark signs every request: the signature over the raw bytes, and a fresh timestamp. */
function checkSignature(req: Request, raw: Buffer, opts: WebhookOptions): Refusal | undefined {
  if (!opts.encryptKey) return undefined;
  const h = {
    timestamp: req.header('x-lark-request-timestamp'),
    nonce: req.header('x-lark-request-nonce'),
    signature: req.header('x-lark-signature'),
  };
  if (!isValidLarkSignature(raw, h, opts.encryptKey)) {
    opts.log.warn({ hasSignature: Boolean(h.signature) }, 'lark webhook: bad signature');
    return refuse(401, 'bad signature');
  }
  const ts = Number(h.timestamp) * 1000;
  if (!Number.isFinite(ts) || Math.abs(Date.now() - ts) > MAX_SKEW_MS) {
    opts.log.warn({ timestamp: h.timestamp }, 'lark webhook: stale timestamp');
    return refuse(401, 'stale request');
  }
  return undefined;
}

/** A v2 event envelope for this app, with its verification token. */
function checkEnvelope(obj: Record<string, unknown>, opts: WebhookOptions): Envelope | Refusal {
  const log = opts.log;
  const parsed = envelopeSchema.safeParse(obj);
  if (!parsed.success) {
    log.warn({ issue: parsed.error.issues[0]?.message }, 'lark webhook: not a v2 event');
    return refuse(400, 'not a v2 event envelope');
  }
  const env = parsed.data;
  if (opts.verificationToken && env.header.token !== opts.verificationToken) {
    log.warn({ eventId: env.header.event_id }, 'lark webhook: wrong verification token');
    return refuse(401, 'bad token');
  }
  if (opts.appId && env.header.app_id !== opts.appId) {
    log.warn({ eventId: env.header.event_id, appId: env.header.app_id }, 'lark webhook: wrong app id');
    return refuse(401, 'wrong app');
  }
  return env;
}

/** `POST /lark/events` and `/lark/cards`: verify on the raw bytes, decrypt, answer the challenge, check token and
 * app id, then hand events to a durable queue and card clicks to their handler. Never throws to express. */
export function createLarkWebhook(opts: WebhookOptions): Router {
  const router = express.Router();
  const fail = (res: Response, r: Refusal) => sendError(res, opts.log, r.refuse[0], r.refuse[1]);
  const handler = async (req: Request, res: Response) => {
    const raw: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const obj = openBody(raw, opts);
    if (refused(obj)) return fail(res, obj);
    if (obj.type === 'url_verification') {
      if (opts.verificationToken && obj.token !== opts.verificationToken) {
        opts.log.warn('lark webhook: url_verification with a wrong token');
        return fail(res, refuse(401, 'bad token'));
      }
      return void res.json({ challenge: obj.challenge });
    }
    const unsigned = checkSignature(req, raw, opts);
    if (unsigned) return fail(res, unsigned);
    const env = checkEnvelope(obj, opts);
    if (refused(env)) return fail(res, env);
    const log = opts.log.child({ eventId: env.header.event_id, eventType: env.header.event_type });

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
      fail(res, refuse(500, 'try again'));
    }
  };
  const raw = express.raw({ type: () => true, limit: MAX_BODY_BYTES });
  router.post(['/lark/events', '/lark/cards'], raw, handler);
  // Unreadable bodies (too large, an unknown Content-Encoding, a broken gzip) answer JSON, never express's page.
  router.use(jsonErrors(opts.log));
  return router;
}
