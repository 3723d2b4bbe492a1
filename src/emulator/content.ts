/** What Lark checks in a message's content before it sends it, with its real error codes. */

export type Answer = { status: number; body: unknown; headers?: Record<string, string> };
export const ok = (data: unknown): Answer => ({ status: 200, body: { code: 0, msg: 'success', data } });
export const err = (status: number, code: number, msg: string): Answer => ({ status, body: { code, msg } });

const MAX_CARD_BYTES = 30 * 1024;
const MAX_CARD_ELEMENTS = 200;

export function checkContent(msgType: unknown, content: unknown): Answer | undefined {
  if (typeof content !== 'string') return err(400, 230001, 'content must be a JSON string');
  if (Buffer.byteLength(content) > (msgType === 'interactive' ? MAX_CARD_BYTES : 150 * 1024)) {
    return err(400, 230025, 'The message content exceeds the length limit.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return err(400, 230001, 'invalid content: not JSON');
  }
  if (msgType === 'interactive') {
    const card = parsed as { schema?: string; body?: { elements?: unknown[] } };
    if (card.schema !== '2.0' || !Array.isArray(card.body?.elements)) {
      return err(400, 230099, 'Failed to create card content, ext=ErrCode: 200621; ErrMsg: card JSON parse error');
    }
    if (countElements(card.body.elements) > MAX_CARD_ELEMENTS) {
      return err(400, 230099, 'Failed to create card content, ext=ErrCode: 11310; ErrMsg: too many elements');
    }
  } else if (msgType === 'text' && typeof (parsed as { text?: unknown }).text !== 'string') {
    return err(400, 230001, 'invalid text content');
  }
  return undefined;
}

function countElements(elements: unknown[]): number {
  let n = 0;
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.tag === 'string' && o.tag !== 'plain_text' && o.tag !== 'lark_md') n += 1;
      for (const k of Object.keys(o)) if (k !== 'text') walk(o[k]);
    }
  };
  walk(elements);
  return n;
}
