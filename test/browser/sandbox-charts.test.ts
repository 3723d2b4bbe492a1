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
const SHOTS = 'test-results/sandbox-charts';

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
describe.skipIf(!existsSync(CHROMIUM))('the sandbox draws the digest charts', () => {
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

  it("a leader asks for the 月通报: the chart shows each department's rates as bars above the table", async () => {
    await page.goto(`${sandbox.service.url}/`);
    await as('ou_cadre_1', '吹哨群');
    await page.fill('#text', '@吹哨报到 请城管、公安、消防明天上午9点前到工体西路6号现场联合处置违建');
    await page.click('#compose button');
    await page.locator('button[data-action="confirm"]').first().waitFor();
    await page.locator('select[name="level"]').first().selectOption('whistle');
    await page.locator('input[name="reason"]').first().fill('多部门');
    await page.locator('button[data-action="confirm"]').first().click();
    await page.locator('.card', { hasText: 'SLT-' }).first().waitFor();
    await as('ou_cg_1', '城管执法队工作群');
    await page.locator('button[data-action="arrive"]').first().click();
    await page.locator('.card', { hasText: '已报到' }).first().waitFor();

    await as('ou_leader_1');
    await page.click('button[data-digest="monthly"]');
    const card = page.locator('.msg .card', { hasText: '月通报' }).last();
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

    await page.click('button[data-digest="weekly"]');
    const weekly = page.locator('.msg .card', { hasText: '周点评' }).last();
    await weekly.waitFor({ timeout: 20_000 });
    await expect.poll(() => weekly.locator('.chart svg').count()).toBe(1);
    await weekly.screenshot({ path: `${SHOTS}/weekly.png` });
  }, 90_000);
});
