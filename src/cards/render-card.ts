import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CARD_SCHEMAS, type CardName, type CardVars } from './card-registry.js';
import { renderTemplate } from './render.js';

/** Lark's limits for a card message (see lark-platform.md §4.1). */
export const CARD_LIMITS = { maxBytes: 30 * 1024, maxElements: 200 };

const CARDS_DIR = fileURLToPath(new URL('../../cards/', import.meta.url));
const templates = new Map<CardName, unknown>();

function template(name: CardName): unknown {
  let t = templates.get(name);
  if (!t) {
    t = JSON.parse(readFileSync(`${CARDS_DIR}${name}.json`, 'utf8'));
    templates.set(name, t);
  }
  return t;
}

export class CardError extends Error {}

/** Validates the variables, renders the template and checks Lark's size limits. */
export function renderCard<N extends CardName>(name: N, vars: CardVars<N>): Record<string, unknown> {
  const parsed = CARD_SCHEMAS[name].safeParse(vars);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new CardError(`card ${name}: variable ${i.path.join('.')} ${i.message}`);
  }
  const card = renderTemplate(template(name), parsed.data as Record<string, unknown>) as Record<string, unknown>;
  const bytes = Buffer.byteLength(JSON.stringify(card));
  if (bytes > CARD_LIMITS.maxBytes) throw new CardError(`card ${name} is ${bytes} bytes, over Lark's 30 KB`);
  const elements = countTags(card.body);
  if (elements > CARD_LIMITS.maxElements) throw new CardError(`card ${name} has ${elements} elements, over 200`);
  return card;
}

export function countTags(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + countTags(x), 0);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    let n = typeof o.tag === 'string' && o.tag !== 'plain_text' && o.tag !== 'lark_md' ? 1 : 0;
    for (const [k, x] of Object.entries(o)) if (k !== 'text' && k !== 'header') n += countTags(x);
    return n;
  }
  return 0;
}
