import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/harness.js';

const AUTH = { authorization: 'Bearer test-admin-token-0123456789' };

describe('every route answers a short JSON error with an id that is in the log', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** The answer is JSON `{error, id}`, no HTML, no stack or server path, and the id is in a log line. */
  const expectJsonError = async (res: Response, status: number, mentions?: RegExp) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await res.text();
    expect(text).not.toMatch(/<html|<pre|\bat \w|node_modules|\/work\/|\.ts:\d/i);
    const body = JSON.parse(text) as { error: string; id: string };
    expect(Object.keys(body).sort()).toEqual(['error', 'id']);
    expect(body.error.length).toBeLessThan(120);
    if (mentions) expect(body.error).toMatch(mentions);
    expect(h.logs.some((l) => l.includes(`"errorId":"${body.id}"`))).toBe(true);
    return body;
  };

  it('an unknown Content-Encoding on /lark/events is 415 JSON', async () => {
    const res = await fetch(`${h.svc.url}/lark/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'x-made-up' },
      body: '{}',
    });
    await expectJsonError(res, 415);
  });

  it('a broken gzip body on /lark/events is 400 JSON', async () => {
    const gz = gzipSync('{"a":1}').subarray(0, 12);
    const res = await fetch(`${h.svc.url}/lark/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gz,
    });
    await expectJsonError(res, 400);
  });

  it('a signed, encrypted body that decrypts to null is 400, not 500', async () => {
    for (const payload of [null, 42, 'text', [1, 2]]) {
      const { body, headers } = h.emu.sender.wire(payload);
      const res = await fetch(`${h.svc.url}/lark/events`, { method: 'POST', headers, body });
      await expectJsonError(res, 400);
    }
  });

  it('bad JSON and a 300 KB body on /api are 400 and 413 JSON', async () => {
    const post = (body: string) =>
      fetch(`${h.svc.url}/api/whistles`, {
        method: 'POST',
        headers: { ...AUTH, 'content-type': 'application/json' },
        body,
      });
    await expectJsonError(await post('{"text": "漏水'), 400);
    await expectJsonError(await post(JSON.stringify({ text: 'x'.repeat(300 * 1024) })), 413);
  });

  it('a bad query parameter is 400 naming it', async () => {
    const get = (q: string) => fetch(`${h.svc.url}/api/whistles?${q}`, { headers: AUTH });
    await expectJsonError(await get('limit=-1'), 400, /^limit/);
    await expectJsonError(await get('limit=abc'), 400, /^limit/);
    await expectJsonError(await get('offset=1e20'), 400, /^offset/);
    await expectJsonError(await get('from=garbage'), 400, /^from/);
    await expectJsonError(await get('to=9999-12-31'), 400, /^to/);
    await expectJsonError(await get('overdue=maybe'), 400, /^overdue/);
    expect((await get('limit=5&offset=0&from=2026-01-01')).status).toBe(200);
  });

  it('unknown routes, a wrong token and an unknown case are JSON too', async () => {
    await expectJsonError(await fetch(`${h.svc.url}/nope/${randomBytes(4).toString('hex')}`), 404);
    await expectJsonError(await fetch(`${h.svc.url}/api/whistles`), 401);
    await expectJsonError(await fetch(`${h.svc.url}/api/whistles/SLT-20200101-001`, { headers: AUTH }), 404);
    await expectJsonError(await fetch(`${h.svc.url}/lark/events`, { method: 'POST', body: 'not json' }), 400);
  });

  it('/metrics labels requests by the matched route: 500 random paths add no series', async () => {
    const metrics = async () => (await (await fetch(`${h.svc.url}/metrics`)).text()).split('\n');
    const series = async () => (await metrics()).filter((l) => l.startsWith('whistle_http_requests_total{'));
    await metrics(); // its own request is a series too
    for (let i = 0; i < 5; i++) await fetch(`${h.svc.url}/probe/${randomBytes(6).toString('hex')}`);
    const before = await series();
    for (let i = 0; i < 500; i++) await fetch(`${h.svc.url}/${randomBytes(6).toString('hex')}/x`);
    const after = await series();
    expect(after.length).toBe(before.length);
    expect(after.some((l) => l.includes('route="unmatched"'))).toBe(true);
    expect(after.join('\n')).not.toContain('probe');
  });

  it('the queue dashboard is read-only: a pause is refused and the queue keeps running', async () => {
    const queues = (await (await fetch(`${h.svc.url}/admin/queues/api/queues`, { headers: AUTH })).json()) as {
      queues: { name: string; readOnlyMode: boolean }[];
    };
    expect(queues.queues.length).toBeGreaterThan(0);
    expect(queues.queues.every((q) => q.readOnlyMode)).toBe(true);
    const name = queues.queues[0]!.name;
    for (const path of [`queues/${encodeURIComponent(name)}/pause`, 'queues/pause', `queues/${name}/clean/failed`]) {
      const res = await fetch(`${h.svc.url}/admin/queues/api/${path}`, { method: 'PUT', headers: AUTH });
      await expectJsonError(res, 405);
    }
    const after = (await (await fetch(`${h.svc.url}/admin/queues/api/queues`, { headers: AUTH })).json()) as {
      queues: { name: string; isPaused: boolean }[];
    };
    expect(after.queues.find((q) => q.name === name)?.isPaused).toBe(false);
  });
});
