import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDigest } from '../../src/digest/digest-jobs.js';
import { checkCard } from '../../src/lark/cards/card-rules.js';
import { nextMonthMorning } from '../helpers/digest-scenario.js';
import { type CardJson, cardText, type Harness, startHarness, tap, whistleCase } from '../helpers/harness.js';
import { waitFor } from '../helpers/wait.js';

const charts = (card: CardJson): CardJson[] => card.body.elements.filter((e: CardJson) => e.tag === 'chart');

describe('the 月通报 through the emulator carries its charts', () => {
  let h: Harness;
  beforeAll(async () => {
    // 10:00 in Beijing on the month's last day: the bulletin runs the next morning.
    h = await startHarness({ start: Date.parse('2026-11-30T02:00:00Z') });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('the district receives the bulletin with valid chart elements: rates per department, the daily trend and cases per level', async () => {
    await whistleCase(h, '东四六条胡同里有人私装地锁占车位'); // 城管 leads, 交通 assists
    const cg = await waitFor(
      () => h.botCards('oc_dept_chengguan').find((m) => m.content.includes('"arrive"')),
      'summons to 城管',
    );
    await tap(h, cg.id, 'ou_cg_1', 'arrive');
    await tap(h, cg.id, 'ou_cg_1', 'done');

    h.clock.set(nextMonthMorning(h.clock.now(), h.roster.timezone));
    expect(await sendDigest({ ...h.svc.deps, roster: () => h.roster }, 'monthly')).toBe('sent');
    const msg = await waitFor(
      () => h.botCards('oc_p2p_district_1').find((m) => cardText(JSON.parse(m.content)).includes('月通报')),
      'monthly bulletin to the district',
    );
    const card = h.card(msg.id);
    expect(checkCard(card)).toEqual([]);
    const byId = (id: string) => charts(card).find((c) => c.chart_spec.data.id === id);
    const [rates, trend, levels] = [byId('rates'), byId('days'), byId('levels')];
    expect(rates.chart_spec.type).toBe('bar');
    const values = rates.chart_spec.data.values as { dept: string; metric: string; rate: number }[];
    expect(values).toContainEqual({ dept: '城管执法队', metric: '响应率 Response', rate: 100 });
    expect(values).toContainEqual({ dept: '城管执法队', metric: '解决率 Resolution', rate: 100 });
    expect(values.find((v) => v.dept !== '城管执法队' && v.metric === '响应率 Response')?.rate).toBe(0);
    expect(levels.chart_spec.data.values).toContainEqual({ level: '街道吹哨 Street whistle', cases: 1 });
    // The month's trend: every day of November in Beijing, the case on the 30th.
    expect(trend.chart_spec.type).toBe('line');
    expect(trend.chart_spec.data.values).toHaveLength(30);
    expect(trend.chart_spec.data.values.at(-1)).toEqual({ day: '11-30', cases: 1 });
    expect(trend.chart_spec.data.values[0]).toEqual({ day: '11-01', cases: 0 });
    // The exact figures are still there, below the charts.
    expect(cardText(card)).toContain('响应率 **50.0%**');
    expect(cardText(card)).toContain('**城管执法队**：响应率 100.0%');
  });
});
