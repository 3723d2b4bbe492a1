import { randomUUID } from 'node:crypto';

/** Why an action was refused, by name: logged with the refusal and matched by the API (bad_result → 400). A new
 * refusal adds its name here, so a misspelt one does not compile. */
export const ERROR_CODES = [
  'already_done',
  'bad_category',
  'bad_deadline',
  'bad_dept',
  'bad_hours',
  'bad_kind',
  'bad_level',
  'bad_result',
  'bad_review',
  'bad_score',
  'bad_state',
  'bad_time',
  'bad_user',
  'closed',
  'extension_cap',
  'extension_too_long',
  'draft',
  'forbidden',
  'missing_input',
  'no_lead',
  'no_reporter',
  'no_request',
  'no_stages',
  'nobody',
  'not_arrived',
  'not_done',
  'not_draft',
  'not_emergency',
  'not_on_case',
  'not_on_site',
  'nothing',
  'released',
  'too_soon',
  'transferred',
  'unknown_case',
  // 首问协查, 监督管理哨, the reply to a source (issue 19 items 4–6).
  'objection_window_passed',
  'unknown_evaluation',
  'not_evaluated',
  'bad_metric',
  'no_objection',
  'no_source',
  'no_meeting',
  'too_early',
  'meeting_over',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Something the person in Lark did that we refuse, with the words to tell them (zh_cn first, en_us beside). */
export class UserError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${code}: ${en}`);
    this.name = 'UserError';
  }
}

/** A repeated action that already happened: answered with an info toast, nothing changes. */
export class AlreadyDone extends UserError {
  constructor(zh: string, en: string) {
    super('already_done', zh, en);
    this.name = 'AlreadyDone';
  }
}

/** Start-up cannot continue (bad configuration, missing binary). The message is the one line an operator reads. */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

export const newErrorId = (): string => randomUUID().slice(0, 8);
