/** Lark's documented limits (rate limits, card limits) and the error codes the project reacts to, in one place.
 * The emulator refuses with these, the renderer checks against them, the outbound worker paces and classifies
 * with them. */

const DOCS = 'https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards';

export const CARD_DOCS = {
  structure: `${DOCS}/card-json-v2-structure`,
  breakingChanges: `${DOCS}/card-json-v2-breaking-changes-release-notes`,
  form: `${DOCS}/card-json-v2-components/containers/form-container`,
  collapsiblePanel: `${DOCS}/card-json-v2-components/containers/collapsible-panel`,
  input: `${DOCS}/card-json-v2-components/interactive-components/input`,
  button: `${DOCS}/card-json-v2-components/interactive-components/button`,
  chart: `${DOCS}/card-json-v2-components/content-components/chart`,
  /** Lark's own reference for the chart component's fields (larksuite/cli, skills/lark-im/references/card). */
  chartFields: 'https://github.com/larksuite/cli/blob/main/skills/lark-im/references/card/components/chart.md',
  patch: 'https://open.feishu.cn/document/server-docs/im-v1/message-card/patch',
  sendErrors: 'https://open.feishu.cn/document/server-docs/im-v1/message/create',
} as const;

export const CARD_LIMITS = {
  /** "卡片 JSON … ≤ 30 KB" (message create / patch: 230025 when longer). */
  maxBytes: 30 * 1024,
  /** At most 200 elements per card, every tagged node counted. */
  maxElements: 200,
  /** "容器类组件最多支持嵌套五层组件" (form-container). */
  maxContainerDepth: 5,
  /** chart: "单张卡片建议最多放置五个图表组件" (a recommendation; we hold it as a limit). */
  maxCharts: 5,
  /** "2.0 结构：卡片可交互和可更新时间统一为 14 天" (breaking changes). */
  interactiveMs: 14 * 86_400_000,
} as const;

export const RATE_DOCS = {
  /** "对于不同时间周期内的限频策略（如 1000次/分&50次/秒），请求速率达到任意上限（QPS 或 QPM）都会触发限流" → 429,
   * 99991400 with x-ogw-ratelimit-reset. */
  frequencyControl: 'https://open.feishu.cn/document/server-docs/api-call-guide/frequency-control',
  /** Send message: 5 QPS per receiving user, 5 QPS per group shared by the chat's bots → 230020
   * (shared/reference/lark-platform.md, "Rate limits that matter"). */
  sendMessage: 'https://open.feishu.cn/document/server-docs/im-v1/message/create',
  /** Server error codes shared by every API (token, internal errors). */
  errorCodes: 'https://open.feishu.cn/document/server-docs/api-call-guide/generic-error-code',
} as const;

/** The message APIs' limits as Lark enforces them (send, reply, patch, urgent, chat create): per app and tenant
 * 50 a second and 1000 a minute; 5 a second per receiving chat, per user, and per patched message. */
export const RATE_LIMITS = {
  appPerSecond: { max: 50, windowMs: 1_000 },
  appPerMinute: { max: 1_000, windowMs: 60_000 },
  perTarget: { max: 5, windowMs: 1_000 },
} as const;

/** Lark's error codes by name (message create's error table, frequency control, server error codes). */
export const LARK_CODES = {
  badParam: 230001,
  botNotInChat: 230002,
  /** Blocked by the chat's settings (only some members may speak). */
  chatBlocked: 230018,
  /** Per-chat / per-user frequency limit (5 QPS). */
  targetRateLimited: 230020,
  contentTooLong: 230025,
  cardExpired: 230031,
  /** No permission to send: muted chat, bot blocked by the user, tenant policy. */
  noPermissionToSend: 230035,
  /** The same message is still being sent: try again shortly. */
  messageSending: 230049,
  cardBuildFailed: 230099,
  /** The message was recalled (reply, get). */
  messageRecalled: 230011,
  /** The chat or the message does not support replies in a thread (reply_in_thread). */
  threadUnsupported: [230071, 230072],
  /** No such message (get, reactions). */
  messageNotFound: 231003,
  chatInvalid: 232006,
  chatDissolved: 232009,
  /** App-wide frequency limit (HTTP 429, sometimes 400 on older APIs), with x-ogw-ratelimit-reset. */
  appRateLimited: 99991400,
  tokenMissing: 99991661,
  tokenInvalid: 99991663,
  /** Legacy send limits still answered by some paths: global, per chat. */
  legacyGlobalLimit: 11232,
  legacyChatLimit: 11233,
  /** Internal errors seen under load: back off and retry. */
  internal: [1500, 2200, 5000],
} as const;

/** Codes a card send/reply/patch can answer that will fail the same way however often it is retried: the card
 * (or its target) is wrong, not the moment. Permanent for the outbound path; told to the street. */
export const PERMANENT_CARD_CODES = new Set<number>([
  230001, 230025, 230028, 230031, 230099, 11310, 11311, 10002, 100000, 100030, 200621, 200861,
]);
