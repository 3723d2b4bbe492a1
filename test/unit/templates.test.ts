import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CARD_SCHEMAS, type CardName } from '../../src/cards/card-registry.js';
import { renderCard } from '../../src/cards/render-card.js';
import { mentions } from '../../src/lark/outbound/messages.js';

/** The card templates (cards/*.json, mirroring Lark's docs) against their declared variables: the renderer drops a
 * placeholder it cannot find, so a misspelt one would silently show nothing. */

const dir = join(import.meta.dirname, '..', '..', 'cards');
const TOKEN = /\{\{\{\s*([\w.]+)\s*\}\}\}|\{\{\s*([\w.]+)\s*\}\}/g;

type Schema = z.ZodType;
/** The object or array inside optional / nullable / default wrappers. */
function unwrap(s: Schema): Schema {
  let cur = s as Schema & { unwrap?: () => Schema };
  while (typeof cur.unwrap === 'function' && !('shape' in cur) && !('element' in cur)) cur = cur.unwrap() as typeof cur;
  return cur;
}
function child(s: Schema | undefined, key: string): Schema | undefined {
  if (!s) return undefined;
  const u = unwrap(s) as Schema & { shape?: Record<string, Schema>; def?: { catchall?: Schema } };
  if (!u.shape) return undefined;
  return u.shape[key] ?? u.def?.catchall;
}
function element(s: Schema | undefined): Schema | undefined {
  const u = s ? (unwrap(s) as Schema & { element?: Schema }) : undefined;
  return u?.element;
}

interface Found {
  path: string;
  raw: boolean;
  declared: boolean;
}

/** Every placeholder, `$if` and `$each` name in a template, resolved against the schema and `$each` bindings. */
function placeholders(template: unknown, root: Schema): Found[] {
  const found: Found[] = [];
  const resolve = (path: string, scope: Record<string, Schema | undefined>) => {
    const [head, ...rest] = path.split('.');
    let s = head === 'index' ? root : head! in scope ? scope[head!] : child(root, head!);
    for (const part of rest) s = child(s, part);
    return s;
  };
  const walk = (node: unknown, scope: Record<string, Schema | undefined>): void => {
    if (typeof node === 'string') {
      for (const m of node.matchAll(TOKEN)) {
        const path = (m[1] ?? m[2])!;
        found.push({ path, raw: m[1] !== undefined, declared: resolve(path, scope) !== undefined });
      }
    } else if (Array.isArray(node)) {
      for (const item of node) walk(item, scope);
    } else if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (typeof obj.$each === 'string') {
        const list = resolve(obj.$each, scope);
        found.push({ path: obj.$each, raw: false, declared: list !== undefined });
        walk(obj.do, { ...scope, [(obj.as as string | undefined) ?? 'item']: element(list) });
        return;
      }
      if (typeof obj.$if === 'string')
        found.push({ path: obj.$if, raw: false, declared: resolve(obj.$if, scope) !== undefined });
      for (const [key, value] of Object.entries(obj)) if (key !== '$if' && key !== '$each') walk(value, scope);
    }
  };
  walk(template, {});
  return found;
}

const templates = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: f.replace(/\.json$/, '') as CardName, json: JSON.parse(readFileSync(join(dir, f), 'utf8')) }));

describe('card templates', () => {
  it('every template has a schema, and every placeholder names a declared variable', () => {
    for (const t of templates) {
      const schema = CARD_SCHEMAS[t.name] as Schema | undefined;
      expect(schema, `cards/${t.name}.json has no schema in card-registry.ts`).toBeDefined();
      const undeclared = placeholders(t.json, schema!).filter((p) => !p.declared);
      expect(
        undeclared.map((p) => p.path),
        `cards/${t.name}.json`,
      ).toEqual([]);
    }
  });

  it('the check finds a misspelt placeholder', () => {
    const found = placeholders({ content: '{{titel.zh}} {{title.zh}}' }, CARD_SCHEMAS.notice as Schema);
    expect(found.filter((p) => !p.declared).map((p) => p.path)).toEqual(['titel.zh']);
  });

  it('raw {{{…}}} slots are only the reviewed ones: built mentions and markdown the service escaped itself', () => {
    const raw = templates.flatMap((t) =>
      placeholders(t.json, CARD_SCHEMAS[t.name] as Schema)
        .filter((p) => p.raw)
        .map((p) => `${t.name}:${p.path}`),
    );
    expect([...new Set(raw)].sort()).toEqual(
      [
        'digest:o.en',
        'digest:o.zh',
        'digest:summary.en',
        'digest:summary.zh',
        'digest:table.en',
        'digest:table.zh',
        // 监督管理哨 and the source reply: every user string in them goes through escapeMarkdown (evaluation-card.ts,
        // objections.ts, reply-review.ts); the formulas are constants.
        'evaluation:formulas.en',
        'evaluation:formulas.zh',
        'evaluation:o.en',
        'evaluation:o.zh',
        'evaluation:objections.en',
        'evaluation:objections.zh',
        'evaluation:summary.en',
        'evaluation:summary.zh',
        'evaluation:table.en',
        'evaluation:table.zh',
        'objection:body.en',
        'objection:body.zh',
        'source-reply:body.en',
        'source-reply:body.zh',
        'notice:body.en',
        'notice:body.zh',
        'notice:mentions',
        'whistle-status:deptLines.en',
        'whistle-status:deptLines.zh',
        'whistle-status:n.en',
        'whistle-status:n.zh',
        'whistle-status:r.en',
        'whistle-status:r.zh',
        'whistle-status:timelineText.en',
        'whistle-status:timelineText.zh',
        'whistle-summons:clockNote.en',
        'whistle-summons:clockNote.zh',
        'whistle-summons:mentions',
        'whistle-summons:state.en',
        'whistle-summons:state.zh',
      ].sort(),
    );
  });

  it('a mentions slot takes built mentions and shows them; a plain string does not compile', () => {
    const card = renderCard('notice', {
      title: { zh: '标题', en: 'Title' },
      color: 'blue',
      mentions: mentions(['ou_a', 'ou_b']),
      body: { zh: '正文', en: 'Body' },
      buttons: [],
    });
    expect(JSON.stringify(card)).toContain('<at id=ou_a></at> <at id=ou_b></at>');
    renderCard('notice', {
      title: { zh: '标题', en: 'Title' },
      color: 'blue',
      // @ts-expect-error user text (any plain string) cannot fill a raw mentions slot
      mentions: '<at id=all></at>',
      body: { zh: '正文', en: 'Body' },
      buttons: [],
    });
  });
});
