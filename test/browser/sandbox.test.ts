import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, useSandboxBrowser } from '../helpers/sandbox-browser.js';

const SHOTS = 'test-results/sandbox';

/** A newcomer walks a whistle through in the browser: Debian's chromium, headless, against `npm start`'s sandbox. */
describe.skipIf(!existsSync(CHROMIUM))('the sandbox in a browser', () => {
  const env = useSandboxBrowser(SHOTS);

  const as = async (user: string, chatName?: string) => {
    await env().page.selectOption('#who', user);
    if (chatName) await env().page.locator('nav div', { hasText: chatName }).first().click();
  };
  const lastCard = () => env().page.locator('.msg .card').last();

  it('case #24: chat, confirm, 报到, time runs past 公安 deadline, escalation, finish, accept', async () => {
    await env().page.goto(`${env().sandbox.service.url}/`);
    await as('ou_cadre_1', '吹哨群');
    await env().page.fill('#text', '@吹哨报到 请城管、公安、消防明天上午9点前到工体西路6号现场联合处置违建');
    await env().page.click('#compose button');
    await env().page.locator('button[data-action="confirm"]').first().waitFor();
    await env().page.screenshot({ path: `${SHOTS}/1-draft.png` });
    // Three departments: the draft proposes a street whistle, which needs its reason.
    await env().page.locator('select[name="level"]').first().selectOption('whistle');
    await env().page.locator('input[name="reason"]').first().fill('多部门');
    await env().page.locator('button[data-action="confirm"]').first().click();
    await env().page.locator('.card', { hasText: 'SLT-' }).first().waitFor();
    await env().page.screenshot({ path: `${SHOTS}/2-status.png` });

    await as('ou_cg_1', '城管执法队工作群');
    await env().page.locator('button[data-action="arrive"]').first().click();
    await env().page.locator('.card', { hasText: '已报到' }).first().waitFor();
    await env().page.screenshot({ path: `${SHOTS}/3-arrived.png` });

    // Run time past 公安's 30-minute arrival deadline: the head hears of it, with an urgent on the summons card.
    await env().page.click('button[data-speed="600"]');
    await as('ou_ga_head');
    await env().page.locator('nav div', { hasText: '吹哨报到 (bot)' }).click();
    await env().page.locator('.card', { hasText: '升级督办' }).first().waitFor({ timeout: 20_000 });
    await env().page.click('button[data-speed="1"]');
    await env().page.screenshot({ path: `${SHOTS}/4-escalated.png` });
    await as('ou_ga_head', '公安派出所工作群');
    await env().page.locator('.urgent').first().waitFor();

    await as('ou_cg_1', '城管执法队工作群');
    await env().page.locator('button[data-action="done"]').first().click();
    await env().page.locator('.card', { hasText: '已办结' }).first().waitFor();

    // The street releases the two assisting departments, then accepts.
    await as('ou_cadre_1', '吹哨群');
    for (const dept of ['gongan', 'xiaofang']) {
      const card = env().page.locator('.card', { hasText: 'SLT-' }).first();
      await card.locator('select[name="dept"]').first().selectOption(dept);
      await card.locator('input[name="reason"]').last().fill('现场已处置完毕');
      await card.locator('button[data-action="release"]').click();
      await env().page.waitForTimeout(300);
      await expect.poll(() => env().page.locator('#toast').textContent()).toContain('已放行');
    }
    await env().page.locator('button[data-action="accept"]').first().waitFor();
    await env().page.locator('button[data-action="accept"]').first().click();
    await env().page.locator('.card', { hasText: '已验收' }).first().waitFor();
    await env().page.screenshot({ path: `${SHOTS}/5-accepted.png` });
    expect(await lastCard().count()).toBeGreaterThan(0);
  }, 120_000);
});
