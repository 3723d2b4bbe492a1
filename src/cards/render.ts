import { cleanPlain, escapeMarkdown } from './escape.js';

/** A tiny JSON template language for cards/*.json:
 * - "{{a.b}}" in a string interpolates a value; inside a `markdown` element it is escaped, elsewhere cleaned;
 * - "{{{a.b}}}" interpolates trusted markdown the service generated itself (mentions built from roster ids);
 * - a string that is exactly "{{a.b}}" is replaced by the value itself (button values), or dropped when unset;
 * - {"$each": "list", "as": "x", "do": T} inside an array repeats T for every item;
 * - {"$if": "cond", "then": T, "else": T} keeps one branch (or nothing) by truthiness. */
export type Scope = Record<string, unknown>;

const WHOLE = /^\{\{\s*([\w.]+)\s*\}\}$/;
const TOKEN = /\{\{\{\s*([\w.]+)\s*\}\}\}|\{\{\s*([\w.]+)\s*\}\}/g;
const DROP = Symbol('drop');

function lookup(scope: Scope, path: string): unknown {
  let v: unknown = scope;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function truthy(v: unknown): boolean {
  return Array.isArray(v) ? v.length > 0 : Boolean(v);
}

function renderString(s: string, scope: Scope, markdown: boolean): unknown {
  const whole = WHOLE.exec(s);
  if (whole) {
    const v = lookup(scope, whole[1]!);
    // A whole-value placeholder with no value drops its key (optional fields such as initial_option).
    if (v === null || v === undefined) return DROP;
    if (typeof v !== 'string') return v;
  }
  return s.replace(TOKEN, (_m, raw: string | undefined, plain: string | undefined) => {
    const v = lookup(scope, (raw ?? plain)!);
    const text = v === null || v === undefined ? '' : String(v);
    if (raw) return text;
    return markdown ? escapeMarkdown(text) : cleanPlain(text);
  });
}

export function renderTemplate(node: unknown, scope: Scope, markdown = false): unknown {
  if (typeof node === 'string') return renderString(node, scope, markdown);
  if (Array.isArray(node)) {
    const out: unknown[] = [];
    for (const item of node) {
      if (item && typeof item === 'object' && '$each' in item) {
        const each = item as { $each: string; as?: string; do: unknown };
        const list = lookup(scope, each.$each);
        for (const [index, x] of (Array.isArray(list) ? list : []).entries()) {
          const r = renderTemplate(each.do, { ...scope, [each.as ?? 'item']: x, index }, markdown);
          if (r !== DROP) out.push(...(Array.isArray(r) && Array.isArray(each.do) ? r : [r]));
        }
        continue;
      }
      const r = renderTemplate(item, scope, markdown);
      if (r !== DROP) out.push(r);
    }
    return out;
  }
  if (node && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    if ('$if' in obj) {
      const branch = truthy(lookup(scope, String(obj.$if))) ? obj.then : obj.else;
      return branch === undefined ? DROP : renderTemplate(branch, scope, markdown);
    }
    const isMarkdown = markdown || obj.tag === 'markdown' || obj.tag === 'lark_md';
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      const r = renderTemplate(v, scope, isMarkdown && k !== 'behaviors' && k !== 'value');
      if (r !== DROP) out[k] = r;
    }
    return out;
  }
  return node;
}
