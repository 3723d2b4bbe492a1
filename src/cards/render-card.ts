import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type CardViolation, checkCard, countElements, describeViolations } from '../lark/cards/card-rules.js';
import { CARD_SCHEMAS, type CardName, type CardVars } from './card-registry.js';
import { renderTemplate } from './render.js';

export { CARD_LIMITS } from '../lark/limits.js';

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

/** A card that breaks one of Lark's rules: a bug in a template or its variables, never sent. */
export class CardError extends Error {
  constructor(
    message: string,
    readonly violations: CardViolation[] = [],
  ) {
    super(message);
    this.name = 'CardError';
  }
}

/** Validates the variables, renders the template and checks it against Lark's documented card rules. */
export function renderCard<N extends CardName>(name: N, vars: CardVars<N>): Record<string, unknown> {
  const parsed = CARD_SCHEMAS[name].safeParse(vars);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new CardError(`card ${name}: variable ${i.path.join('.')} ${i.message}`);
  }
  const card = renderTemplate(template(name), parsed.data as Record<string, unknown>) as Record<string, unknown>;
  const violations = checkCard(card);
  if (violations.length)
    throw new CardError(`card ${name} breaks Lark's rules: ${describeViolations(violations)}`, violations);
  return card;
}

/** How many elements Lark counts in a card (header, plain_text and all). */
export const countTags = (card: unknown): number => countElements(card);
