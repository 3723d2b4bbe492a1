// Diagnostic (not part of `npm run bench`): when each Lark call of one emergency whistle left and landed, relative
// to the API call. `npx tsx scripts/bench/fanout-trace.ts`
import { startChildStack } from '../../test/helpers/child-stack.js';
import { fanoutRosterFile } from '../../test/helpers/fanout-roster.js';
import { waitFor } from '../../test/helpers/wait.js';

const stack = await startChildStack({ roster: fanoutRosterFile() });
try {
  for (const n of [1, 2]) {
    const from = stack.emu.ws.calls.length;
    const t0 = Date.now();
    const r = await stack.admin('/api/whistles', {
      method: 'POST',
      body: JSON.stringify({ text: `全员应急演练${n}：化工仓库起火`, source: 'bench', category: 'all-hands' }),
    });
    const answered = Date.now() - t0;
    await waitFor(() => stack.emu.ws.calls.length - from >= 33, 'calls', 60_000);
    await new Promise((res) => setTimeout(res, 500));
    const calls = stack.emu.ws.calls.slice(from).filter((c) => c.op !== 'token');
    console.log(`run ${n}: api ${r.status} answered at ${answered} ms; ${calls.length} calls`);
    console.log(calls.map((c) => `${c.op}:${c.status}@${c.at - t0}+${c.ms}`).join(' '));
    await new Promise((res) => setTimeout(res, 2_100));
  }
} finally {
  await stack.stop();
}
