import type { Learnt } from './match.js';

/** What the draft says when it followed one of the street's corrections (an operator can undo it by its number). */
export function learntNote(l: Learnt | null): { zh: string; en: string } | undefined {
  if (!l) return undefined;
  return {
    zh: `已按本街道此前对类似案件的更正（学习记录编号 ${l.id}）调整本草稿；如不合适请修改。`,
    en: `Placed as this street corrected a similar case before (learnt correction no. ${l.id}); edit it if it does not fit.`,
  };
}
