import { randomUUID } from 'node:crypto';

/** Something the person in Lark did that we refuse, with the words to tell them (zh_cn first, en_us beside). */
export class UserError extends Error {
  constructor(
    readonly code: string,
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
