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
    [{ LARK_APP_ID: 'cli_abc' }, /^LARK_APP_SECRET is required/],
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
});
