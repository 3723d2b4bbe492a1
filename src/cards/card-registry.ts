import { z } from 'zod';
import type { Mentions } from '../lark/outbound/messages.js';

/** Every card template in cards/, with the variables it needs. Renaming a template breaks nothing stored
 * (cards are rendered fresh), but the names are used in tests and the sandbox. */
const bi = z.object({ zh: z.string(), en: z.string() });
const option = z.object({ label: z.string(), value: z.string() });
const actionValue = z.object({ v: z.literal(1), action: z.string(), whistle: z.string() }).catchall(z.unknown());
/** A button on an evaluation card (监督管理哨): it names the evaluation, not a case. */
const evalAction = z.object({ v: z.literal(1), action: z.string(), evaluation: z.string() }).catchall(z.unknown());
const tag = z.object({ zh: z.string(), en: z.string(), color: z.string() });
const color = z.enum([
  'blue',
  'wathet',
  'turquoise',
  'green',
  'yellow',
  'orange',
  'red',
  'carmine',
  'violet',
  'purple',
  'indigo',
  'grey',
  'default',
]);
/** A period's card (the digests, the departments' evaluation): header, summary and a table of rows. */
const periodTable = { title: bi, subtitle: bi, color, summary: bi, rows: z.boolean(), table: bi };
/** The raw `{{{mentions}}}` slots take only markup built by src/lark/outbound/messages.ts `mentions()`: the
 * brand keeps any other string (user text above all) out of an unescaped slot. */
const mentions = z.custom<Mentions>((v) => typeof v === 'string');
const button = z.object({
  zh: z.string(),
  en: z.string(),
  type: z.string(),
  value: actionValue,
  name: z.string().optional(),
});

export const CARD_SCHEMAS = {
  'whistle-draft': z.object({
    title: bi,
    subtitle: bi,
    color,
    question: bi.nullable(),
    /** Below the street's confidence threshold: how sure the bot is, and the three likeliest placements. */
    unsure: bi.nullable(),
    choices: z.array(z.object({ label: z.string(), labelEn: z.string(), action: actionValue })),
    /** 并单: the open case this draft seems to report again, offered as one tap. */
    merge: z.object({ note: bi, label: z.string(), labelEn: z.string(), action: actionValue }).nullable(),
    category: bi,
    kind: bi,
    lead: bi,
    assist: bi,
    location: z.string(),
    deadline: bi,
    source: bi,
    text: z.string(),
    open: z.boolean(),
    closed: bi,
    showForm: z.boolean(),
    showEditButton: z.boolean(),
    moreNote: bi.nullable(),
    categoryOptions: z.array(option),
    categoryValue: z.string().optional(),
    deptOptions: z.array(option),
    leadValue: z.string().optional(),
    assistValues: z.array(z.string()),
    kindOptions: z.array(option),
    kindValue: z.string(),
    levelOptions: z.array(option),
    levelValue: z.string(),
    levelHint: bi,
    actions: z.object({ confirm: actionValue, cancel: actionValue, edit: actionValue, openEdit: actionValue }),
  }),
  'whistle-status': z.object({
    number: z.string(),
    title: bi,
    subtitle: bi,
    status: bi,
    color,
    tags: z.array(tag),
    category: bi,
    kind: bi,
    location: z.string(),
    deadline: bi,
    text: z.string(),
    deptLines: bi.nullable(),
    requests: z.array(z.object({ zh: z.string(), en: z.string(), approve: actionValue, deny: actionValue })),
    moreRequests: bi.nullable(),
    notes: z.array(bi),
    timelineText: bi.nullable(),
    canAccept: z.boolean(),
    open: z.boolean(),
    canRate: z.boolean(),
    deptOptions: z.array(option),
    moreDepts: z.boolean(),
    rateOptions: z.array(option),
    streetButtons: z.array(button),
    canFeedback: z.boolean(),
    resultOptions: z.array(option),
    /** A joint whistle's coordination meeting fields (time, place) in the street's form. */
    meetingForm: z.boolean().default(false),
    actions: z.object({ accept: actionValue, reject: actionValue, rate: actionValue, feedback: actionValue }),
  }),
  'whistle-summons': z.object({
    title: bi,
    subtitle: bi,
    summary: bi,
    color,
    tags: z.array(tag),
    mentions,
    role: bi,
    category: bi,
    kind: bi,
    location: z.string(),
    arriveBy: bi,
    resolveBy: bi,
    /** 首问协查: until when the department may ask to transfer (its objection window), or that it has passed. */
    returnBy: bi.default({ zh: '—', en: '—' }),
    text: z.string(),
    task: z.string().optional(),
    state: bi,
    open: z.boolean(),
    arrived: z.boolean(),
    deptOptions: z.array(option),
    moreDepts: z.boolean(),
    openHandover: z.boolean(),
    handoverOptions: z.array(option),
    /** 签收 / 联系 (src/clocks): their deadlines as one line, and a button for each still to do. */
    clockNote: bi.optional(),
    clockButtons: z.array(button).default([]),
    actions: z.object({
      arrive: actionValue,
      progress: actionValue,
      done: actionValue,
      transfer: actionValue,
      leave: actionValue,
      extend: actionValue,
      handover: actionValue,
    }),
  }),
  digest: z.object({
    ...periodTable,
    /** Lark `chart` elements (VChart specs) drawn above the table; checked by the card rules. */
    charts: z.array(z.object({ spec: z.record(z.string(), z.unknown()), height: z.string() })).default([]),
    overdue: z.array(z.object({ zh: z.string(), en: z.string(), value: actionValue })),
  }),
  evaluation: z.object({
    ...periodTable,
    /** 督办 items: a department to supervise (text) or a case with its 督办 (nudge) button. */
    supervise: z.array(z.object({ zh: z.string(), en: z.string(), value: actionValue.optional() })),
    objections: bi.nullable(),
    formulas: bi,
    objectForm: z.boolean(),
    metricOptions: z.array(option),
    actions: z.object({ object: evalAction.optional() }),
  }),
  objection: z.object({
    title: bi,
    color,
    body: bi,
    open: z.boolean(),
    actions: z.object({ accept: evalAction, reject: evalAction }),
  }),
  'source-reply': z.object({
    title: bi,
    color,
    body: bi,
    /** The reply as assembled from the record (editable), or as sent. */
    replyText: z.string(),
    open: z.boolean(),
    actions: z.object({ send: actionValue }),
  }),
  notice: z.object({
    title: bi,
    color,
    mentions: mentions.optional(),
    body: bi,
    text: z.string().optional(),
    buttons: z.array(button),
  }),
} as const;

export type CardName = keyof typeof CARD_SCHEMAS;
export type CardVars<N extends CardName> = z.input<(typeof CARD_SCHEMAS)[N]>;
