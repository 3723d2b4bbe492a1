import { randomBytes } from 'node:crypto';
import { AdjustableClock } from '../clock.js';
import { type Service, startService } from '../composition.js';
import type { Env } from '../config/env.js';
import { LarkEmulator } from '../emulator/emulator.js';
import type { Logger } from '../log.js';
import { rosterFiles } from '../roster/roster-files.js';
import { loadRosterFile } from '../roster/roster-load.js';
import { mountSandbox } from './sandbox-routes.js';
import { seedWorkspace } from './seed.js';

export interface Sandbox {
  service: Service;
  emulator: LarkEmulator;
  clock: AdjustableClock;
  stop(): Promise<void>;
}

/** The service against an emulated tenant seeded from the roster, with the sandbox page on the same port. */
export async function startSandbox(env: Env, log: Logger): Promise<Sandbox> {
  // Every street's chats and people exist in the emulated tenant; the page shows the first street's people.
  const rosters = rosterFiles(env.ROSTER_FILE).map((f) => loadRosterFile(f));
  const roster = rosters[0]!;
  const emulator = new LarkEmulator({ encryptKey: randomBytes(16).toString('hex') });
  await emulator.start(env.HOST, 0);
  for (const r of rosters) seedWorkspace(emulator, r);
  const clock = new AdjustableClock();
  // The emulated tenant ages cards on the sandbox clock, so running time fast shows the 14-day card renewal.
  emulator.ws.now = () => clock.now();
  let service: Service | undefined;
  try {
    service = await startService({
      env: {
        ...env,
        ...emulator.appEnv(),
        LARK_MODE: 'webhook',
      },
      log,
      clock,
      extraRoutes: (app) => mountSandbox(app, { emu: emulator, roster, clock, service: () => service }),
    });
  } catch (err) {
    await emulator.stop();
    throw err;
  }
  emulator.sender.target = service.url;
  const started = service;
  return {
    service: started,
    emulator,
    clock,
    async stop() {
      await started.stop();
      await emulator.stop();
    },
  };
}
