import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { loadEnv } from '../../src/config/env.js';
import { createLogger } from '../../src/log.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/start-sandbox.js';
import { startTestRedis } from './redis.js';

/** CHROMIUM_PATH points at another Chromium or Chrome; else Debian's, else the first one on the PATH. */
export function findChromium(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  for (const bin of ['chromium', 'chromium-browser', 'google-chrome']) {
    const found = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).stdout.trim();
    if (found) return found;
  }
  return '/usr/bin/chromium';
}

export const CHROMIUM = findChromium();

/** `npm start`'s sandbox (own Redis, fresh data) and a headless Chromium page on it, for one describe block.
 * The flags keep Chromium off the network this machine does not have. */
export function useSandboxBrowser(shots: string): () => { page: Page; sandbox: Sandbox } {
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
    mkdirSync(shots, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
    await stopRedis?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return () => ({ page, sandbox });
}
