import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import { sql } from 'kysely';
import type { AdjustableClock } from '../clock.js';
import type { Service } from '../composition.js';
import { periodDigest } from '../digest/digest.js';
import type { LarkEmulator } from '../emulator/emulator.js';
import { wallClock, zonedInstant } from '../i18n/time.js';
import { sendCard } from '../lark/outbound/messages.js';
import { jobId } from '../queue/outbox.js';
import type { Roster } from '../roster/roster.js';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
/** What an empty command chat suggests sending: a case the example roster places (城管 lead, 规划 assisting). */
const EXAMPLE_CASE = '@吹哨报到 治国胡同45号院有人在院内加盖二层，邻居多次举报，请城管和规划一起来认定是否违建';

/** The sandbox page and its small JSON API: a Lark workspace in the browser, driven through the emulator, so every
 * message and click reaches the bot exactly as Lark would deliver it. Loopback only; never mounted with a real app. */
export function mountSandbox(app: Express, o: SandboxDeps): void {
  app.use('/sandbox/static', express.static(PUBLIC_DIR));
  app.get('/', (_req, res) => res.sendFile(`${PUBLIC_DIR}index.html`));
  app.get('/favicon.ico', (_req, res) => res.type('image/svg+xml').sendFile(`${PUBLIC_DIR}favicon.svg`));
  app.use('/sandbox/api', express.json({ limit: '256kb' }));
  workspaceRoutes(app, o);
  chatRoutes(app, o);
  clockRoutes(app, o);
  digestRoute(app, o);
  resetRoute(app, o);
  eventStream(app, o);
}

type SandboxDeps = { emu: LarkEmulator; roster: Roster; clock: AdjustableClock; service: () => Service | undefined };

/** Every table of the service's schema (the migrator's own excepted): a reset leaves no learnt correction,
 * evaluation or callback behind, whatever later migrations add. */
