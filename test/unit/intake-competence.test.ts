import { describe, expect, it } from 'vitest';
import { corpusRows } from '../../scripts/intake/data.js';
import { classify } from '../../src/intake/classify.js';
import { competence } from '../../src/intake/competence.js';
import { loadRosterFile, parseRoster } from '../../src/roster/roster-load.js';

const example = loadRosterFile('config/roster.example.yaml');
const plain = loadRosterFile('test/fixtures/roster-plain.yaml');
const now = Date.parse('2026-11-23T02:00:00Z');

/** A roster whose departments have names the taxonomy cannot read: what they serve is declared. */
const declared = (fireFunctions: string) =>
  parseRoster(`
street: { id: oddtown, name: 奇名街道, chats: [oc_odd] }
departments:
  - { id: team_a, name: 第一工作队, chat: oc_a, contacts: [ou_a], functions: [${fireFunctions}] }
  - { id: team_b, name: 第二工作队, chat: oc_b, contacts: [ou_b], functions: [public_security] }
`);

describe('placing cases by competence', () => {
  it('keeps an acceptable lead for most corpus train rows on both rosters (a floor, not the evaluation)', () => {
    const rows = corpusRows('train');
    expect(rows.length).toBeGreaterThan(100);
    for (const roster of [example, plain]) {
      const comp = competence(roster);
      let right = 0;
      for (const r of rows) {
        const u = classify(r.text, roster, now);
        const served = r.functions.some((f) => comp.serving.has(f));
        if (u.lead ? (comp.of.get(u.lead) ?? []).some((f) => r.functions.includes(f)) : !served) right++;
      }
      expect(right / rows.length, roster.street.id).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('gives every emergency a department, never a question, even when no roster category names it', () => {
    const cases: [string, string, string][] = [
      ['3号楼2单元楼道里闻到很大的煤气味，家里没人应门', 'xiaofang', 'xf'],
      ['小区电梯突然停在两层之间，有一个老人被困在里面', 'xiaofang', 'xf'],
      ['地下通道积水没过车顶，有车辆熄火，司机被困在车里', 'xiaofang', 'xf'],
      ['老楼的墙体开裂后突然坍塌，怀疑有人被埋', 'xiaofang', 'xf'],
      ['廟會人太多，入口處擁擠，已經有人摔倒被踩踏', 'gongan', 'pcs'],
      ['工厂有化学品泄漏，刺鼻气味很重', 'xiaofang', 'xf'],
    ];
    for (const [text, exampleLead, plainLead] of cases) {
      for (const [roster, lead] of [
        [example, exampleLead],
        [plain, plainLead],
      ] as const) {
        const u = classify(text, roster, now);
        expect(u.kind, text).toBe('emergency');
        expect(u.lead, text).toBe(lead);
        expect(u.question, text).toBeNull();
        expect(u.level, text).toBe('whistle');
      }
    }
  });

  it('puts the gas company beside fire and rescue on a gas leak', () => {
    const u = classify('居民楼里燃气泄漏，味道很浓', example, now);
    expect(u.lead).toBe('xiaofang');
    expect(u.assist).toContain('ranqi');
    expect(u.assist).toContain('gongan');
  });

  it('uses what a department declares it serves, whatever it is called', () => {
    const u = classify('仓库起火了，浓烟很大', declared('fire_rescue'), now);
    expect(u.lead).toBe('team_a');
    expect(u.kind).toBe('emergency');
    // No department serving fire and rescue: the police still get the alarm rather than nobody.
    const v = classify('仓库起火了，浓烟很大', declared('landscaping'), now);
    expect(v.lead).toBe('team_b');
  });

  it('refuses a roster that declares an unknown function', () => {
    expect(() => declared('firefighting')).toThrow(/functions/);
  });

  it('says who owns a matter the roster has no department for, in Chinese and English, and guesses no lead', () => {
    for (const [text, zh, en] of [
      ['家里暖气不热，室温只有十二度', '供热', 'heating'],
      ['工地老板拖欠我们农民工工资三个月了', '人力社保', 'human resources'],
      ['幼儿园又要涨学费，一学期涨了六百元', '教育', 'education'],
    ] as const) {
      for (const roster of [example, plain]) {
        const u = classify(text, roster, now);
        expect(u.lead, text).toBeNull();
        expect(u.question?.zh, text).toContain(zh);
        expect(u.question?.zh, text).toContain('名册中没有');
        expect(u.question?.en, text).toContain(en);
        expect(u.kind, text).not.toBe('emergency');
      }
    }
  });

  it('proposes the grid for a small neighbourhood matter and one department for a plain one', () => {
    expect(classify('邻居在楼道里堆了鞋柜和杂物，上下楼不方便', example, now).level).toBe('grid');
    const one = classify('幸福村路口有人占道摆摊卖水果', example, now);
    expect(one.lead).toBe('chengguan');
    expect(one.level).toBe('dispatch');
  });

  it('does not raise an alarm for what is denied or merely feared', () => {
    for (const text of ['昨天说的起火是误报，现场没有起火', '小区里违建太多，极易引发火灾，请城管处理']) {
      expect(classify(text, example, now).kind, text).not.toBe('emergency');
    }
  });

  it('uses the roster category of the chosen department when the text fits it, else the function', () => {
    expect(classify('楼下饭馆把桌椅摆到人行道上占道经营', example, now).category).toBe('road-occupation');
    const u = classify('小区垃圾站好几天没人清运，臭气熏天', plain, now);
    expect(u.lead === null || u.category !== null).toBe(true);
  });

  it('ranks functions with scores so a card can offer the likeliest three', () => {
    const u = classify('餐馆后厨卫生很差，吃完拉肚子', plain, now);
    expect(u.functions[0]?.id).toBe('food_drug');
    expect(u.functions.length).toBeGreaterThanOrEqual(2);
    // No food-and-drug office on the plain roster: market regulation, acceptable for food safety, leads.
    expect(u.lead).toBe('sjs');
  });
});
