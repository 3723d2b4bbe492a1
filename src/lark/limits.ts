/** Lark's documented card limits and the error codes the project reacts to, in one place. The emulator refuses
 * with these, the renderer checks against them, the outbound path classifies with them. */

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

/** Lark's error codes by name. */
export const LARK_CODES = {
  badParam: 230001,
  botNotInChat: 230002,
  contentTooLong: 230025,
  cardExpired: 230031,
  cardBuildFailed: 230099,
} as const;

/** Codes a card send/reply/patch can answer that will fail the same way however often it is retried: the card
 * (or its target) is wrong, not the moment. Permanent for the outbound path; told to the street. */
export const PERMANENT_CARD_CODES = new Set<number>([
  230001, 230025, 230028, 230031, 230099, 11310, 11311, 10002, 100000, 100030, 200621, 200861,
]);
