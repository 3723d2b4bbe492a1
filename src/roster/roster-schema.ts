import { z } from 'zod';
import { parseDuration } from './duration.js';

const openId = z.string().regex(/^ou_[0-9A-Za-z_]+$/, 'must be an open_id (ou_…)');
const chatId = z.string().regex(/^oc_[0-9A-Za-z_]+$/, 'must be a chat_id (oc_…)');
const id = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'must be a short lowercase id (letters, digits, - and _)');
const duration = z
  .string()
  .refine((v) => parseDuration(v) !== undefined, 'must be a duration such as 30s, 15m, 2h or 3d')
  .transform((v) => parseDuration(v)!);
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
          arrive: duration.optional(),
          resolve: duration.optional(),
        }),
      )
      .default([]),
    defaults: z
      .object({
        arrive: duration.default(30 * 60_000),
        resolve: duration.default(24 * 3_600_000),
        emergency_arrive: duration.default(15 * 60_000),
        emergency_resolve: duration.default(4 * 3_600_000),
        reminders: z.array(z.number().gt(0).lt(1)).default([0.5, 0.8]),
        presence_check: duration.default(60 * 60_000),
        presence_grace: duration.default(10 * 60_000),
      })
      .prefault({}),
    escalation: z.array(escalationStep).min(1).optional(),
    digest: z
      .object({
        daily: clock.default('08:30'),
        weekly: clock.default('09:00'),
        weekly_day: z.number().int().min(0).max(6).default(1),
        monthly: clock.default('09:00'),
      })
      .prefault({}),
    tiers: z.array(tier).default([]),
    /** Systems that post cases through the API (12345, a grid platform): trusted ones are whistled at once,
     * the others become drafts for the street to 研判; `callback` hears every status change. */
    sources: z
      .array(
        z
          .object({
            id: z.string().trim().min(1).max(40),
            trusted: z.boolean().default(false),
            callback: z
              .string()
              .regex(/^https?:\/\/\S+$/, 'must be an http:// or https:// URL')
              .optional(),
          })
          .strict(),
      )
      .default([]),
    /** Display names, for the sandbox and for logs; Lark itself renders <at> mentions by open_id. */
    people: z.record(openId, z.string().min(1)).default({}),
  })
  .strict();

export type RosterFile = z.infer<typeof rosterSchema>;
export type Department = RosterFile['departments'][number];
export type Category = RosterFile['categories'][number];
export type Source = RosterFile['sources'][number];
export type EscalationStep = z.infer<typeof escalationStep>;

export const DEFAULT_ESCALATION: EscalationStep[] = [
  { after: 0, to: 'head', urgent: ['app'] },
  { after: 15 * 60_000, to: 'leaders', urgent: [] },
  { after: 60 * 60_000, to: 'district', urgent: [] },
];
