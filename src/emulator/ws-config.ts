/** What Lark's endpoint hands the client (`ClientConfig`, in seconds). Lark's own values are 120 / -1 / 120 / 30;
 * the emulator defaults to short ones so that a test sees a reconnect in a second, not in two minutes. */
export interface LongConnectionConfig {
  pingIntervalS: number;
  reconnectCount: number;
  reconnectIntervalS: number;
  reconnectNonceS: number;
  /** Payloads longer than this go out in several frames (headers sum/seq), as Lark splits large events. */
  fragmentBytes: number;
  /** Lark waits 3 s for the client's acknowledgement (a card callback's answer included). */
  ackTimeoutMs: number;
  /** "每个应用最多建立 50 个连接". */
  maxConnections: number;
  /** The frame type card callbacks travel in. Lark sends `card.action.trigger` in `event` frames (the SDKs drop
   * `card` frames unacknowledged); `card` lets a test prove the service answers that shape too. */
  cardFrameType: 'event' | 'card';
  /** Multiplies Lark's redelivery schedule for unacknowledged events (tests compress hours into milliseconds). */
  retryScale: number;
}

export const DEFAULT_LONG_CONNECTION: LongConnectionConfig = {
  pingIntervalS: 5,
  reconnectCount: -1,
  reconnectIntervalS: 0.5,
  reconnectNonceS: 0.2,
  fragmentBytes: 64 * 1024,
  ackTimeoutMs: 3_000,
  maxConnections: 50,
  cardFrameType: 'event',
  retryScale: 1,
};

/** The endpoint's answer codes the SDK knows (`ErrorCode` in node-sdk's ws client). */
export const ENDPOINT = { ok: 0, forbidden: 403, authFailed: 514, exceedConnLimit: 1000040350 } as const;

/** One frame seen on the wire, for tests that check what went over it. */
export interface FrameRecord {
  dir: 'in' | 'out';
  type: string;
  messageId?: string;
  sum?: number;
  seq?: number;
  ack?: { code: number; data?: unknown };
}
