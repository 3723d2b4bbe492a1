import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, useSandboxBrowser } from '../helpers/sandbox-browser.js';

const SHOTS = 'test-results/sandbox-charts';

/** A newcomer walks a whistle through in the browser: Debian's chromium, headless, against `npm start`'s sandbox. */
describe.skipIf(!existsSync(CHROMIUM))('the sandbox draws the digest charts', () => {
  const env = useSandboxBrowser(SHOTS);

  const as = async (user: string, chatName?: string) => {
    await env().page.selectOption('#who', user);
    if (chatName) await env().page.locator('nav div', { hasText: chatName }).first().click();
  };

  it("a leader asks for the 月通报: the chart shows each department's rates as bars above the table", async () => {
    await env().page.goto(`${env().sandbox.service.url}/`);
    await as('ou_cadre_1', '吹哨群');
    await env().page.fill('#text', '@吹哨报到 请城管、公安、消防明天上午9点前到工体西路6号现场联合处置违建');
    await env().page.click('#compose button');
    await env().page.locator('button[data-action="confirm"]').first().waitFor();
    await env().page.locator('select[name="level"]').first().selectOption('whistle');
    await env().page.locator('input[name="reason"]').first().fill('多部门');
    await env().page.locator('button[data-action="confirm"]').first().click();
    await env().page.locator('.card', { hasText: 'SLT-' }).first().waitFor();
    await as('ou_cg_1', '城管执法队工作群');
    await env().page.locator('button[data-action="arrive"]').first().click();
    await env().page.locator('.card', { hasText: '已报到' }).first().waitFor();

    await as('ou_leader_1');
    await env().page.click('button[data-digest="monthly"]');
    const card = env().page.locator('.msg .card', { hasText: '月通报' }).last();
    await card.waitFor({ timeout: 20_000 });
    const charts = card.locator('.chart svg');
    await expect.poll(() => charts.count()).toBe(3);
    // 城管 arrived: its response bar reads 100 and is drawn longer than 规划's, which did not.
    const rates = charts.first();
    expect(await rates.locator('text', { hasText: '城管执法队' }).count()).toBe(1);
    expect(await rates.locator('text.cv', { hasText: /^100$/ }).count()).toBeGreaterThanOrEqual(1);
    const widths = await rates
      .locator('rect[width]')
      .evaluateAll((rs) => rs.filter((r) => r.getAttribute('x') !== '8').map((r) => Number(r.getAttribute('width'))));
    expect(Math.max(...widths)).toBeGreaterThan(10 * Math.min(...widths));
    // The table with the exact figures is still below the charts.
    expect(await card.locator('.md', { hasText: '响应率 100.0%' }).count()).toBe(1);
    await card.screenshot({ path: `${SHOTS}/monthly.png` });

    await env().page.click('button[data-digest="weekly"]');
    const weekly = env().page.locator('.msg .card', { hasText: '周点评' }).last();
    await weekly.waitFor({ timeout: 20_000 });
    await expect.poll(() => weekly.locator('.chart svg').count()).toBe(1);
    await weekly.screenshot({ path: `${SHOTS}/weekly.png` });
  }, 90_000);
});
