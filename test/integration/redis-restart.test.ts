import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../../src/redis/redis-server.js';
import { button, getCase, type Harness, startHarness, whistleCase } from '../helpers/harness.js';
import { sleep, waitFor } from '../helpers/wait.js';

const MIN = 60_000;

describe('Redis restarted mid-flow', () => {
  let h: Harness;
  let redis: RedisServer;
  const dir = mkdtempSync(join(tmpdir(), 'redis-restart-'));
  beforeAll(async () => {
    redis = await startRedisServer({ dir, persist: true });
    h = await startHarness({ redisUrl: redis.url });
  });
  afterAll(async () => {
    await h?.stop();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses no case, arrival or escalation', async () => {
    const c = await whistleCase(h, '东四六条胡同里有人私装地锁占车位');
    const cg = await waitFor(
      () => h.botCards('oc_dept_chengguan').find((m) => m.content.includes(c.number) && m.content.includes('"arrive"')),
      'summons',
    );

    redis.kill(); // no chance to save: only what the append-only file already had survives
    await sleep(300);
    // While Redis is away the street still works: the click is answered from PostgreSQL.
    const arrived = await h.emu.click({ messageId: cg.id, from: 'ou_cg_1', value: button(h.card(cg.id), 'arrive') });
    expect(arrived.body?.toast?.type).toBe('success');
    redis = await startRedisServer({ dir, persist: true, port: redis.port });

    // 交通 never arrives: its escalation must still happen, exactly once.
    h.clock.advance(61 * MIN);
    await waitFor(
      () => h.botCards('oc_p2p_jt_head').filter((m) => m.content.includes(c.number)).length === 1,
      'escalation after the restart',
      20_000,
    );
    await sleep(1_500);
    expect(h.botCards('oc_p2p_jt_head').filter((m) => m.content.includes(c.number))).toHaveLength(1);
    const after = await getCase(h, c.id);
    expect(after.departments.find((d) => d.id === 'chengguan')?.status).toBe('arrived');
    expect(after.timeline.filter((t) => t.action === 'arrive')).toHaveLength(1);
    // The arrival's card update, queued while Redis was down, still reaches the status card.
    await waitFor(() => JSON.stringify(h.card(c.statusId)).includes('已报到'), 'status card updated');
  }, 60_000);
});
