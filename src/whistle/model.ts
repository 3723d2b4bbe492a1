import type { Kind } from '../roster/roster-schema.js';

export const CASE_STATUSES = ['draft', 'whistled', 'resolved', 'accepted', 'reopened', 'cancelled'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
/** Open cases: the street still works on them (whistled, sent back, or done by every department and awaiting
 * acceptance). The one list every rule, query and timer plan uses. */
export const OPEN_CASE: CaseStatus[] = ['whistled', 'reopened', 'resolved'];

/** `proposed` is a department on a draft, before the whistle. */
export type DeptStatus = 'proposed' | 'summoned' | 'arrived' | 'done' | 'transferred' | 'released' | 'left';
/** Departments still on the case (the street waits for them). */
export const ACTIVE_DEPT: DeptStatus[] = ['summoned', 'arrived'];

export const DRAFT_ACTIONS = ['confirm', 'cancel', 'edit', 'merge'] as const;
export const DEPT_ACTIONS = [
  'arrive',
  'progress',
  'done',
  'transfer',
  'leave',
  'presence_ok',
  'handover',
  'extend',
  'sign',
  'contact',
  'attend',
] as const;
export const STREET_ACTIONS = [
  'accept',
  'reject',
  'release',
  'nudge',
  'add_dept',
  'escalate',
  'cancel',
  'approve_transfer',
  'deny_transfer',
  'set_task',
  'approve_leave',
  'deny_leave',
  'approve_extension',
  'deny_extension',
  'rate',
  'raise',
  'feedback',
  'command',
  'meeting',
  'consult',
  'send_reply',
  'shelve',
  'unshelve',
  'advance',
  'key',
] as const;
export type ActionName =
  | (typeof DRAFT_ACTIONS)[number]
  | (typeof DEPT_ACTIONS)[number]
  | (typeof STREET_ACTIONS)[number];

/** 三级过滤: the grid handles it, one department is dispatched (一家主责), or the street whistles. */
export const LEVELS = ['grid', 'dispatch', 'whistle'] as const;
export type Level = (typeof LEVELS)[number];
export const isLevel = (v: unknown): v is Level => (LEVELS as readonly unknown[]).includes(v);

export const LEVEL_LABEL: Record<Level, { zh: string; en: string }> = {
  grid: { zh: '网格自办', en: 'Grid handles it' },
  dispatch: { zh: '部门派单', en: 'Dispatched to one department' },
  whistle: { zh: '街道吹哨', en: 'Street whistle' },
};

/** Why the street whistles rather than dispatching; free text is also accepted. */
export const WHISTLE_REASONS = ['无权限', '无资源', '多部门', '有争议', '应急'] as const;

/** The resident's answer to the 回访 (call-back). */
export const FEEDBACK_RESULTS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type FeedbackResult = (typeof FEEDBACK_RESULTS)[number];
export const FEEDBACK_LABEL: Record<FeedbackResult, { zh: string; en: string }> = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  basically_satisfied: { zh: '基本满意', en: 'Basically satisfied' },
  unsatisfied: { zh: '不满意', en: 'Unsatisfied' },
};

export const KIND_LABEL: Record<Kind, { zh: string; en: string }> = {
  assemble: { zh: '集结报到哨', en: 'Assemble' },
  joint: { zh: '联合联动哨', en: 'Joint action' },
  supervise: { zh: '监督管理哨', en: 'Supervision' },
  emergency: { zh: '应急响应哨', en: 'Emergency' },
};

export const CASE_STATUS_LABEL: Record<CaseStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  whistled: { zh: '已吹哨', en: 'Whistled' },
  resolved: { zh: '待验收', en: 'Awaiting acceptance' },
  accepted: { zh: '已验收', en: 'Accepted' },
  reopened: { zh: '退回重办', en: 'Sent back' },
  cancelled: { zh: '已撤销', en: 'Cancelled' },
};

export const ROLE_LABEL = {
  lead: { zh: '主责', en: 'Lead' },
  assist: { zh: '配合', en: 'Assisting' },
} as const;

export const SOURCE_LABEL: Record<string, { zh: string; en: string }> = {
  '12345': { zh: '12345热线', en: '12345 hotline' },
  grid: { zh: '网格员', en: 'Grid worker' },
  patrol: { zh: '街巷长巡查', en: 'Patrol' },
  chat: { zh: '吹哨群', en: 'Command chat' },
  api: { zh: '外部系统', en: 'Other system' },
  district: { zh: '区级交办', en: 'District assignment' },
  petition: { zh: '群众来访', en: 'Petition' },
  emergency: { zh: '突发事件', en: 'Emergency' },
};
