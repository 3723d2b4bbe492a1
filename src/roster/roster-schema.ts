import { z } from 'zod';
import { parseSpan } from '../calendar/working-time.js';
import { parseDuration } from './duration.js';

const openId = z.string().regex(/^ou_[0-9A-Za-z_]+$/, 'must be an open_id (ou_…)');
const chatId = z.string().regex(/^oc_[0-9A-Za-z_]+$/, 'must be a chat_id (oc_…)');
const id = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'must be a short lowercase id (letters, digits, - and _)');
const duration = z
  .string()
  .refine((v) => parseDuration(v) !== undefined, 'must be a duration such as 30s, 15m, 2h or 3d')
  .transform((v) => parseDuration(v)!);
/** A deadline window: clock time (30m, 72h, 3d) or working time on the roster's calendar (5wd, 8wh). */
const span = z
  .string()
  .refine((v) => parseSpan(v) !== undefined, 'must be a duration such as 30m, 2h, 3d, 5wd or 8wh')
  .transform((v) => parseSpan(v)!);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2027-01-01');
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day such as 08:30');

export const KINDS = ['assemble', 'joint', 'supervise', 'emergency'] as const;
export type Kind = (typeof KINDS)[number];

const escalationStep = z.object({
  after: duration,
  to: z.enum(['head', 'leaders', 'district']),
  urgent: z.array(z.enum(['app', 'sms', 'phone'])).default([]),
});

const tier = z.object({
  id,
  name: z.string().min(1),
  name_en: z.string().optional(),
  chats: z.array(chatId).default([]),
  cadres: z.array(openId).default([]),
  departments: z.array(id).default([]),
});

export const rosterSchema = z
  .object({
    timezone: z.string().default('Asia/Shanghai'),
    street: z.object({
      id,
      code: z
        .string()
        .regex(/^[A-Z0-9]{2,8}$/, 'must be 2–8 capital letters or digits')
        .optional(),
      name: z.string().min(1),
      name_en: z.string().optional(),
      chats: z.array(chatId).min(1, 'needs at least one command chat'),
      cadres: z.array(openId).default([]),
      leaders: z.array(openId).default([]),
      district: z.array(openId).default([]),
      leaders_chat: chatId.optional(),
    }),
    departments: z
      .array(
        z.object({
          id,
          name: z.string().min(1),
          name_en: z.string().optional(),
          tier: z.enum(['core', 'extended']).default('extended'),
          aliases: z.array(z.string().min(1)).default([]),
          chat: chatId,
          contacts: z.array(openId).min(1, 'needs at least one designated contact'),
          head: openId.optional(),
          leave_requests: z.boolean().default(false),
          presence_check: duration.optional(),
        }),
      )
      .min(1),
    categories: z
      .array(
        z.object({
          id,
          name: z.string().min(1),
          name_en: z.string().optional(),
          keywords: z.array(z.string().min(1)).default([]),
          lead: id,
          assist: z.array(id).default([]),
          kind: z.enum(KINDS).optional(),
          arrive: span.optional(),
          resolve: span.optional(),
        }),
      )
      .default([]),
    defaults: z
      .object({
        arrive: span.default(30 * 60_000),
        resolve: span.default(24 * 3_600_000),
        emergency_arrive: span.default(15 * 60_000),
        emergency_resolve: span.default(4 * 3_600_000),
        reminders: z.array(z.number().gt(0).lt(1)).default([0.5, 0.8]),
        presence_check: duration.default(60 * 60_000),
        presence_grace: duration.default(10 * 60_000),
      })
      .prefault({}),
    escalation: z.array(escalationStep).min(1).optional(),
    /** Working days and hours (data, no network): `wd` and `wh` durations are counted on it, and presence checks
     * wait for working hours. */
    calendar: z
      .object({
        timezone: z.string().optional(),
        workdays: z.array(z.number().int().min(1).max(7)).default([1, 2, 3, 4, 5]),
        hours: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, 'must be working hours such as 09:00-18:00')
          .refine((v) => v.split('-')[0]! < v.split('-')[1]!, 'must end after it starts')
          .default('09:00-18:00'),
        holidays: z.array(day).default([]),
        extra_workdays: z.array(day).default([]),
      })
      .strict()
      .optional(),
    digest: z
      .object({
        daily: clock.default('08:30'),
        weekly: clock.default('09:00'),
        weekly_day: z.number().int().min(0).max(6).default(1),
        monthly: clock.default('09:00'),
      })
      .prefault({}),
    tiers: z.array(tier).default([]),
    /** Display names, for the sandbox and for logs; Lark itself renders <at> mentions by open_id. */
    people: z.record(openId, z.string().min(1)).default({}),
  })
  .strict();

export type RosterFile = z.infer<typeof rosterSchema>;
export type Department = RosterFile['departments'][number];
export type Category = RosterFile['categories'][number];
export type EscalationStep = z.infer<typeof escalationStep>;

export const DEFAULT_ESCALATION: EscalationStep[] = [
  { after: 0, to: 'head', urgent: ['app'] },
  { after: 15 * 60_000, to: 'leaders', urgent: [] },
  { after: 60 * 60_000, to: 'district', urgent: [] },
];
