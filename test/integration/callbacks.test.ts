import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { button, getCase, type Harness, startHarness } from '../helpers/harness.js';
import { waitFor } from '../helpers/wait.js';

const ADMIN = { authorization: 'Bearer test-admin-token-0123456789', 'content-type': 'application/json' };
const SECRET = 'test-callback-secret';

interface Received {
  path: string;
  signature: string | undefined;
  raw: string;
  status: number;
}

/** A source system's endpoint: down (connection refused) until `open()`, then 500 for its first `failures`
 * requests, then 200. It records every request and what it answered. */
async function flakyEndpoint(failures: number) {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const received: Received[] = [];
  let left = failures;
  let server: Server | undefined;
  const body = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    acked: () => received.filter((r) => r.status === 200 && r.path === '/hook'),
    async open() {
      server = createServer(async (req, res) => {
        const raw = await body(req);
        const status = left-- > 0 ? 500 : 200;
        received.push({ path: req.url ?? '', signature: req.headers['x-whistle-signature'] as string, raw, status });
        res.writeHead(status).end(status === 200 ? 'ok' : 'try later');
      });
      await new Promise<void>((r) => server!.listen(port, '127.0.0.1', () => r()));
    },
    close: () => new Promise<void>((r) => (server ? server.close(() => r()) : r())),
  };
}

/** The default text of a card's input, as the person sees it before editing. */
function inputDefault(card: unknown, name: string): string {
  let found = '';
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.tag === 'input' && o.name === name) found = String(o.default_value ?? '');
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}

