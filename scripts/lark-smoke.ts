// `npm run lark:smoke`: sends every card template in every state to a real Feishu/Lark chat through the service's
// own SDK wrapper and prints what Lark accepted or refused (with its codes). Exit 1 when anything was refused.
// Needs LARK_APP_ID, LARK_APP_SECRET, LARK_DOMAIN (feishu, lark or a base URL) and LARK_SMOKE_CHAT (a test chat
// the bot is in); ROSTER_FILE picks the roster the sample cards are drawn from.
import { pathToFileURL } from 'node:url';
import { createLarkGateway, type LarkGateway } from '../src/lark/transport/gateway.js';
import { LarkApiError } from '../src/lark/transport/lark-errors.js';
import { createLogger } from '../src/log.js';
import { rosterFiles } from '../src/roster/roster-files.js';
import { loadRosterFile } from '../src/roster/roster-load.js';
import { sampleCards } from '../src/views/card-samples.js';

export interface SmokeRow {
  template: string;
  state: string;
  step: 'send' | 'update';
  ok: boolean;
  code?: number;
  message: string;
}

const REQUIRED = ['LARK_APP_ID', 'LARK_APP_SECRET', 'LARK_DOMAIN', 'LARK_SMOKE_CHAT'] as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One call, paced under Lark's 5-per-second limit per chat; a rate-limit answer waits and tries again. */
async function paced<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await call();
      await sleep(250);
      return result;
    } catch (err) {
      const limited = err instanceof LarkApiError && (err.targetRateLimited || err.appRateLimited);
      if (!limited || attempt >= 4) throw err;
      await sleep(1_100);
    }
  }
}

/** Sends each sample card, then updates it with itself (the PATCH path every status change takes). */
export async function smoke(gateway: LarkGateway, chatId: string, rosterFile: string): Promise<SmokeRow[]> {
  const roster = loadRosterFile(rosterFiles(rosterFile)[0]!);
  const rows: SmokeRow[] = [];
  for (const s of sampleCards(roster, Date.now())) {
    const content = JSON.stringify(s.card);
    const row = (step: SmokeRow['step'], err?: unknown): SmokeRow => ({
      template: s.template,
      state: s.state,
      step,
      ok: !err,
      code: err instanceof LarkApiError ? err.code : undefined,
      message: err ? (err instanceof Error ? err.message : String(err)) : 'accepted',
    });
    let id: string | undefined;
    try {
      id = await paced(() => gateway.send({ type: 'chat_id', id: chatId }, { type: 'interactive', content }));
      rows.push(row('send'));
    } catch (err) {
      rows.push(row('send', err));
      continue;
    }
    try {
      await paced(() => gateway.patchCard(id!, content));
      rows.push(row('update'));
    } catch (err) {
      rows.push(row('update', err));
    }
  }
  return rows;
}

export function table(rows: SmokeRow[]): string {
  const head = ['template', 'state', 'step', 'result', 'code', 'message'];
  const body = rows.map((r) => [
    r.template,
    r.state,
    r.step,
    r.ok ? 'accepted' : 'REFUSED',
    String(r.code ?? ''),
    r.ok ? '' : r.message.slice(0, 160),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => [...b[i]!].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n');
}

/** The whole command: checks the environment, runs, prints, and answers the exit code. */
export async function main(env: NodeJS.ProcessEnv, out: (s: string) => void): Promise<number> {
  const missing = REQUIRED.filter((k) => !env[k]);
  if (missing.length) {
    out(`lark:smoke needs ${missing.join(', ')} (a test chat the bot is in: LARK_SMOKE_CHAT=oc_…)`);
    return 2;
  }
  const gateway = createLarkGateway({
    appId: env.LARK_APP_ID!,
    appSecret: env.LARK_APP_SECRET!,
    domain: env.LARK_DOMAIN!,
    log: createLogger('silent'),
  });
  const rows = await smoke(gateway, env.LARK_SMOKE_CHAT!, env.ROSTER_FILE || 'config/roster.example.yaml');
  out(table(rows));
  const refused = rows.filter((r) => !r.ok);
  out(
    refused.length
      ? `\n${refused.length} of ${rows.length} calls refused by Lark.`
      : `\nAll ${rows.length} calls accepted by Lark.`,
  );
  return refused.length ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.env, (s) => process.stdout.write(`${s}\n`)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`lark:smoke failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(2);
    },
  );
}
