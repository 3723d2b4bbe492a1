import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { AdjustableClock } from '../../src/clock.js';
import { type Service, startService } from '../../src/composition.js';
import { loadEnv } from '../../src/config/env.js';
import { LarkEmulator } from '../../src/emulator/emulator.js';
import type { EmuMessage } from '../../src/emulator/workspace.js';
import type { LongConnectionConfig } from '../../src/emulator/ws-config.js';
import type { caseJson } from '../../src/http/api.js';
import { createLogger } from '../../src/log.js';
import type { Roster } from '../../src/roster/roster.js';
import { rosterFiles } from '../../src/roster/roster-files.js';
import { loadRosterFile } from '../../src/roster/roster-load.js';
import { seedWorkspace } from '../../src/sandbox/seed.js';
import { startTestRedis } from './redis.js';
import { waitFor } from './wait.js';

export interface Harness {
  emu: LarkEmulator;
  svc: Service;
  roster: Roster;
  clock: AdjustableClock;
  logs: string[];
  redisUrl: string;
  stop(): Promise<void>;
  /** Stops the service and starts a new one on the same Redis, database and clock (a restart or a deploy). */
  restart(): Promise<void>;
  /** The card JSON of a message, as a person in Lark would see it now. */
  card(messageId: string): CardJson;
  /** Every card the bot posted in a chat. */
  botCards(chatId: string): EmuMessage[];
  /** Another instance of the service on the same Redis, database and clock (behind a load balancer). */
  another(): Promise<Service>;
}

// biome-ignore lint/suspicious/noExplicitAny: card JSON is free-form; tests look at the parts that matter
export type CardJson = any;

export interface HarnessOptions {
  encryptKey?: string | false;
  databaseUrl?: string;
  roster?: string;
  /** A roster as YAML text (a variant of the example): written into the run's data directory, removed at stop. */
  rosterYaml?: string;
  redisUrl?: string;
  enforceLimits?: boolean;
  /** Multiplies Lark's redelivery schedule (15 s, 5 min, 1 h, 6 h); tests compress it. */
  retryScale?: number;
  /** Retry schedule of status callbacks to source systems. */
  callbackBackoff?: { baseMs: number; capMs: number };
  /** The virtual clock's first instant (epoch ms); default: now. Date-edge tests start at month ends and leap days. */
  start?: number;
  /** LARK_MODE=ws: events and clicks travel over the emulated long connection; the service has no request URL. */
  longConnection?: boolean | Partial<LongConnectionConfig>;
  /** How often the periodic sweeps run (default 500 ms); a test counting statements keeps them out of the way. */
  sweepEveryMs?: number;
  /** Hears every database statement's SQL. */
  onStatement?: (sql: string) => void;
}

