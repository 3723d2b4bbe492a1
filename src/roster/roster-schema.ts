import { z } from 'zod';
import { parseSpan } from '../calendar/working-time.js';
import { FUNCTION_IDS } from '../intake/taxonomy/functions.js';
import { parseDuration } from './duration.js';

const openId = z.string().regex(/^ou_[0-9A-Za-z_]+$/, 'must be an open_id (ou_…)');
const chatId = z.string().regex(/^oc_[0-9A-Za-z_]+$/, 'must be a chat_id (oc_…)');
const id = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'must be a short lowercase id (letters, digits, - and _)');
const MIN = 60_000;
const DAY = 86_400_000;
/** A duration within bounds: `arrive: 99999999d` would make every deadline an invalid date, `0s` would escalate
 * at the moment of confirming. The message names both bounds; the loader adds the line. */
const durationIn = (min: number, max: number, minText: string, maxText: string) =>
  z
    .string()
    .refine((v) => parseDuration(v) !== undefined, 'must be a duration such as 30s, 15m, 2h or 3d')
    .transform((v) => parseDuration(v)!)
    .refine((ms) => ms >= min && ms <= max, `must be between ${minText} and ${maxText}`);
/** Presence checks and their grace: at least a minute, at most a day. */
const presenceWindow = durationIn(MIN, DAY, '1m', '1d');
/** An escalation step may fire at once (0s: the head is told when the deadline passes), at most 30 days later. */
const escalationDelay = durationIn(0, 30 * DAY, '0s', '30d');
/** A deadline window: clock time within `clock`'s bounds (30m, 72h, 3d), or working time on the roster's calendar
 * (5wd, 8wh) within the same bounds counted as calendar days. */
const spanIn = (min: number, max: number, minText: string, maxText: string) =>
  z
    .string()
    .refine((v) => parseSpan(v) !== undefined, 'must be a duration such as 30m, 2h, 3d, 5wd or 8wh')
    .transform((v) => parseSpan(v)!)
    .refine(
      (sp) =>
        typeof sp === 'number'
          ? sp >= min && sp <= max
          : sp.n > 0 && sp.n * (sp.unit === 'wd' ? DAY : 3_600_000) <= max,
      `must be between ${minText} and ${maxText}`,
    );
const arriveSpan = spanIn(MIN, 7 * DAY, '1m', '7d');
const resolveSpan = spanIn(MIN, 365 * DAY, '1m', '365d');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2027-01-01');
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day such as 08:30');
/** One shift of an on-duty rota (值班表): `18:00-09:00` runs past midnight into the next day. */
const dutyShift = z
  .object({
    who: z.array(openId).min(1, 'names at least one person on duty'),
    days: z.array(z.number().int().min(1).max(7)).optional(),
    dates: z.array(day).optional(),
    hours: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, 'must be hours such as 08:00-18:00 or 18:00-08:00')
      .refine((v) => v.split('-')[0] !== v.split('-')[1], 'must not start and end at the same time')
      .default('00:00-24:00'),
  })
  .strict();

/** Beyond these a roster is a mistake (a generated file, a list pasted twice), not a street: refused. */
export const MAX_DEPARTMENTS = 200;
export const MAX_CATEGORIES = 2000;

export const KINDS = ['assemble', 'joint', 'supervise', 'emergency'] as const;
export type Kind = (typeof KINDS)[number];

