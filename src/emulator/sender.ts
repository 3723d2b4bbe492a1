import { randomBytes, randomUUID } from 'node:crypto';
import { encryptForBot, signForBot } from './wire.js';

/** Lark's redelivery schedule for events that were not acknowledged with HTTP 200 within 3 s. */
export const LARK_RETRY_SCHEDULE_MS = [15_000, 5 * 60_000, 3600_000, 6 * 3600_000];

export interface Delivery {
  eventId: string;
  eventType: string;
  attempt: number;
  status: number;
  at: number;
}

export interface SenderOptions {
  appId: string;
  verificationToken: string;
  encryptKey?: string;
  tenantKey: string;
  /** Multiplies the retry schedule (tests compress hours into milliseconds). */
  retryScale: number;
  timeoutMs: number;
}

/** Posts events and card callbacks to the bot the way Lark does: v2 envelope, encrypted and signed when an
 * encrypt key is set, redelivered on failure (events only; callbacks are never retried). */
export class Sender {
  readonly deliveries: Delivery[] = [];
  target?: string;
  readonly #timers = new Set<NodeJS.Timeout>();
  /** Events not yet acknowledged with 200: Lark keeps them for its later redeliveries (hours apart). */
  readonly #unacknowledged = new Map<string, ReturnType<Sender['envelope']>>();

  constructor(private readonly o: SenderOptions) {}

  envelope(eventType: string, event: unknown, eventId = randomUUID().replace(/-/g, '')) {
    const micros = eventType === 'card.action.trigger';
    return {
      schema: '2.0',
      header: {
        event_id: eventId,
        event_type: eventType,
        create_time: String(micros ? Date.now() * 1000 : Date.now()),
        token: this.o.verificationToken,
        app_id: this.o.appId,
        tenant_key: this.o.tenantKey,
      },
      event,
    };
  }

  /** The exact bytes and headers Lark would post for this payload. */
  wire(payload: unknown): { body: Buffer; headers: Record<string, string> } {
    const json = JSON.stringify(payload);
    if (!this.o.encryptKey) return { body: Buffer.from(json), headers: { 'content-type': 'application/json' } };
    const body = Buffer.from(JSON.stringify({ encrypt: encryptForBot(json, this.o.encryptKey) }));
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(8).toString('hex');
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'x-lark-request-timestamp': timestamp,
        'x-lark-request-nonce': nonce,
        'x-lark-signature': signForBot(timestamp, nonce, this.o.encryptKey, body),
      },
    };
  }

  async post(path: string, payload: unknown): Promise<{ status: number; body: unknown }> {
    if (!this.target) throw new Error('emulator has no bot to deliver to (set target)');
    const { body, headers } = this.wire(payload);
    try {
      const res = await fetch(`${this.target}${path}`, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // keep the raw text: Lark would count a non-JSON answer as a failure too
      }
      return { status: res.status, body: parsed };
    } catch {
      return { status: 0, body: undefined };
    }
  }

  /** Delivers an event; redelivers on Lark's schedule until it is acknowledged. Resolves after the first try. */
  async deliverEvent(env: ReturnType<Sender['envelope']>, attempt = 0): Promise<number> {
    const { status } = await this.post('/lark/events', env);
    this.deliveries.push({
      eventId: env.header.event_id,
      eventType: env.header.event_type,
      attempt,
      status,
      at: Date.now(),
    });
    if (status === 200) this.#unacknowledged.delete(env.header.event_id);
    else this.#unacknowledged.set(env.header.event_id, env);
    const delay = LARK_RETRY_SCHEDULE_MS[attempt];
    if (status !== 200 && delay !== undefined) {
      const t = setTimeout(() => {
        this.#timers.delete(t);
        void this.deliverEvent(env, attempt + 1);
      }, delay * this.o.retryScale);
      this.#timers.add(t);
    }
    return status;
  }

  /**
   * Lark's later redeliveries, now: every event still unacknowledged is posted again, a few at a time, until each
   * is acknowledged or `rounds` passes ran. A test calls this after a burst instead of waiting the real hours.
   */
  async redeliverUnacknowledged(o: { concurrency?: number; rounds?: number } = {}): Promise<number> {
    const concurrency = o.concurrency ?? 8;
    for (let round = 0; round < (o.rounds ?? 10) && this.#unacknowledged.size > 0; round++) {
      const queue = [...this.#unacknowledged.values()];
      const worker = async () => {
        for (let env = queue.shift(); env; env = queue.shift()) {
          const { status } = await this.post('/lark/events', env);
          this.deliveries.push({
            eventId: env.header.event_id,
            eventType: env.header.event_type,
            attempt: -1,
            status,
            at: Date.now(),
          });
          if (status === 200) this.#unacknowledged.delete(env.header.event_id);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    }
    return this.#unacknowledged.size;
  }

  stop(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}
