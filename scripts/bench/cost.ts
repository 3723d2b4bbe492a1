import { Redis } from 'ioredis';
import pg from 'pg';
import { loadRosterFile } from '../../src/roster/roster-load.js';
import { type ChildStack, startChildStack } from '../../test/helpers/child-stack.js';
import { buttons } from '../../test/helpers/harness.js';
import { waitFor } from '../../test/helpers/wait.js';
import { benchExampleRoster } from './bench-roster.js';
import type { Row } from './report.js';

// BENCH_CASES: fewer cases for a quick look (the statements per click settle after a few dozen).
const CASES = Number(process.env.BENCH_CASES ?? 200);
const TABLES = ['cases', 'case_departments', 'timeline', 'presence', 'requests', 'inbox', 'outbox', 'case_numbers'];

/** Scrapes of /metrics so far: each one runs a few statements of its own (the gauges' counts), which the next
 * scrape's statement counter includes; the statements per click leave them out. */
let scrapes = 0;
const metric = async (stack: ChildStack, name: string) => {
  scrapes += 1;
  const text = await (await fetch(`${stack.svc.url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
};
const settled = (stack: ChildStack) =>
  waitFor(async () => (await metric(stack, 'whistle_outbound_backlog')) === 0, 'outbound drained', 180_000);

async function footprint(redisUrl: string, dbUrl: string) {
  const redis = new Redis(redisUrl);
  const mem = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1]);
  const keys = await redis.dbsize();
  redis.disconnect();
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  let rows = 0;
  let bytes = 0;
  for (const t of TABLES) {
    rows += Number((await c.query(`select count(*)::int as n from ${t}`)).rows[0].n);
    // Heap, indexes and TOAST; a VACUUM first so that dead tuples do not count.
    await c.query(`vacuum ${t}`);
    bytes += Number((await c.query(`select pg_total_relation_size('${t}') as b`)).rows[0].b);
  }
  await c.end();
  return { mem, keys, rows, bytes };
}

/** Clicks one button on a card as `from`; the click's answer patches the card. */
async function click(stack: ChildStack, messageId: string, from: string, action: string) {
  // The status card is patched asynchronously after each department's change: wait for the button to be there.
  const b = await waitFor(
    () => buttons(JSON.parse(stack.emu.ws.messages.get(messageId)!.content)).find((x) => x.value.action === action),
    `${action} on ${messageId}`,
  );
  const r = await stack.emu.click({ messageId, from, value: b.value });
  if (r.body?.toast?.type !== 'success') throw new Error(`${action}: ${JSON.stringify(r.body?.toast)}`);
}

/** Redis memory, database rows and bytes per open and per closed case (PostgreSQL only: PGlite lives inside the
 * service process, where its sizes cannot be read from outside); statements per click on either. */
export async function benchCost(): Promise<Row[]> {
  const stack = await startChildStack({ roster: benchExampleRoster() });
  try {
    const dbUrl = stack.databaseUrl;
    const measure = async () => (dbUrl ? footprint(stack.redisUrl, dbUrl) : undefined);
    await settled(stack);
    const base = await measure();
    const ids: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const r = await stack.admin('/api/whistles', {
        method: 'POST',
        body: JSON.stringify({ text: `工体北路${i + 1}号酒吧放大音乐扰民`, source: 'bench', category: 'noise' }),
      });
      ids.push(((await r.json()) as { id: string }).id);
    }
    await settled(stack);
    const open = await measure();
    // Close every case: both departments arrive and finish, the street accepts.
    const { emu } = stack;
    const card = (chat: string, id: string) =>
      emu.ws
        .messagesIn(chat)
        .find((m) => m.senderType === 'bot' && m.content.includes(id) && m.content.includes('"arrive"'))!;
    const roster = loadRosterFile('config/roster.example.yaml');
    await settled(stack);
    // What one scrape runs, measured on the quiet service: the third scrape counts the second one's statements.
    await metric(stack, 'whistle_db_statements_total');
    const second = await metric(stack, 'whistle_db_statements_total');
    const perScrape = (await metric(stack, 'whistle_db_statements_total')) - second;
    const statementsBefore = await metric(stack, 'whistle_db_statements_total');
    const scrapesBefore = scrapes;
    let clicks = 0;
    let beforeAnswer = 0;
    // Statements a click runs before its answer: sampled on clicks taken when nothing else is in flight.
    const sampled = async (messageId: string, from: string, action: string) => {
      const sample = clicks % 10 === 0;
      if (sample) await settled(stack);
      const before = sample ? await metric(stack, 'whistle_db_statements_total') : 0;
      await click(stack, messageId, from, action);
      // /metrics itself runs no statement; what else ran meanwhile is the click's own follow-up, at most.
      if (sample) beforeAnswer += (await metric(stack, 'whistle_db_statements_total')) - before - perScrape;
      clicks += 1;
    };
    for (const id of ids) {
      const c = (await (await stack.admin(`/api/whistles/${id}`)).json()) as { departments: { id: string }[] };
      for (const { id: dept } of c.departments) {
        const d = roster.department(dept)!;
        const [chat, from] = [d.chat, d.contacts[0]!];
        const m = card(chat, id);
        await sampled(m.id, from, 'arrive');
        await sampled(m.id, from, 'done');
      }
      const status = await waitFor(
        () =>
          emu.ws
            .messagesIn('oc_street_cmd')
            .find((m) => m.senderType === 'bot' && m.content.includes(id) && m.content.includes('"accept"')),
        'the status card with 验收',
      );
      await sampled(status.id, 'ou_cadre_1', 'accept');
    }
    await settled(stack);
    // Statements include what each click sets off afterwards (card refreshes, timers), not only the click itself.
    // The final scrape's count includes every scrape since `statementsBefore` but itself.
    const total = (await metric(stack, 'whistle_db_statements_total')) - statementsBefore;
    const perClick = (total - (scrapes - scrapesBefore) * perScrape) / clicks;
    const closed = await measure();
    const per = (a: number, b: number) => (a - b) / CASES;
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
    const cost = (m: NonNullable<typeof base>, b: NonNullable<typeof base>) =>
      `Redis ${kb(per(m.mem, b.mem))}, ${per(m.keys, b.keys).toFixed(1)} keys; database ${per(m.rows, b.rows).toFixed(1)} rows, ${kb(per(m.bytes, b.bytes))}`;
    const sizes: Row[] =
      base && open && closed
        ? [
            {
              benchmark: 'cost per open case (噪音扰民: 2–3 departments, whistled)',
              load: `${CASES} cases`,
              figure: cost(open, base),
              floor: '',
              ratio: '',
            },
            {
              benchmark: 'cost per closed case (arrived, done, accepted)',
              load: `${CASES} cases`,
              figure: cost(closed, base),
              floor: '',
              ratio: '',
            },
          ]
        : [];
    return [
      ...sizes,
      {
        benchmark: 'database statements per click (报到, 办结, 验收), everything it sets off included',
        load: `${clicks} clicks (the bench's own /metrics scrapes left out: ${perScrape} statements each)`,
        figure: `${perClick.toFixed(1)} (goal ≤ 12)`,
        floor: '',
        ratio: '',
      },
      {
        benchmark: 'database statements per click before its answer',
        load: `${Math.ceil(clicks / 10)} of them, taken on a quiet service`,
        figure: (beforeAnswer / Math.ceil(clicks / 10)).toFixed(1),
        floor: '',
        ratio: '',
      },
    ];
  } finally {
    await stack.stop();
  }
}
