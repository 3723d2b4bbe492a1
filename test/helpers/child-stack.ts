import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { LarkEmulator } from '../../src/emulator/emulator.js';
import { loadRosterFile } from '../../src/roster/roster-load.js';
import { seedWorkspace } from '../../src/sandbox/seed.js';
import { ChildService, freePort } from './child-service.js';
import { DATABASES } from './database.js';
import { startTestRedis } from './redis.js';

export const ADMIN_TOKEN = 'child-stack-admin-token-0123';

export interface ChildStack {
  emu: LarkEmulator;
  svc: ChildService;
  redisUrl: string;
  databaseUrl?: string;
  /** GET with the admin token. */
  admin(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

/** The service as production runs it, in its own process, against a private redis-server, a fresh database
 * (PostgreSQL or PGlite) and the Lark emulator in this process (Lark is another machine). */
export async function startChildStack(
  o: {
    database?: (typeof DATABASES)[number];
    roster?: string;
    env?: Record<string, string>;
    /** Multiplies Lark's redelivery schedule (15 s, 5 min, 1 h, 6 h); default 0.001. */
    retryScale?: number;
  } = {},
): Promise<ChildStack> {
  const database = o.database ?? DATABASES.find((d) => d.name === 'postgres') ?? DATABASES[0]!;
  const rosterFile = o.roster ?? 'config/roster.example.yaml';
  const dataDir = mkdtempSync(join(tmpdir(), 'whistle-child-'));
  const redis = await startTestRedis();
  const db = await database.create();
  const emu = await new LarkEmulator({
    encryptKey: randomBytes(12).toString('hex'),
    retryScale: o.retryScale ?? 0.001,
  }).start();
  seedWorkspace(emu, loadRosterFile(rosterFile));
  const svc = new ChildService({
    ...emu.appEnv(),
    REDIS_URL: redis.url,
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    ROSTER_FILE: rosterFile,
    ADMIN_TOKEN,
    ...(db.url ? { DATABASE_URL: db.url } : {}),
    ...o.env,
  });
  await svc.start();
  emu.sender.target = svc.url;
  return {
    emu,
    svc,
    redisUrl: redis.url,
    databaseUrl: db.url,
    admin: (path, init) =>
      fetch(`${svc.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', ...init?.headers },
      }),
    async stop() {
      await svc.stop();
      await emu.stop();
      await redis.stop();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A child stack for the tests of one describe block: started before them, stopped after. */
export function useChildStack(o: Parameters<typeof startChildStack>[0] = {}): () => ChildStack {
  let stack: ChildStack | undefined;
  beforeAll(async () => {
    stack = await startChildStack(o);
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });
  return () => stack!;
}