/** One rung of the escalation ladder: what it does is told in src/escalation/ladder.ts. */
const escalationStep = z.object({
  after: escalationDelay,
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
          aliases: z.array(z.string().min(1).max(50)).max(50).default([]),
          chat: chatId,
          contacts: z.array(openId).min(1, 'needs at least one designated contact'),
          head: openId.optional(),
          leave_requests: z.boolean().default(false),
          presence_check: presenceWindow.optional(),
          /** The kinds of matter it is competent for (see src/intake/taxonomy); inferred from name and aliases when absent. */
          functions: z.array(z.enum(FUNCTION_IDS)).optional(),
          /** On-duty rota (值班表): summons and reminders go to whoever is on duty, else to `contacts`. */
          duty: z.array(dutyShift).max(50, 'at most 50 shifts').optional(),
        }),
      )
      .min(1)
      .max(MAX_DEPARTMENTS, `too many departments: at most ${MAX_DEPARTMENTS}`),
    categories: z
      .array(
        z.object({
          id,
          name: z.string().min(1),
          name_en: z.string().optional(),
          keywords: z.array(z.string().min(1).max(50)).max(200).default([]),
          lead: id,
          assist: z.array(id).default([]),
          kind: z.enum(KINDS).optional(),
          arrive: arriveSpan.optional(),
          resolve: resolveSpan.optional(),
          /** 签收 and 联系 windows for this category (src/clocks); the defaults' otherwise. */
          sign: arriveSpan.optional(),
          contact: arriveSpan.optional(),
          /** A staged case (src/stages): e.g. 认定 → 告知 → 整改 → 复查, each with its own deadline. */
          stages: z
            .array(
              z
                .object({
                  name: z.string().min(1).max(20),
                  name_en: z.string().max(40).optional(),
                  within: resolveSpan,
                })
                .strict(),
            )
            .min(1)
            .max(10)
            .optional(),
        }),
      )
      .max(MAX_CATEGORIES, `too many categories: at most ${MAX_CATEGORIES}`)
      .default([]),
    defaults: z
      .object({
        arrive: arriveSpan.default(30 * 60_000),
        resolve: resolveSpan.default(24 * 3_600_000),
        emergency_arrive: arriveSpan.default(15 * 60_000),
        emergency_resolve: resolveSpan.default(4 * 3_600_000),
        reminders: z.array(z.number().gt(0).lt(1)).default([0.5, 0.8]),
        presence_check: presenceWindow.default(60 * 60_000),
        presence_grace: presenceWindow.default(10 * 60_000),
        /** 签收: how long a department has to acknowledge a summons; none declared = no such clock. */
        sign: arriveSpan.optional(),
        /** 联系: how long the lead department has to contact the reporter (a case with a resident). */
        contact: arriveSpan.optional(),
        /** Extensions a department may have on one case, and the longest one (approved by the street). */
        extensions: z.number().int().min(0).max(20).default(3),
        extension_max: durationIn(3_600_000, 30 * DAY, '1h', '30d').default(30 * DAY),
        /** The street's own steps: a draft not confirmed, a resolved case not accepted within this long. */
        confirm_within: arriveSpan.optional(),
        accept_within: resolveSpan.optional(),
        /** Which kinds of case the ladder's `district` rung reaches (the district hears only what the roster says);
         * the rest stop at the street's leaders. */
        district_kinds: z.array(z.enum(KINDS)).default([...KINDS]),
        /** 重点督办 (src/escalation/key.ts): a marked case reaches the district this long after the first deadline a
         * department on it misses, whatever its kind, once per case; `false` turns the trigger off. */
        district_key: z.union([z.literal(false), escalationDelay]).default(0),
        /** 挂账: the latest review date a shelved case may be given. */
        shelve_max: durationIn(DAY, 365 * DAY, '1d', '365d').default(90 * DAY),
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
    /** A Lark Base (多维表格) table that keeps one row per case in step (the street's 台账); optional. */
    ledger: z
      .object({
        app_token: z.string().regex(/^[A-Za-z0-9]{8,64}$/, 'must be the Base app token (bascn…) from its URL'),
        table_id: z.string().regex(/^tbl[A-Za-z0-9]{4,60}$/, 'must be a table id (tbl…) from the Base URL'),
      })
      .strict()
      .optional(),
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
    /** Intake (issue 16): below `threshold` (the classifier's confidence, 0–1) the draft offers the three likeliest
     * placements as one-tap choices; a new report about the same place and matter as a case opened within
     * `merge_window` is offered to the cadre as 并单 (merge into that case). */
    intake: z
      .object({
        threshold: z.number().min(0).max(1).default(0.5),
        merge_window: durationIn(MIN, 30 * DAY, '1m', '30d').default(72 * 3_600_000),
      })
      .strict()
      .prefault({}),
    /** 首问协查 (seed 002): a department may return a summons (ask to transfer) only within `objection_window` of
     * being summoned; after that it owns the case and the street arbitrates. Default: one working day with a
     * calendar, 24 hours without. */
    transfer: z
      .object({ objection_window: spanIn(MIN, 30 * DAY, '1m', '30d').optional() })
      .strict()
      .prefault({}),
    /** Display names, for the sandbox and for logs; Lark itself renders <at> mentions by open_id. */
    people: z.record(openId, z.string().min(1)).default({}),
  })
  .strict();

export type RosterFile = z.infer<typeof rosterSchema>;
export type Department = RosterFile['departments'][number];
export type Category = RosterFile['categories'][number];
export type Source = RosterFile['sources'][number];
export type EscalationStep = z.infer<typeof escalationStep>;

/** The ladder without an `escalation:` key (src/escalation/ladder.ts explains each rung). */
export const DEFAULT_ESCALATION: EscalationStep[] = [
  { after: 0, to: 'head', urgent: ['app'] },
  { after: 15 * 60_000, to: 'leaders', urgent: [] },
  { after: 60 * 60_000, to: 'district', urgent: [] },
];
