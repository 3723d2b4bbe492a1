import { spawn } from 'node:child_process';
import { districtTraffic, openLoop } from '../../src/emulator/load.js';
import { freePort } from '../../test/helpers/child-service.js';
import { startChildStack } from '../../test/helpers/child-stack.js';
import { buttons } from '../../test/helpers/harness.js';
import { waitFor } from '../../test/helpers/wait.js';
import { benchExampleRoster } from './bench-roster.js';
import { medianOf, ms, quantile, type Row, ratio } from './report.js';

const RATES = [50, 200, 500];
const CLICKS_PER_S = 5;
/** Summons cards waiting for 报到, to click during the 200/s run. */
async function prepareClicks(stack: Awaited<ReturnType<typeof startChildStack>>, n: number) {
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    await stack.admin('/api/whistles', {
      method: 'POST',
      // A place of its own each: the same place and matter again would be offered as 并单, not whistled.
      body: JSON.stringify({ text: `工体北路${i + 1}号酒吧放大音乐扰民`, source: 'bench', category: 'noise' }),
    });
  }
  const contact: Record<string, string> = { oc_dept_gongan: 'ou_ga_1', oc_dept_shichang: 'ou_sc_1' };
  const cards = () =>
    Object.keys(contact).flatMap((chat) =>
      stack.emu.ws
        .messagesIn(chat)
        .filter((m) => m.senderType === 'bot' && m.content.includes('"arrive"'))
        .map((m) => ({ id: m.id, from: contact[chat]! })),
    );
  await waitFor(() => cards().length >= n, 'summons cards to click', 120_000);
  return cards().slice(0, n);
}

export async function benchAck(runs: number, seconds: number): Promise<Row[]> {
  const figures = await medianOf(runs, async () => {
    const out: Record<string, number> = {};
    // The floor: the same generator against a bare express route.
    const port = await freePort();
    const floor = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/floor-server.ts'], {
      env: { ...process.env, PORT: String(port) },
      stdio: 'ignore',
    });
    const stack = await startChildStack({ roster: benchExampleRoster() });
    try {
      const floorUrl = `http://127.0.0.1:${port}`;
      await waitFor(async () => (await fetch(`${floorUrl}/readyz`).catch(() => undefined))?.ok, 'floor server');
      const clicks = await prepareClicks(stack, seconds * CLICKS_PER_S);
      for (const rate of RATES) {
        for (const target of ['floor', 'ours'] as const) {
          stack.emu.sender.target = target === 'floor' ? floorUrl : stack.svc.url;
          const clickTimes: number[] = [];
          const clicking =
            rate === 200
              ? openLoop(CLICKS_PER_S, seconds, async (i) => {
                  const c = clicks[i]!;
                  const msg = stack.emu.ws.messages.get(c.id)!;
                  const value = buttons(JSON.parse(msg.content)).find((b) => b.value.action === 'arrive')!.value;
                  const t = performance.now();
                  const r = await stack.emu.click({ messageId: c.id, from: c.from, value });
                  clickTimes.push(performance.now() - t);
                  return r.status;
                })
              : undefined;
          const traffic = districtTraffic(stack.emu, rate);
          const r = await openLoop(rate, seconds, async (i) => (await traffic(i)).status);
          // Not answered within 3 s (status 0) or refused: Lark would deliver these again; counted, not hidden.
          out[`${target}-${rate}-failed`] = r.sent - (r.statuses[200] ?? 0);
          out[`${target}-${rate}-p50`] = quantile(r.latenciesMs, 0.5);
          out[`${target}-${rate}-p99`] = quantile(r.latenciesMs, 0.99);
          if (clicking) {
            await clicking;
            out[`${target}-click-p50`] = quantile(clickTimes, 0.5);
            out[`${target}-click-p99`] = quantile(clickTimes, 0.99);
          }
        }
        // Let the service drain before the next rate.
        await waitFor(
          async () =>
            (await (await fetch(`${stack.svc.url}/metrics`)).text()).includes('whistle_events_unprocessed 0\n'),
          'events processed',
          120_000,
        );
      }
    } finally {
      floor.kill();
      await stack.stop();
    }
    return out;
  });
  const rows: Row[] = [];
  for (const rate of RATES) {
    for (const p of ['p50', 'p99'] as const) {
      const ours = figures[`ours-${rate}-${p}`]!;
      const floor = figures[`floor-${rate}-${p}`]!;
      rows.push({
        benchmark: `event acknowledgement ${p}`,
        load: `${rate} events/s for ${seconds} s${p === 'p99' ? `; not answered in 3 s: ${figures[`ours-${rate}-failed`]}` : ''}`,
        figure: ms(ours),
        floor: `${ms(floor)} (bare express)`,
        ratio: ratio(ours, floor),
      });
    }
  }
  for (const p of ['p50', 'p99'] as const) {
    rows.push({
      benchmark: `card click (报到) ${p}`,
      load: `${CLICKS_PER_S} clicks/s during 200 events/s`,
      figure: ms(figures[`ours-click-${p}`]!),
      floor: `${ms(figures[`floor-click-${p}`]!)} (bare express)`,
      ratio: ratio(figures[`ours-click-${p}`]!, figures[`floor-click-${p}`]!),
    });
  }
  return rows;
}
