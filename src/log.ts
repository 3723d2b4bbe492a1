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

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, base: { svc: 'lark-whistle' }, redact: { paths: REDACT, censor: '[redacted]' } }, destination);
}
