import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { loadRosterFile } from '../../src/roster/roster-load.js';
import { holdRoster } from '../../src/roster/roster-reload.js';

const dir = mkdtempSync(join(tmpdir(), 'roster-reload-'));
const example = readFileSync('config/roster.example.yaml', 'utf8');
const logs: string[] = [];
const log = createLogger(
  'info',
  new Writable({
    write(c, _e, cb) {
      logs.push(c.toString());
      cb();
    },
  }),
);

/** The example roster with `n` more categories, each with many keywords: a big file, still valid. */
function bigRoster(n: number): string {
  const words = Array.from({ length: 60 }, (_, k) => `关键词${k}`).join(', ');
  const cats = Array.from(
    { length: n },
    (_, i) => `  - { id: extra-${i}, name: 类别${i}, lead: chengguan, keywords: [词${i}, ${words}] }\n`,
  ).join('');
  return example.replace(/\ncategories:\n/, `\ncategories:\n${cats}`);
}

describe('roster reloads', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('one reload at a time: ten requests at once parse the file at most twice and all see the result', async () => {
    const file = join(dir, 'a.yaml');
    writeFileSync(file, example);
    let reloaded = 0;
    const holder = holdRoster(file, loadRosterFile(file), log, { onReloaded: () => reloaded++ });
    try {
      writeFileSync(file, example.replace('name: 三里屯街道', 'name: 三里屯街道办事处'));
      const results = await Promise.all(Array.from({ length: 10 }, () => holder.reload()));
      expect(results.every((r) => r.ok)).toBe(true);
      expect(reloaded).toBeLessThanOrEqual(2);
      expect(holder.get().street.name).toBe('三里屯街道办事处');
    } finally {
      holder.stop();
    }
  });

  it('a big roster is parsed off the event loop: the service keeps answering while it loads', async () => {
    const file = join(dir, 'big.yaml');
    writeFileSync(file, example);
    const holder = holdRoster(file, loadRosterFile(file), log, {});
    try {
      const text = bigRoster(1500);
      expect(Buffer.byteLength(text)).toBeGreaterThan(1024 * 1024);
      writeFileSync(file, text);
      let last = performance.now();
      let worstGap = 0;
      const tick = setInterval(() => {
        const now = performance.now();
        worstGap = Math.max(worstGap, now - last);
        last = now;
      }, 10);
      const r = await holder.reload();
      clearInterval(tick);
      expect(r).toEqual({ ok: true });
      expect(holder.get().categories.length).toBeGreaterThan(1500);
      expect(holder.get().deadlines('extra-1', 'assemble', 0).arriveBy).toBe(30 * 60_000);
      // Parsed in-process, this file stalls the loop for seconds; a stall over 1 s would delay Lark's answers.
      expect(worstGap).toBeLessThan(1_000);
      writeFileSync(file, text.replace('lead: chengguan, keywords: [词7,', 'lead: nobody, keywords: [词7,'));
      const bad = await holder.reload();
      expect(bad.ok).toBe(false);
      expect(!bad.ok && bad.error).toMatch(/big\.yaml:\d+: unknown department "nobody"/);
      expect(holder.get().categories.length).toBeGreaterThan(1500);
    } finally {
      holder.stop();
    }
  }, 90_000);
});
