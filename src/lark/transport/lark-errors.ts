import { LARK_CODES } from '../limits.js';

/** A failed Lark call, normalised from both SDK paths (2xx with code ≠ 0, and thrown AxiosErrors). */
export class LarkApiError extends Error {
  constructor(
    readonly op: string,
    readonly httpStatus: number | undefined,
    readonly code: number | undefined,
    msg: string,
    readonly retryAfterMs?: number,
    readonly logId?: string,
  ) {
    super(`${op} failed: ${httpStatus ?? 'network'} code=${code ?? '-'} ${msg}`);
    this.name = 'LarkApiError';
  }

  /** App-wide rate limit: the whole outbound queue pauses. */
  get appRateLimited(): boolean {
    return this.code === LARK_CODES.appRateLimited || this.httpStatus === 429;
  }
  /** Per-chat, per-user or per-message limit: only this message waits. */
  get targetRateLimited(): boolean {
    const c = this.code;
    return c === LARK_CODES.targetRateLimited || c === LARK_CODES.legacyChatLimit || c === LARK_CODES.messageSending;
  }
  get tokenInvalid(): boolean {
    return this.code === LARK_CODES.tokenInvalid || this.code === LARK_CODES.tokenMissing;
  }
  /** Worth trying again later: rate limits, 5xx, network failures and Lark's internal errors. */
  get retryable(): boolean {
    if (this.appRateLimited || this.targetRateLimited || this.tokenInvalid) return true;
    if (this.httpStatus === undefined) return true;
    if (this.httpStatus >= 500) return true;
    const c = this.code ?? 0;
    return (LARK_CODES.internal as readonly number[]).includes(c) || c === LARK_CODES.legacyGlobalLimit;
  }
  /** The bot cannot reach this chat any more (removed, chat dissolved, muted). */
  get chatUnreachable(): boolean {
    const { botNotInChat, chatDissolved, chatBlocked, noPermissionToSend, chatInvalid } = LARK_CODES;
    return ([botNotInChat, chatDissolved, chatBlocked, noPermissionToSend, chatInvalid] as number[]).includes(
      this.code ?? 0,
    );
  }
}

interface AxiosLike {
  isAxiosError?: boolean;
  code?: string;
  message?: string;
  response?: { status?: number; data?: unknown; headers?: Record<string, unknown> };
}

export function toLarkError(op: string, err: unknown): LarkApiError {
  if (err instanceof LarkApiError) return err;
  const e = err as AxiosLike;
  const data = (e?.response?.data ?? {}) as { code?: number; msg?: string; error?: { log_id?: string } };
  const reset = Number(e?.response?.headers?.['x-ogw-ratelimit-reset']);
  const logId = data.error?.log_id ?? (e?.response?.headers?.['x-tt-logid'] as string | undefined);
  return new LarkApiError(
    op,
    e?.response?.status,
    typeof data.code === 'number' ? data.code : undefined,
    data.msg ?? e?.code ?? e?.message ?? String(err),
    Number.isFinite(reset) && reset > 0 ? reset * 1000 : undefined,
    logId,
  );
}
