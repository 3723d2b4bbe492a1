import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/child-service.js';
import { startTestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

type Redis = Awaited<ReturnType<typeof startTestRedis>>;

/** `npm run build` then `npm start` with NODE_ENV=production: the compiled service, no TypeScript at run time. */
describe('the production build', () => {
  let redis: Redis;
  let proc: ChildProcess | undefined;
  let url = '';
  let dataDir = '';
  const output: string[] = [];

  beforeAll(async () => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    redis = await startTestRedis();
    dataDir = mkdtempSync(join(tmpdir(), 'whistle-dist-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const env: Record<string, string | undefined> = {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      REDIS_URL: redis.url,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      LARK_APP_ID: undefined,
      DATABASE_URL: undefined,
    };
    // --import tsx must not sneak in from the runner's options: the compiled service runs on plain node.
    delete env.NODE_OPTIONS;
    proc = spawn(process.execPath, ['scripts/start.mjs'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout!.on('data', (c: Buffer) => output.push(c.toString()));
    proc.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
  }, 240_000);

  afterAll(async () => {
    const p = proc;
    if (p && p.exitCode === null) {
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      await exited;
    }
    await redis?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('compiles src/ to dist/ with source maps and the sandbox page beside its module', () => {
    expect(existsSync('dist/main.js')).toBe(true);
    expect(existsSync('dist/main.js.map')).toBe(true);
    expect(existsSync('dist/sandbox/public/index.html')).toBe(true);
    // Without the shipped model intake silently falls back to keywords: it must travel with the build.
    expect(existsSync('dist/intake/model/nb.json')).toBe(true);
    expect(existsSync('dist/intake/model/emergency.json')).toBe(true);
  });

  it('starts from dist/, answers /readyz, serves the sandbox page and posts a card', async () => {
    await waitFor(
      async () => {
        if (proc!.exitCode !== null) throw new Error(`the service exited: ${output.join('').slice(-2000)}`);
        return (await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200;
      },
      'the compiled service ready',
      60_000,
    );
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');

    // A whistle drafted in the command chat: the reply is a card read from cards/*.json by the compiled renderer.
    const say = await fetch(`${url}/sandbox/api/say`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        chatId: 'oc_street_cmd',
        from: 'ou_cadre_1',
        text: '@吹哨报到 工体北路酒吧凌晨放音乐扰民',
      }),
    });
    expect(say.status).toBe(200);
    await waitFor(
      async () => {
        const r = await fetch(`${url}/sandbox/api/messages?chat=oc_street_cmd`);
        const msgs = (await r.json()) as { type: string; senderName: string }[];
        return msgs.some((m) => m.type === 'interactive');
      },
      'a card from the compiled service',
      20_000,
    );
  }, 90_000);
});
