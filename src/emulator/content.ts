import { checkCard, describeViolations } from '../lark/cards/card-rules.js';
import { CARD_LIMITS, LARK_CODES } from '../lark/limits.js';

/** What Lark checks in a message's content before it sends it, with its real error codes. */

export type Answer = { status: number; body: unknown; headers?: Record<string, string> };
export const ok = (data: unknown): Answer => ({ status: 200, body: { code: 0, msg: 'success', data } });
export const err = (status: number, code: number, msg: string): Answer => ({ status, body: { code, msg } });

/** What Lark checks before it sends or updates a message: sizes, then for a card every documented card rule,
 * refused with 230099 and the rule in the message as Lark does. */
export function checkContent(msgType: unknown, content: unknown): Answer | undefined {
  if (typeof content !== 'string') return err(400, LARK_CODES.badParam, 'content must be a JSON string');
  const bytes = Buffer.byteLength(content);
  if (bytes > (msgType === 'interactive' ? CARD_LIMITS.maxBytes : 150 * 1024)) {
    return err(400, LARK_CODES.contentTooLong, 'The message content exceeds the length limit.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return err(400, LARK_CODES.badParam, 'invalid content: not JSON');
  }
  if (msgType === 'interactive') return checkCardContent(parsed, bytes);
  if (msgType === 'text' && typeof (parsed as { text?: unknown }).text !== 'string') {
    return err(400, LARK_CODES.badParam, 'invalid text content');
  }
  return undefined;
}

/** A card as Lark builds it: 230099 naming the first broken rule (11310 for too many elements, as Lark's sub-code). */
export function checkCardContent(card: unknown, bytes?: number): Answer | undefined {
  const v = checkCard(card, bytes);
  if (!v.length) return undefined;
  const first = v[0]!;
  const sub = first.rule === 'element-count' ? 11310 : first.rule === 'schema-2.0' ? 200621 : 200861;
  return err(
    400,
    LARK_CODES.cardBuildFailed,
    `Failed to create card content, ext=ErrCode: ${sub}; ErrMsg: ${describeViolations(v)}; doc: ${first.doc}`,
  );
}
