import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env.js';
import { StartupError } from '../../src/errors.js';
import { loadRosterFile, parseRoster } from '../../src/roster/roster-load.js';

describe('environment', () => {
  it('defaults to the sandbox', () => {
    const env = loadEnv({});
    expect(env.LARK_APP_ID).toBeUndefined();
    expect(env.PORT).toBe(3000);
    expect(env.LARK_DOMAIN).toBe('feishu');
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT /],
    [{ LARK_DOMAIN: 'http://127.0.0.1:9000/' }, /^LARK_DOMAIN must be/],
    [{ LARK_MODE: 'socket' }, /^LARK_MODE /],
    [{ LARK_APP_ID: 'cli_a1b2c3d4e5f60718' }, /^LARK_APP_SECRET is required/],
    // Only what the SDK's WSClient.start() accepts: cli_ and 16 hex digits (it silently never connects otherwise).
    [{ LARK_APP_ID: 'cli_abc', LARK_APP_SECRET: 's', LARK_VERIFICATION_TOKEN: 't' }, /^LARK_APP_ID must be cli_/],
    [{ LARK_APP_ID: 'cli_a1b2c3d4e5f6071g', LARK_APP_SECRET: 's' }, /^LARK_APP_ID must be cli_/],
    [{ LARK_APP_ID: 'cli_a1b2c3d4e5f607189', LARK_APP_SECRET: 's' }, /^LARK_APP_ID must be cli_/],
    [{ LARK_APP_ID: 'app_a1b2c3d4e5f60718', LARK_APP_SECRET: 's' }, /^LARK_APP_ID must be cli_/],
    [{ REDIS_URL: 'localhost:6379' }, /^REDIS_URL must be a URL/],
  ])('stops on %o with one line naming the variable', (env, message) => {
    try {
      loadEnv(env);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(StartupError);
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).not.toContain('\n');
    }
  });
});

const base = `
street: { id: s, name: 街道, chats: [oc_cmd] }
departments:
  - { id: a, name: 甲, chat: oc_a, contacts: [ou_a] }
categories:
  - { id: c1, name: 类, lead: a, arrive: 30m }
`;

describe('roster', () => {
  it('loads the example roster: the whole 1+5+N and at least 15 categories', () => {
    const r = loadRosterFile('config/roster.example.yaml');
    expect(r.departments.filter((d) => d.tier === 'core')).toHaveLength(5);
    expect(r.departments.filter((d) => d.tier === 'extended').length).toBeGreaterThanOrEqual(6);
    expect(r.categories.length).toBeGreaterThanOrEqual(15);
    for (const d of r.departments) expect(d.head).toBeDefined();
  });

  it('accepts s, m, h and d durations', () => {
    const r = parseRoster(base.replace('arrive: 30m', 'arrive: 90s, resolve: 2d'));
    expect(r.deadlines('c1', 'assemble', 0)).toEqual({ arriveBy: 90_000, resolveBy: 2 * 86_400_000 });
  });

  it.each([
    [base.replace('lead: a', 'lead: zz'), 6, 'unknown department "zz"'],
    [base.replace('arrive: 30m', 'arrive: 30 minutes'), 6, 'must be a duration'],
    [`${base}  - { id: c1, name: 又, lead: a }\n`, 7, 'duplicate category id "c1"'],
    [base.replace('contacts: [ou_a]', 'contacts: [bob]'), 4, 'must be an open_id'],
    [`${base}colour: red\n`, undefined, 'unknown key "colour"'],
    [base.replace('arrive: 30m', 'arrive: 2wd'), 6, 'wd and wh need a calendar'],
    [`${base}calendar: { hours: "18:00-09:00" }\n`, 7, 'must end after it starts'],
  ])('rejects a bad roster and names the line (%#)', (text, line, message) => {
    expect(() => parseRoster(text, 'roster.yaml')).toThrow(message);
    if (line) expect(() => parseRoster(text, 'roster.yaml')).toThrow(`roster.yaml:${line}:`);
  });

  it.each([
    ['arrive: 99999999d', 'must be between 1m and 7d'],
    ['arrive: 0s', 'must be between 1m and 7d'],
    ['arrive: 8d', 'must be between 1m and 7d'],
    ['arrive: 30m, resolve: 366d', 'must be between 1m and 365d'],
    ['arrive: 30m, resolve: 10s', 'must be between 1m and 365d'],
  ])('refuses an out-of-range duration and names its line: %s', (value, message) => {
    const text = base.replace('arrive: 30m', value);
    expect(() => parseRoster(text, 'roster.yaml')).toThrow(message);
    expect(() => parseRoster(text, 'roster.yaml')).toThrow('roster.yaml:6:');
  });

  it('bounds the defaults, presence checks and escalation steps too', () => {
    expect(() => parseRoster(`${base}defaults: { emergency_arrive: 0s }\n`)).toThrow('must be between 1m and 7d');
    expect(() => parseRoster(`${base}defaults: { presence_check: 1000d }\n`)).toThrow('must be between 1m and 1d');
    expect(() => parseRoster(`${base}escalation: [{ after: 99999d, to: head }]\n`)).toThrow('between 0s and 30d');
    expect(parseRoster(`${base}escalation: [{ after: 0s, to: head }]\n`).escalation[0]!.after).toBe(0);
    expect(
      parseRoster(base.replace('arrive: 30m', 'arrive: 7d, resolve: 365d')).deadlines('c1', 'assemble', 0),
    ).toEqual({
      arriveBy: 7 * 86_400_000,
      resolveBy: 365 * 86_400_000,
    });
  });
});

describe('roster size', () => {
  const dept = (i: number) => `  - { id: d${i}, name: 部门${i}, chat: oc_d${i}, contacts: [ou_d${i}] }\n`;
  const cat = (i: number) => `  - { id: c${i}, name: 类别${i}, lead: d0, keywords: [词${i}] }\n`;
  const roster = (depts: number, cats: number) =>
    `street: { id: s, name: 街道, chats: [oc_cmd] }\ndepartments:\n${Array.from({ length: depts }, (_, i) => dept(i)).join('')}categories:\n${Array.from({ length: cats }, (_, i) => cat(i)).join('')}`;

  it('loads a large real roster: 200 departments and 2000 categories', () => {
    const r = parseRoster(roster(200, 2000));
    expect(r.departments).toHaveLength(200);
    expect(r.categories).toHaveLength(2000);
  });

  it('refuses more than 200 departments or 2000 categories, naming why', () => {
    expect(() => parseRoster(roster(201, 1), 'roster.yaml')).toThrow(
      /roster\.yaml:3: too many departments: at most 200/,
    );
    expect(() => parseRoster(roster(1, 2001), 'roster.yaml')).toThrow(
      /roster\.yaml:5: too many categories: at most 2000/,
    );
  });

  it('refuses a file over 2 MB before reading it, naming the file and the size', () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-size-'));
    try {
      const big = join(dir, 'big.yaml');
      writeFileSync(big, `${roster(1, 1)}# ${'x'.repeat(10 * 1024 * 1024)}\n`);
      const t0 = performance.now();
      expect(() => loadRosterFile(big)).toThrow(/big\.yaml: the roster is 10\.0 MB; at most 2 MB is accepted/);
      expect(performance.now() - t0).toBeLessThan(100);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
