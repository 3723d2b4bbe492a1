import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { type Delivery, LARK_RETRY_SCHEDULE_MS } from './sender.js';
import { DEFAULT_LONG_CONNECTION, ENDPOINT, type FrameRecord, type LongConnectionConfig } from './ws-config.js';
import { decodeFrame, encodeFrame, type Frame, FrameMethod, header } from './ws-frames.js';

interface Connection {
  socket: WebSocket;
  serviceId: number;
  /** Half-open: the socket stays up but nothing goes through it any more (a NAT or proxy that lost the flow). */
  frozen?: boolean;
}

interface Waiter {
  resolve(ack: { code: number; data?: unknown } | undefined): void;
}

/** Lark's long-connection gateway as the SDK's WSClient sees it: `POST /callback/ws/endpoint` (AppID/AppSecret →
 * URL and ClientConfig), a WebSocket of protobuf `Frame`s, ping → pong carrying the ClientConfig, events and card
 * callbacks pushed as data frames (split by sum/seq when large) and the client's acknowledgement frame carrying
 * `{"code":200,"data":base64(JSON of the handler's answer)}`. Cluster mode: one open connection, chosen at random,
 * gets each message. */
export class LongConnectionGateway {
  readonly frames: FrameRecord[] = [];
  /** Every event delivery over the connection (status 200 = acknowledged with code 200, 0 = no answer). */
  readonly deliveries: Delivery[] = [];
  /** The code of every answer of the endpoint (0 = a URL was handed out). */
  readonly endpointAnswers: number[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly cfg: LongConnectionConfig;
  baseUrl = '';
  #up = true;
  #seq = 0;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #conns = new Set<Connection>();
  readonly #tickets = new Map<string, { serviceId: number; expires: number }>();
  readonly #waiting = new Map<string, Waiter>();

  constructor(
    private readonly app: { appId: string; appSecret: string },
    cfg: Partial<LongConnectionConfig> = {},
  ) {
    this.cfg = { ...DEFAULT_LONG_CONNECTION, ...cfg };
  }

  /** Open connections. */
  get connections(): number {
    return this.#conns.size;
  }

  /** `POST /callback/ws/endpoint` with `{AppID, AppSecret}`. */
  endpoint(body: string, res: ServerResponse): void {
    let req: { AppID?: unknown; AppSecret?: unknown } = {};
    try {
      req = JSON.parse(body);
    } catch {
      // an unreadable body is answered like wrong credentials
    }
    const answer = (code: number, msg: string, data: Record<string, unknown> = {}): void => {
      // Always HTTP 200: the SDK reads `code`; and without `data` it would take a refusal for a network fault.
      this.endpointAnswers.push(code);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ code, msg, data }));
    };
    if (req.AppID !== this.app.appId)
      return void answer(ENDPOINT.forbidden, 'app not found or long connection not enabled');
    if (req.AppSecret !== this.app.appSecret) return void answer(ENDPOINT.authFailed, 'auth failed');
    if (this.#conns.size >= this.cfg.maxConnections) return void answer(ENDPOINT.exceedConnLimit, 'exceed conn limit');
    const ticket = randomBytes(12).toString('hex');
    const serviceId = 33554678;
    this.#tickets.set(ticket, { serviceId, expires: Date.now() + 60_000 });
    const ws = this.baseUrl.replace(/^http/, 'ws');
    // device_id is not the first parameter: the SDK runs qs.parse over the whole URL, as Lark's URLs allow.
    const url = `${ws}/ws/v2?fpid=1&aid=1&device_id=${randomUUID()}&access_key=${ticket}&service_id=${serviceId}&ticket=${ticket}`;
    answer(ENDPOINT.ok, 'ok', {
      URL: url,
      ClientConfig: this.#clientConfig(),
    });
  }

  /** The HTTP server's `upgrade` event. Refused while the gateway is down or the ticket is unknown. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const u = new URL(req.url ?? '/', 'http://gateway');
    const ticket = this.#tickets.get(u.searchParams.get('ticket') ?? '');
    const refuse = (status: number, msg: string) => {
      socket.end(`HTTP/1.1 ${status} ${msg}\r\nhandshake-status: ${status}\r\nhandshake-msg: ${msg}\r\n\r\n`);
    };
    if (u.pathname !== '/ws/v2') return void refuse(404, 'Not Found');
    if (!this.#up) return void refuse(503, 'Service Unavailable');
    if (!ticket || ticket.expires < Date.now()) return void refuse(403, 'Forbidden');
    this.#tickets.delete(u.searchParams.get('ticket') ?? '');
    this.#wss.handleUpgrade(req, socket, head, (s) => this.#accept(s, ticket.serviceId));
  }

  #accept(socket: WebSocket, serviceId: number): void {
    const conn = { socket, serviceId };
    this.#conns.add(conn);
    socket.on('close', () => this.#conns.delete(conn));
    socket.on('error', () => this.#conns.delete(conn));
    socket.on('message', (data: Buffer) => {
      let f: Frame;
      try {
        f = decodeFrame(data);
      } catch {
        return; // Lark drops what it cannot decode; so do we
      }
      this.#received(conn, f);
    });
  }

  #received(conn: Connection, f: Frame): void {
    if (conn.frozen) return;
    const type = header(f, 'type') ?? '';
    if (f.method === FrameMethod.control) {
      this.frames.push({ dir: 'in', type });
      if (type !== 'ping') return;
      this.frames.push({ dir: 'out', type: 'pong' });
      this.#send(conn, {
        SeqID: f.SeqID,
        LogID: f.LogID,
        service: conn.serviceId,
        method: FrameMethod.control,
        headers: [{ key: 'type', value: 'pong' }],
        payload: new TextEncoder().encode(JSON.stringify(this.#clientConfig())),
      });
      return;
    }
    // A data frame from the client is the acknowledgement of one we pushed, matched by its message_id.
    const messageId = header(f, 'message_id') ?? '';
    let ack: { code: number; data?: unknown } | undefined;
    try {
      const body = JSON.parse(new TextDecoder().decode(f.payload ?? new Uint8Array())) as {
        code: number;
        data?: string;
      };
      ack = { code: body.code };
      if (typeof body.data === 'string') ack.data = JSON.parse(Buffer.from(body.data, 'base64').toString('utf8'));
    } catch {
      ack = { code: 0 };
    }
    this.frames.push({ dir: 'in', type, messageId, ack });
    this.#waiting.get(messageId)?.resolve(ack);
  }

  #send(conn: Connection, f: Frame): void {
    if (conn.socket.readyState === conn.socket.OPEN) conn.socket.send(encodeFrame(f));
  }

  /** Pushes one message (an event or a card callback) to one connection; resolves with the client's
   * acknowledgement, or undefined when no client is connected or none answered within the ack timeout. */
  async push(
    payload: unknown,
    type: 'event' | 'card' = 'event',
  ): Promise<{ code: number; data?: unknown } | undefined> {
    const open = [...this.#conns].filter((c) => c.socket.readyState === c.socket.OPEN && !c.frozen);
    const conn = open[Math.floor(Math.random() * open.length)];
    if (!conn || !this.#up) return undefined;
    const bytes = new TextEncoder().encode(JSON.stringify(payload));
    const size = Math.max(1, this.cfg.fragmentBytes);
    const sum = Math.max(1, Math.ceil(bytes.length / size));
    const messageId = randomUUID();
    const traceId = randomBytes(8).toString('hex');
    const acked = new Promise<{ code: number; data?: unknown } | undefined>((resolve) => {
      const timer = setTimeout(() => done(undefined), this.cfg.ackTimeoutMs);
      const done = (ack: { code: number; data?: unknown } | undefined) => {
        clearTimeout(timer);
        this.#waiting.delete(messageId);
        resolve(ack);
      };
      this.#waiting.set(messageId, { resolve: done });
    });
    for (let seq = 0; seq < sum; seq++) {
      this.frames.push({ dir: 'out', type, messageId, sum, seq });
      const logId = ++this.#seq;
      this.#send(conn, {
        SeqID: logId,
        LogID: logId,
        service: conn.serviceId,
        method: FrameMethod.data,
        headers: [
          { key: 'type', value: type },
          { key: 'message_id', value: messageId },
          { key: 'sum', value: String(sum) },
          { key: 'seq', value: String(seq) },
          { key: 'trace_id', value: traceId },
        ],
        payload: bytes.subarray(seq * size, (seq + 1) * size),
        LogIDNew: `${traceId}_${logId}`,
      });
    }
    return acked;
  }

  /** Delivers an event; redelivers on Lark's schedule until a client acknowledges it with code 200. */
  async deliverEvent(env: { header: { event_id: string; event_type: string } }, attempt = 0): Promise<number> {
    const ack = await this.push(env, 'event');
    const status = ack ? (ack.code === 200 ? 200 : ack.code || 500) : 0;
    this.deliveries.push({
      eventId: env.header.event_id,
      eventType: env.header.event_type,
      attempt,
      status,
      at: Date.now(),
    });
    const delay = LARK_RETRY_SCHEDULE_MS[attempt];
    if (status !== 200 && delay !== undefined) {
      const t = setTimeout(() => {
        this.#timers.delete(t);
        void this.deliverEvent(env, attempt + 1);
      }, delay * this.cfg.retryScale);
      this.#timers.add(t);
    }
    return status;
  }

  /** A card callback: never redelivered; the answer is the handler's return carried in the acknowledgement. */
  async callback(env: unknown): Promise<{ status: number; body: unknown }> {
    const ack = await this.push(env, this.cfg.cardFrameType);
    if (!ack) return { status: 0, body: undefined };
    return { status: ack.code === 200 ? 200 : ack.code || 500, body: ack.data };
  }

  /** Takes the gateway down: every connection is cut and new ones are refused until `resume()`. */
  suspend(): void {
    this.#up = false;
    for (const c of this.#conns) c.socket.terminate();
    this.#conns.clear();
  }

  /** Every open connection goes silent without closing: no pong, no message, no acknowledgement read. Only the
   * client's own liveness check can tell; new connections work. */
  freeze(): void {
    for (const c of this.#conns) c.frozen = true;
  }

  resume(): void {
    this.#up = true;
  }

  close(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    this.suspend();
    for (const w of this.#waiting.values()) w.resolve(undefined);
    this.#wss.close();
  }

  #clientConfig() {
    return {
      PingInterval: this.cfg.pingIntervalS,
      ReconnectCount: this.cfg.reconnectCount,
      ReconnectInterval: this.cfg.reconnectIntervalS,
      ReconnectNonce: this.cfg.reconnectNonceS,
    };
  }
}
