import { z } from 'zod';
import { StartupError } from '../errors.js';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

const domain = z
  .string()
  .default('feishu')
  .refine((v) => v === 'feishu' || v === 'lark' || /^https?:\/\/[^/\s]+(\/[^\s]*[^/\s])?$/.test(v), {
    message: 'must be feishu, lark, or a base URL such as http://127.0.0.1:9000 (no trailing slash)',
  });

const url = (schemes: string[]) =>
  optionalString.refine((v) => v === undefined || schemes.some((s) => v.startsWith(`${s}://`)), {
    message: `must be a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}`,
  });

export const envSchema = z
  .object({
    // The SDK's WSClient.start() accepts exactly this shape and otherwise only logs and never connects; Lark issues
    // no other, so a typo stops start-up here in either mode instead of leaving a service that never hears anything.
    LARK_APP_ID: optionalString.refine((v) => v === undefined || /^cli_[0-9a-fA-F]{16}$/.test(v), {
      message: 'must be cli_ and 16 hexadecimal digits (the App ID from the developer console)',
    }),
    LARK_APP_SECRET: optionalString,
    LARK_DOMAIN: domain,
    LARK_ENCRYPT_KEY: optionalString,
    LARK_VERIFICATION_TOKEN: optionalString,
    LARK_MODE: z.enum(['webhook', 'ws']).default('webhook'),
    REDIS_URL: url(['redis', 'rediss']),
    DATABASE_URL: url(['postgres', 'postgresql']),
    DATA_DIR: z.string().min(1).default('./data'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    ROSTER_FILE: z.string().min(1).default('config/roster.example.yaml'),
    ADMIN_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 16, {
      message: 'must be at least 16 characters',
    }),
    /** `1` lets the queue dashboard retry, clean, pause and remove jobs; otherwise it only shows them. */
    ADMIN_QUEUES_WRITE: z
      .enum(['0', '1', ''])
      .default('0')
      .transform((v) => v === '1'),
    /** Key of X-Whistle-Signature on status callbacks to source systems; a case with a callback needs it. */
    CALLBACK_SECRET: optionalString,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((env, ctx) => {
    if (env.LARK_APP_ID && !env.LARK_APP_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['LARK_APP_SECRET'], message: 'is required with LARK_APP_ID' });
    }
    if (env.LARK_APP_ID && !env.LARK_VERIFICATION_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['LARK_VERIFICATION_TOKEN'], message: 'is required with LARK_APP_ID' });
    }
  });

export type Env = z.infer<typeof envSchema>;

/** Parses the environment; a bad value throws a StartupError whose message is one line naming the variable. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const name = String(issue.path[0] ?? 'environment');
  const shown = name in source && !/SECRET|KEY|TOKEN/.test(name) ? ` (got ${JSON.stringify(source[name])})` : '';
  throw new StartupError(`${name} ${issue.message}${shown}`);
}
