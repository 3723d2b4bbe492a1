import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env.js';
import { createLogger } from '../../src/log.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/start-sandbox.js';
import { startTestRedis } from '../helpers/redis.js';

// CHROMIUM_PATH points at another Chromium or Chrome; else Debian's, else the first one on the PATH.
const CHROMIUM = findChromium();
const SHOTS = 'test-results/sandbox';

function findChromium(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  for (const bin of ['chromium', 'chromium-browser', 'google-chrome']) {
    const found = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).stdout.trim();
    if (found) return found;
  }
  return '/usr/bin/chromium';
}

/** A newcomer walks a whistle through in the browser: Debian's chromium, headless, against `npm start`'s sandbox. */
describe.skipIf(!existsSync(CHROMIUM))('the sandbox in a browser', () => {
  let sandbox: Sandbox;
  let browser: Browser;
  let page: Page;
  let stopRedis: () => Promise<void>;
  let dataDir: string;

  beforeAll(async () => {
    const redis = await startTestRedis();
    stopRedis = redis.stop;
    dataDir = mkdtempSync(join(tmpdir(), 'sandbox-'));
    sandbox = await startSandbox(
      loadEnv({ PORT: '0', REDIS_URL: redis.url, DATA_DIR: dataDir }),
      createLogger('silent'),
    );
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    page.on('dialog', (d) => void d.accept());
    mkdirSync(SHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
    await stopRedis?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const as = async (user: string, chatName?: string) => {
    await page.selectOption('#who', user);
    if (chatName) await page.locator('nav div', { hasText: chatName }).first().click();
  };
  const lastCard = () => page.locator('.msg .card').last();

  it('case #24: chat, confirm, 报到, time runs past 公安 deadline, escalation, finish, accept', async () => {
    await page.goto(`${sandbox.service.url}/`);
    await as('ou_cadre_1', '吹哨群');
    await page.fill('#text', '@吹哨报到 请城管、公安、消防明天上午9点前到工体西路6号现场联合处置违建');
    await page.click('#compose button');
    await page.locator('button[data-action="confirm"]').first().waitFor();
    await page.screenshot({ path: `${SHOTS}/1-draft.png` });
    // Three departments: the draft proposes a street whistle, which needs its reason.
    await page.locator('select[name="level"]').first().selectOption('whistle');
    await page.locator('input[name="reason"]').first().fill('多部门');
    await page.locator('button[data-action="confirm"]').first().click();
    await page.locator('.card', { hasText: 'SLT-' }).first().waitFor();
    await page.screenshot({ path: `${SHOTS}/2-status.png` });

    await as('ou_cg_1', '城管执法队工作群');
    await page.locator('button[data-action="arrive"]').first().click();
    await page.locator('.card', { hasText: '已报到' }).first().waitFor();
    await page.screenshot({ path: `${SHOTS}/3-arrived.png` });

    // Run time past 公安's 30-minute arrival deadline: the head hears of it, with an urgent on the summons card.
    await page.click('button[data-speed="600"]');
    await as('ou_ga_head');
    await page.locator('nav div', { hasText: '吹哨报到 (bot)' }).click();
    await page.locator('.card', { hasText: '升级督办' }).first().waitFor({ timeout: 20_000 });
    await page.click('button[data-speed="1"]');
    await page.screenshot({ path: `${SHOTS}/4-escalated.png` });
    await as('ou_ga_head', '公安派出所工作群');
    await page.locator('.urgent').first().waitFor();

    await as('ou_cg_1', '城管执法队工作群');
    await page.locator('button[data-action="done"]').first().click();
    await page.locator('.card', { hasText: '已办结' }).first().waitFor();

    // The street releases the two assisting departments, then accepts.
    await as('ou_cadre_1', '吹哨群');
    for (const dept of ['gongan', 'xiaofang']) {
      const card = page.locator('.card', { hasText: 'SLT-' }).first();
      await card.locator('select[name="dept"]').first().selectOption(dept);
      await card.locator('input[name="reason"]').last().fill('现场已处置完毕');
      await card.locator('button[data-action="release"]').click();
      await page.waitForTimeout(300);
      await expect.poll(() => page.locator('#toast').textContent()).toContain('已放行');
    }
    await page.locator('button[data-action="accept"]').first().waitFor();
    await page.locator('button[data-action="accept"]').first().click();
    await page.locator('.card', { hasText: '已验收' }).first().waitFor();
    await page.screenshot({ path: `${SHOTS}/5-accepted.png` });
    expect(await lastCard().count()).toBeGreaterThan(0);
  }, 120_000);
});
