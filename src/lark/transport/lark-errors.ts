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
    return this.code === 99991400 || this.httpStatus === 429;
  }
  /** Per-chat, per-user or per-message limit: only this message waits. */
  get targetRateLimited(): boolean {
    return this.code === 230020 || this.code === 11233 || this.code === 230049;
  }
  get tokenInvalid(): boolean {
    return this.code === 99991663 || this.code === 99991661;
  }
  /** Worth trying again later: rate limits, 5xx, network failures and Lark's internal errors. */
  get retryable(): boolean {
    if (this.appRateLimited || this.targetRateLimited || this.tokenInvalid) return true;
    if (this.httpStatus === undefined) return true;
    if (this.httpStatus >= 500) return true;
    return this.code === 2200 || this.code === 5000 || this.code === 1500 || this.code === 11232;
  }
  /** The bot cannot reach this chat any more (removed, chat dissolved, muted). */
  get chatUnreachable(): boolean {
    return [230002, 232009, 230018, 230035, 232006].includes(this.code ?? 0);
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
