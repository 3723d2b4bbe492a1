import { randomBytes } from 'node:crypto';
import { AdjustableClock } from './clock.js';
import { type Service, startService } from './composition.js';
import { type Env, loadEnv } from './config/env.js';
import { LarkEmulator } from './emulator/emulator.js';
import { StartupError } from './errors.js';
import { createLogger } from './log.js';
import { loadRosterFile } from './roster/roster-load.js';
import { mountSandbox } from './sandbox/sandbox-routes.js';
import { seedWorkspace } from './sandbox/seed.js';

/** `npm start`: a real Lark app with LARK_APP_ID, otherwise the sandbox (an emulated tenant on loopback). */
async function main(): Promise<void> {
  const env = loadEnv();
  const log = createLogger(env.LOG_LEVEL);
  let service: Service;
  let emulator: LarkEmulator | undefined;
  if (env.LARK_APP_ID) {
    service = await startService({ env, log });
  } else {
    const roster = loadRosterFile(env.ROSTER_FILE);
    emulator = new LarkEmulator({ encryptKey: randomBytes(16).toString('hex') });
    await emulator.start(env.HOST, 0);
    seedWorkspace(emulator, roster);
    const sandboxEnv: Env = {
      ...env,
      LARK_APP_ID: emulator.appId,
      LARK_APP_SECRET: emulator.appSecret,
      LARK_VERIFICATION_TOKEN: emulator.verificationToken,
      LARK_ENCRYPT_KEY: emulator.encryptKey,
      LARK_DOMAIN: emulator.url,
      LARK_MODE: 'webhook',
    };
    const clock = new AdjustableClock();
    const emu = emulator;
    let started: Service | undefined;
    started = await startService({
      env: sandboxEnv,
      log,
      clock,
      extraRoutes: (app) => mountSandbox(app, { emu, roster, clock, service: () => started }),
    });
    service = started;
    emulator.sender.target = service.url;
    process.stdout.write(
      `\nlark-whistle sandbox is running (no Lark app configured).\n` +
        `  open:          ${service.url}/   (a Lark workspace in your browser)\n` +
        `  service:       ${service.url}  (health: ${service.url}/readyz)\n` +
        `  Lark emulator: ${emulator.url}\n` +
        `  roster:        ${env.ROSTER_FILE}\n` +
        `Set LARK_APP_ID, LARK_APP_SECRET and LARK_VERIFICATION_TOKEN to serve a real Feishu/Lark app.\n\n`,
    );
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const hard = setTimeout(() => process.exit(1), 25_000);
    hard.unref();
    await service.stop();
    await emulator?.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  if (err instanceof StartupError) {
    process.stderr.write(`lark-whistle cannot start: ${err.message}\n`);
  } else {
    process.stderr.write(
      `lark-whistle failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
  process.exit(1);
});
