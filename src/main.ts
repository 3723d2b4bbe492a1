import { startService } from './composition.js';
import { loadEnv } from './config/env.js';
import { StartupError } from './errors.js';
import { createLogger, flushLogs } from './log.js';
import { startSandbox } from './sandbox/start-sandbox.js';

/** `npm start`: a real Lark app with LARK_APP_ID, otherwise the sandbox (an emulated tenant on loopback). */
async function main(): Promise<void> {
  const env = loadEnv();
  const log = createLogger(env.LOG_LEVEL);
  let stop: () => Promise<void>;
  if (env.LARK_APP_ID) {
    const service = await startService({ env, log });
    stop = service.stop;
  } else {
    const sandbox = await startSandbox(env, log);
    stop = sandbox.stop;
    const url = sandbox.service.url;
    process.stdout.write(
      `\nlark-whistle sandbox is running (no Lark app configured).\n` +
        `  open:          ${url}/   (a Lark workspace in your browser)\n` +
        `  service:       ${url}  (health: ${url}/readyz)\n` +
        `  Lark emulator: ${sandbox.emulator.url}\n` +
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
    await stop();
    flushLogs(log);
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