describe('source systems hear back (signed status callbacks through an outage)', () => {
  let h: Harness;
  let hook: Awaited<ReturnType<typeof flakyEndpoint>>;
  beforeAll(async () => {
    hook = await flakyEndpoint(3);
    // A roster that trusts a grid platform and gives it a callback URL of its own.
    const dir = mkdtempSync(join(tmpdir(), 'sources-'));
    const r = parse(readFileSync('config/roster.example.yaml', 'utf8'));
    r.sources = [{ id: 'grid-platform', trusted: true, callback: `${hook.url}/platform` }];
    writeFileSync(join(dir, 'roster.yaml'), stringify(r));
    h = await startHarness({ roster: join(dir, 'roster.yaml'), callbackBackoff: { baseMs: 100, capMs: 400 } });
  });
  afterAll(async () => {
    await h?.stop();
    await hook?.close();
  });

  const post = (body: unknown) =>
    fetch(`${h.svc.url}/api/whistles`, { method: 'POST', headers: ADMIN, body: JSON.stringify(body) });

  it('refuses a callback that is not http(s)', async () => {
    expect((await post({ text: '噪音扰民', callback: 'ftp://example.org/x' })).status).toBe(400);
    expect((await post({ text: '噪音扰民', callback: 'javascript:alert(1)' })).status).toBe(400);
  });

  it('every status change reaches the source once, in order, signed, after it comes back', async () => {
    const started = Date.now();
    const res = await post({
      text: '市民反映三里屯路酒吧街凌晨还在放大音乐',
      source: '12345',
      ref: 'GD-CB-1',
      category: 'noise',
      resident: { name: '李四', phone: '13900001111' },
      callback: `${hook.url}/hook`,
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    // The endpoint is down: the case moves on regardless.
    const draft = await waitFor(
      () => h.botCards('oc_street_cmd').find((m) => m.content.includes(`"whistle":"${id}"`)),
      'the draft',
    );
    await h.emu.click({
      messageId: draft.id,
      from: 'ou_cadre_1',
      value: button(h.card(draft.id), 'confirm'),
      form: { level: 'dispatch' },
    });
    const ga = await waitFor(
      () => h.botCards('oc_dept_gongan').find((m) => m.content.includes(`"whistle":"${id}"`)),
      'summons',
    );
    await h.emu.click({ messageId: ga.id, from: 'ou_ga_1', value: button(h.card(ga.id), 'arrive') });
    await h.emu.click({
      messageId: ga.id,
      from: 'ou_ga_1',
      value: button(h.card(ga.id), 'progress'),
      form: { note: '已劝导酒吧降低音量' },
    });
    await h.emu.click({ messageId: ga.id, from: 'ou_ga_1', value: button(h.card(ga.id), 'done') });
    await waitFor(async () => (await getCase(h, id)).status === 'resolved', 'resolved');
    const accept = await waitFor(
      () => (JSON.stringify(h.card(draft.id)).includes('"accept"') ? button(h.card(draft.id), 'accept') : undefined),
      'accept on the status card',
    );
    await h.emu.click({
      messageId: draft.id,
      from: 'ou_cadre_1',
      value: accept,
      form: { accept_reason: '音乐已停，已回复市民' },
    });
    expect((await getCase(h, id)).status).toBe('accepted');

    // The reply is assembled from the record and shown to the cadres to check and edit before it goes back.
    const review = await waitFor(
      () => h.botCards('oc_street_cmd').find((m) => m.content.includes('"send_reply"') && m.content.includes(id)),
      'the reply to check',
    );
    const assembled = inputDefault(h.card(review.id), 'reply_text');
    expect(assembled).toContain('受理');
    expect(assembled).toContain('公安派出所');
    expect(assembled).toContain('音乐已停，已回复市民');
    // Only the street sends it: a department's contact is refused.
    const notYours = await h.emu.click({
      messageId: review.id,
      from: 'ou_ga_1',
      value: button(h.card(review.id), 'send_reply'),
      form: { reply_text: '部门自行回复' },
    });
    expect(notYours.body?.toast?.content).toContain('只有街道干部或领导');
    const edited = `${assembled}；已电话回访市民，表示满意`;
    const sent = await h.emu.click({
      messageId: review.id,
      from: 'ou_cadre_1',
      value: button(h.card(review.id), 'send_reply'),
      form: { reply_text: edited },
    });
    expect(sent.body?.toast?.type).toBe('success');
    const again = await h.emu.click({
      messageId: review.id,
      from: 'ou_cadre_1',
      value: button(h.card(review.id), 'send_reply'),
      form: { reply_text: '再发一次' },
    });
    expect(again.body?.toast?.content).toContain('已回复');
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(hook.received).toHaveLength(0);

    await hook.open();
    await waitFor(() => hook.acked().length === 5, 'five acknowledged events', 30_000);
    expect(hook.received.filter((r) => r.status === 500).length).toBe(3);
    const events = hook.acked().map((r) => ({ ...r, json: JSON.parse(r.raw) }));
    expect(events.map((e) => e.json.case.status)).toEqual(['draft', 'whistled', 'resolved', 'accepted', 'accepted']);
    for (const e of events) {
      expect(e.signature).toBe(`sha256=${createHmac('sha256', SECRET).update(e.raw).digest('hex')}`);
      expect(e.json.case.timeline).toBeUndefined();
      expect(e.json.case.id).toBe(id);
      expect(e.json.case.resident).toEqual({ name: '李*', phone: '139****1111' });
      expect(new Date(e.json.at).toISOString()).toBe(e.json.at);
    }
    // Each event acknowledged once; a retried event kept its id and its bytes.
    expect(new Set(events.map((e) => e.json.event_id)).size).toBe(5);
    const retried = hook.received.filter((r) => r.status === 500).map((r) => JSON.parse(r.raw).event_id);
    for (const ev of retried) expect(events.some((e) => e.json.event_id === ev)).toBe(true);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(hook.acked()).toHaveLength(5);

    // The closing event says a reply is coming; the next carries the reply as the cadre sent it, with the fields
    // the hotline files: received, who went, what was done, when.
    expect(events[3]!.json.reply_pending).toBe(true);
    expect(events[3]!.json.reply).toBeUndefined();
    const reply = events[4]!.json.reply;
    expect(reply.text).toBe(edited);
    expect(reply.sentBy).toBe('ou_cadre_1');
    expect(reply).toMatchObject({
      receivedAt: events[0]!.json.case.createdAt,
      contactedBy: { dept: 'gongan', deptName: '公安派出所' },
      result: '音乐已停，已回复市民',
    });
    expect(reply.closedAt).toBe(events[3]!.json.case.closedAt);
    expect(reply.actions).toEqual([expect.objectContaining({ dept: 'gongan', note: '已劝导酒吧降低音量' })]);
    expect(events[0]!.json.reply).toBeUndefined();
  });

  it('a trusted source is whistled at once and heard back at its roster URL', async () => {
    const res = await post({ text: '三里屯路酒吧街噪音扰民', source: 'grid-platform', ref: 'P-1', category: 'noise' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; status: string; number: string };
    expect(body.status).toBe('whistled');
    expect(body.number).toMatch(/^SLT-/);
    const got = await waitFor(
      () => hook.received.find((r) => r.path === '/platform' && r.status === 200),
      'the platform hears the whistle',
      10_000,
    );
    expect(JSON.parse(got.raw).case).toMatchObject({ id: body.id, status: 'whistled', level: 'whistle' });
  });
});
