import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Architecture boundaries, checked on the source text (in the style of vercel/chat's adapter boundary test):
 * only src/lark speaks Lark (SDK imports and wire shapes), only stores speak SQL. A failure names the file. */

const root = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [relative(root, path)] : [];
  });
}

const ALL = sources(join(root, 'src'));
const text = (file: string) => readFileSync(join(root, file), 'utf8');

/** src/lark is the adapter; src/emulator is our Lark (it must speak the wire format to be one). */
const SPEAKS_LARK = (file: string) => file.startsWith('src/lark/') || file.startsWith('src/emulator/');

const WIRE_SHAPES: [string, RegExp][] = [
  ['the Lark SDK', /from '@larksuiteoapi\//],
  // A value (`op: 'send',`), not the job type's declaration (`op: 'send';` in queue/outbound-jobs.ts).
  ["a send job literal (op: 'send')", /op:\s*'send'(\s+as const)?\s*,/],
  ["a receive id type ('chat_id' / 'open_id')", /type:\s*'(chat_id|open_id)'(\s+as const)?\s*,\s*id/],
  ['message content as a JSON string of a card', /content:\s*JSON\.stringify\(/],
  ['<at> mention markup', /<at id=/],
  ["a raw card callback answer (type: 'raw')", /type:\s*'raw'/],
  ['a callback toast in Lark shape (i18n zh_cn/en_us)', /i18n:\s*\{\s*zh_cn:/],
];

/** Files that hold SQL, each a store of its own concept. Anything else asks one of them. */
const STORES = new Set([
  'src/whistle/store.ts',
  'src/whistle/store-writes.ts',
  'src/whistle/store-plan.ts',
  'src/queue/inbox.ts',
  'src/queue/outbox.ts',
  'src/queue/group-insert.ts',
  'src/intake/learn/store.ts',
  'src/intake/learn/rates.ts',
  'src/callbacks/events.ts',
  'src/callbacks/sweep.ts',
  'src/callbacks/worker.ts',
  'src/digest/digest-data.ts',
  'src/digest/digest.ts',
  'src/digest/digest-jobs.ts',
  'src/district/district-digest.ts',
  'src/evaluation/evaluation-store.ts',
  'src/ledger/ledger-sync.ts',
  'src/metrics.ts',
  'src/db/database.ts',
  'src/db/migrations.ts',
  'src/sandbox/sandbox-routes.ts',
]);
const SQL = /\.(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql`/;
const DB_LAYER = /from '(\.\.\/)+db\/database\.js'|from 'kysely'/;
/** Type-only imports of Kysely (a Transaction passed through) are not SQL. */
const typeOnly = (line: string) => /^import type /.test(line);

function offenders(files: string[], test: (file: string, source: string) => string | undefined): string[] {
  return files.flatMap((file) => {
    const found = test(file, text(file));
    return found ? [`${file}: ${found}`] : [];
  });
}

describe('architecture boundaries', () => {
  it('only src/lark imports the Lark SDK or builds Lark wire shapes', () => {
    const bad = offenders(
      ALL.filter((f) => !SPEAKS_LARK(f)),
      (_f, source) => WIRE_SHAPES.find(([, re]) => re.test(source))?.[0],
    );
    expect(bad, 'use the builders in src/lark/outbound/messages.ts or src/lark/inbound/card-answer.ts').toEqual([]);
  });

  it('only stores write SQL or import the database layer', () => {
    const bad = offenders(
      ALL.filter((f) => !STORES.has(f) && f !== 'src/composition.ts' && !f.startsWith('src/db/')),
      (_f, source) => {
        if (SQL.test(source)) return 'SQL outside a store';
        const line = source.split('\n').find((l) => DB_LAYER.test(l) && !typeOnly(l));
        return line ? `imports the database layer (${line.trim()})` : undefined;
      },
    );
    expect(bad, 'give the store a method and call it').toEqual([]);
  });

  it('the checks catch what they are meant to catch', () => {
    // The patterns themselves, on the shapes this project used to write outside src/lark.
    const sample = "job: { op: 'send', to: { type: 'chat_id', id: chat }, msg: { content: JSON.stringify(card) } }";
    expect(WIRE_SHAPES.filter(([, re]) => re.test(sample)).length).toBe(3);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the sample is source text holding a template literal.
    expect(WIRE_SHAPES.some(([, re]) => re.test('`<at id=${id}></at>`'))).toBe(true);
    expect(SQL.test("await tx.updateTable('presence').set({ missed: true })")).toBe(true);
    expect(SQL.test('store.find(id)')).toBe(false);
  });
});