async function truncateAll(db: Service['deps']['db']): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    select tablename as name from pg_tables
    where schemaname = current_schema() and tablename not like 'kysely_%'`.execute(db);
  if (rows.length) await sql`truncate ${sql.join(rows.map((r) => sql.table(r.name)))}`.execute(db);
}

/** Who a person is in the roster, in words the sandbox shows beside their name. */
function rolesOf(roster: Roster, id: string): string[] {
  const r: string[] = [];
  if (roster.street.cadres.includes(id)) r.push('街道干部 cadre');
  if (roster.isLeader(id)) r.push('领导 leader');
  if (roster.isDistrict(id)) r.push('区级 district');
  for (const d of roster.departments) {
    if (d.contacts.includes(id)) r.push(`${d.name} 联络人`);
    if (d.head === id) r.push(`${d.name} 负责人`);
  }
  for (const t of roster.data.tiers) if (t.cadres.includes(id)) r.push(`${t.name} 干部`);
  return r;
}

/** The workspace: people with their roles, chats, the clock, and what an empty command chat suggests. */
function workspaceRoutes(app: Express, { emu, roster, clock }: SandboxDeps): void {
  app.get('/sandbox/api/state', (_req, res) => {
    res.json({
      bot: emu.botOpenId,
      now: clock.now(),
      timezone: roster.timezone,
      welcome: {
        cadre: roster.street.cadres[0] ?? roster.people()[0],
        commandChats: roster.street.chats,
        commandName: emu.ws.chats.get(roster.street.chats[0]!)?.name ?? roster.street.name,
        example: EXAMPLE_CASE,
      },
      speed: clock.speed,
      people: roster.people().map((id) => ({ id, name: roster.name(id), roles: rolesOf(roster, id) })),
      chats: [...emu.ws.chats.values()].map((c) => ({
        id: c.id,
        name: c.name,
        type: c.type,
        members: [...c.members],
        botIn: c.botIn,
      })),
    });
  });
}

/** Messages in a chat, and a person saying something or clicking, delivered through the emulator as Lark would. */
function chatRoutes(app: Express, { emu, roster }: SandboxDeps): void {
  app.get('/sandbox/api/messages', (req, res) => {
    const chat = String(req.query.chat ?? '');
    res.json(
      emu.ws.messagesIn(chat).map((m) => ({
        id: m.id,
        sender: m.sender,
        senderName: m.senderType === 'bot' ? '吹哨报到 (bot)' : roster.name(m.sender),
        type: m.msgType,
        content: m.content,
        rootId: m.rootId,
        at: m.createdAt,
        updates: m.updates,
        urgent: m.urgent,
      })),
    );
  });
  app.post('/sandbox/api/say', async (req, res) => {
    const { chatId, from, text } = req.body as { chatId: string; from: string; text: string };
    const chat = emu.ws.chats.get(chatId);
    if (!chat) return void res.status(400).json({ error: 'no such chat' });
    const mentionBot = chat.type === 'group' ? /@/.test(text) : false;
    const clean = text.replace(/@(吹哨报到|bot)?\s*/g, '').trim();
    const r = await emu.say({ chatId, from, text: clean, mentionBot });
    res.json({ messageId: r.messageId, status: r.status });
  });
  app.post('/sandbox/api/click', async (req, res) => {
    const { messageId, from, value, form, name } = req.body as {
      messageId: string;
      from: string;
      value: unknown;
      form?: Record<string, unknown>;
      name?: string;
    };
    try {
      const r = await emu.click({ messageId, from, value, form, name });
      res.json(r.error ? { error: r.error } : (r.body ?? {}));
    } catch (e) {
      res.status(400).json({ error: (e as Error).message });
    }
  });
  app.get('/sandbox/api/calls', (_req, res) => {
    res.json(
      emu.ws.calls
        .slice(-300)
        .map((c) => ({ at: c.at, method: c.method, path: c.path, op: c.op, status: c.status, code: c.code, ms: c.ms })),
    );
  });
}

/** The service's clock: faster, forward, or to the next timer. */
function clockRoutes(app: Express, o: SandboxDeps): void {
  const { clock } = o;
  app.post('/sandbox/api/clock', async (req, res) => {
    const { speed, advanceMs, jump } = req.body as { speed?: number; advanceMs?: number; jump?: boolean };
    if (typeof speed === 'number' && speed >= 1 && speed <= 3600) clock.setSpeed(speed);
    if (typeof advanceMs === 'number' && advanceMs > 0) clock.advance(advanceMs);
    if (jump) {
      const next = await o.service()?.deps.timers.next();
      if (next !== undefined && next > clock.now()) clock.set(next + 1_000);
    }
    res.json({ now: clock.now(), speed: clock.speed });
  });
}

function digestRoute(app: Express, o: SandboxDeps): void {
  const { roster, clock } = o;
  // A preview of the 周点评 / 月通报 covering the period up to today (the scheduled ones cover the last full
  // week or month, empty in a fresh sandbox), sent by the bot to the person asking so its charts can be seen.
  app.post('/sandbox/api/digest', async (req, res) => {
    const { period, to } = req.body as { period?: string; to?: string };
    const svc = o.service();
    if (!svc || (period !== 'weekly' && period !== 'monthly') || typeof to !== 'string' || !/^ou_\w+$/.test(to))
      return void res.status(400).json({ error: 'period weekly|monthly and to (an open_id) are needed' });
    const now = clock.now();
    const w = wallClock(now, roster.timezone);
    // Tomorrow's weekly covers the seven days up to today; next month's first bulletin covers this month.
    const at = period === 'weekly' ? now + 86_400_000 : zonedInstant(roster.timezone, w.year, w.month + 1, 1, 10, 0);
    const card = await periodDigest(svc.deps.db, roster, period, at);
    const ids = await svc.deps.outbox.write(svc.deps.db, [
      {
        id: jobId('sandbox-digest', period, to, String(Date.now())),
        job: sendCard({ user: to }, card),
      },
    ]);
    await svc.deps.outbox.relay(ids);
    res.json({ ok: true });
  });
}

/** Start again: queues emptied, every table truncated, the emulator's chats cleared, the clock at normal speed. */
function resetRoute(app: Express, o: SandboxDeps): void {
  const { emu, clock } = o;
  app.post('/sandbox/api/reset', async (_req, res) => {
    const svc = o.service();
    if (svc) {
      const { db, queues } = svc.deps;
      await Promise.all(
        [queues.timers, queues.outbound].map((q) => q.obliterate({ force: true }).catch(() => undefined)),
      );
      await truncateAll(db);
    }
    emu.ws.reset();
    clock.setSpeed(1);
    res.json({ ok: true });
  });
}

/** Server-sent events: the page redraws what changed in the emulator (messages, card updates, Lark calls). */
function eventStream(app: Express, { emu }: SandboxDeps): void {
  app.get('/sandbox/api/events', (req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (e: unknown) => res.write(`data: ${JSON.stringify(e)}\n\n`);
    const onChange = (e: unknown) => send(e);
    const onCall = () => send({ kind: 'call' });
    emu.ws.on('change', onChange);
    emu.ws.on('call', onCall);
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(ping);
      emu.ws.off('change', onChange);
      emu.ws.off('call', onCall);
    });
  });
}
