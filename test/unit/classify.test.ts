import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/intake/classify.js';
import { loadRosterFile } from '../../src/roster/roster-load.js';

const roster = loadRosterFile('config/roster.example.yaml');
const now = Date.parse('2026-11-23T02:00:00Z');

/** The labelled messages: id, expected lead ("-" = the bot must ask), expected kind, text. */
const examples = readFileSync('test/fixtures/cases.tsv', 'utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => l.split('\t'))
  .map((c) => ({ n: c[0]!, lead: c[1] === '-' ? null : c[1]!, kind: c[2]!, text: c[3]! }));

describe('understanding case messages', () => {
  it('places the lead department of at least 90 % and catches every emergency', () => {
    let right = 0;
    const confusions: string[] = [];
    for (const e of examples) {
      const u = classify(e.text, roster, now);
      if (u.lead === e.lead) right += 1;
      else confusions.push(`#${e.n}: expected ${e.lead}, got ${u.lead}`);
      if (e.kind === 'emergency') expect(u.kind, `#${e.n}`).toBe('emergency');
    }
    const accuracy = right / examples.length;
    console.log(`lead accuracy ${(accuracy * 100).toFixed(1)} % on ${examples.length} labelled messages`, confusions);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('asks instead of guessing when nothing fits', () => {
    const u = classify('这个事情需要大家一起商量一下', roster, now);
    expect(u.category).toBeNull();
    expect(u.question?.zh).toBeTruthy();
  });

  it('turns any string into a draft or a question, never a crash', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const u = classify(s, roster, now);
        expect(u.category !== null || u.question !== null).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
