import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Keys whose values never reach a log line, wherever they sit in the logged object. */
const REDACT = [
  'appSecret',
  'app_secret',
  'encryptKey',
  'verificationToken',
  'adminToken',
  'token',
  'tenant_access_token',
  'authorization',
  '*.appSecret',
  '*.app_secret',
  '*.encryptKey',
  '*.verificationToken',
  '*.adminToken',
  '*.token',
  '*.tenant_access_token',
  '*.authorization',
  'req.headers.authorization',
  'headers.authorization',
  '*.headers.authorization',
];

/** Without a destination, stdout through an asynchronous buffer: a slow reader of stdout (a log shipper, a pipe)
 * must not stall the event loop, which answers Lark. `flushLogs` before exiting. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const dest = destination ?? pino.destination({ dest: 1, sync: false });
  return pino({ level, base: { svc: 'lark-whistle' }, redact: { paths: REDACT, censor: '[redacted]' } }, dest);
}

export function flushLogs(log: Logger): void {
  try {
    log.flush();
  } catch {
    // nothing buffered or the stream is gone
  }
}