/** The whole thing over the real protocol: emulator ↔ real SDK ↔ express ↔ Redis ↔ database. */
export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const redis = o.redisUrl ? undefined : await startTestRedis();
  const redisUrl = o.redisUrl ?? redis!.url;
  const dataDir = mkdtempSync(join(tmpdir(), 'whistle-data-'));
  if (o.rosterYaml !== undefined) writeFileSync(join(dataDir, 'roster.yaml'), o.rosterYaml);
  const rosterFile =
    o.rosterYaml !== undefined ? join(dataDir, 'roster.yaml') : (o.roster ?? 'config/roster.example.yaml');
  const rosters = rosterFiles(rosterFile).map((f) => loadRosterFile(f));
  const roster = rosters[0]!;
  const encryptKey = o.encryptKey === false ? undefined : (o.encryptKey ?? randomBytes(12).toString('hex'));
  const emu = new LarkEmulator({
    encryptKey,
    retryScale: o.retryScale ?? 0.001,
    enforceLimits: o.enforceLimits ?? true,
    longConnection: o.longConnection,
  });
  await emu.start();
  for (const r of rosters) seedWorkspace(emu, r);
  const logs: string[] = [];
  const log = createLogger(
    'debug',
    new Writable({
      write(chunk, _enc, cb) {
        logs.push(chunk.toString());
        cb();
      },
    }),
  );
  const env = loadEnv({
    ...emu.appEnv(),
    REDIS_URL: redisUrl,
    DATABASE_URL: o.databaseUrl,
    DATA_DIR: dataDir,
    PORT: '0',
    ROSTER_FILE: rosterFile,
    ADMIN_TOKEN: 'test-admin-token-0123456789',
    CALLBACK_SECRET: 'test-callback-secret',
  });
  const clock = new AdjustableClock(o.start);
  // Lark's side ages messages on the same clock as the service (cards expire after 14 days).
  emu.ws.now = () => clock.now();
  const queuePrefix = `t${randomBytes(4).toString('hex')}`;
  const others: Service[] = [];
  const start = async () => {
    const s = await startService({
      env,
      log,
      clock,
      queuePrefix,
      sweepEveryMs: o.sweepEveryMs ?? 500,
      onStatement: o.onStatement,
      larkTimeoutMs: 2_000,
      callbackBackoff: o.callbackBackoff,
    });
    await waitFor(() => s.isReady(), 'service ready');
    return s;
  };
  const boot = async () => {
    const s = await start();
    if (!emu.longConnection) emu.sender.target = s.url;
    return s;
  };
  const h: Harness = {
    emu,
    svc: await boot(),
    roster,
    clock,
    logs,
    redisUrl,
    card: (id) => JSON.parse(emu.ws.messages.get(id)!.content),
    botCards: (chatId) =>
      emu.ws.messagesIn(chatId).filter((m) => m.senderType === 'bot' && m.msgType === 'interactive'),
    async another() {
      const s = await start();
      others.push(s);
      return s;
    },
    async restart() {
      await h.svc.stop();
      h.svc = await boot();
    },
    async stop() {
      for (const x of others) await x.stop();
      await h.svc.stop();
      await emu.stop();
      await redis?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return h;
}

/** Every button value and form on a card, to click as a person would. */
export function buttons(card: CardJson): { label: string; value: Record<string, unknown> }[] {
  const out: { label: string; value: Record<string, unknown> }[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.tag === 'button' && Array.isArray(o.behaviors)) {
        const b = (o.behaviors as { value?: Record<string, unknown> }[])[0];
        if (b?.value) out.push({ label: String((o.text as { content?: string })?.content ?? ''), value: b.value });
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

export function button(card: CardJson, action: string): Record<string, unknown> {
  // The draft's one-tap placements (value.pick) share the action `edit` with the edit form's submit button; a tap
  // "on edit" means the form's button. Tests that want a one-tap choice pick it by its value.
  const all = buttons(card).filter((x) => x.value.action === action);
  const b = all.find((x) => x.value.pick === undefined) ?? all[0];
  if (!b)
    throw new Error(
      `no ${action} button on the card: ${buttons(card)
        .map((x) => x.value.action)
        .join(', ')}`,
    );
  return b.value;
}

/** A person taps the button for `action` on a card as it is now (with a form's values, if any). */
export async function tap(h: Harness, messageId: string, from: string, action: string, form?: Record<string, unknown>) {
  const r = await h.emu.click({ messageId, from, value: button(h.card(messageId), action), form });
  // An answer card Lark would not show is a bug wherever it happens.
  if (r.error?.startsWith('200673')) throw new Error(`the answer card is refused: ${r.error}`);
  return r;
}

/** A cadre changes a draft's whistle kind: the first 修改 opens the edit form on the draft, its submit sets the kind. */
export async function setKind(h: Harness, draftId: string, from: string, kind: string) {
  await tap(h, draftId, from, 'edit');
  return tap(h, draftId, from, 'edit', { kind });
}

/** All visible text of a card (zh), for assertions about what a person reads. */
export function cardText(card: CardJson): string {
  const parts: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (typeof o.content === 'string') parts.push(o.content);
      for (const [k, v] of Object.entries(o)) if (k !== 'i18n_content' && k !== 'behaviors') walk(v);
    }
  };
  walk(card);
  return parts.join('\n');
}

export type CaseView = Omit<ReturnType<typeof caseJson>, 'timeline'> & {
  timeline: NonNullable<ReturnType<typeof caseJson>['timeline']>;
};

/** The case as GET /api/whistles/:id returns it. */
export async function getCase(h: Harness, id: string): Promise<CaseView> {
  const res = await fetch(`${h.svc.url}/api/whistles/${id}`, {
    headers: { authorization: 'Bearer test-admin-token-0123456789' },
  });
  return (await res.json()) as CaseView;
}

/** A cadre chats a case into a command chat; resolves with the draft card's message and the case id. */
export async function reportCase(h: Harness, text: string, from = 'ou_cadre_1', chatId = 'oc_street_cmd') {
  const { messageId } = await h.emu.say({ chatId, from, text });
  const draft = await waitFor(() => h.botCards(chatId).find((m) => m.parentId === messageId), 'the draft card');
  return { draftId: draft.id, caseId: String(button(h.card(draft.id), 'confirm').whistle), messageId };
}

/** Reports and confirms a case; the draft card is now its status card. */
export async function whistleCase(h: Harness, text: string) {
  const r = await reportCase(h, text);
  await h.emu.click({ messageId: r.draftId, from: 'ou_cadre_1', value: button(h.card(r.draftId), 'confirm') });
  const c = await getCase(h, r.caseId);
  return { ...r, statusId: r.draftId, number: c.number!, id: r.caseId };
}

/** The bot's cards in a person's direct chat that mention a case number. */
export const dmCards = (h: Harness, user: string, number: string) =>
  h.botCards(`oc_p2p_${user.replace(/^ou_/, '')}`).filter((m) => m.content.includes(number));

/** Waits for a case's (first) summons card in a department's chat. */
export const summonsCard = (h: Harness, chat: string, caseId: string) =>
  waitFor(
    () => h.botCards(chat).find((m) => m.content.includes(`"whistle":"${caseId}"`) && m.content.includes('"arrive"')),
    `summons in ${chat}`,
  );
