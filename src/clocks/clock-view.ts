import type { CardVars } from '../cards/card-registry.js';
import { escapeMarkdown as md } from '../cards/escape.js';
import { formatDeadline, formatTime } from '../i18n/time.js';
import type { ViewCtx } from '../views/lists.js';
import { buttonValue } from '../whistle/action-value.js';
import type { CaseState } from '../whistle/store.js';
import { contactBy, current, signBy, signed } from './windows.js';

type SummonsClock = Pick<CardVars<'whistle-summons'>, 'clockNote' | 'clockButtons'>;

/** One clock of a department: its line (done, or the deadline) and, while not done, the button that does it. */
interface ClockLine {
  by: number;
  done: boolean;
  doneText: [zh: string, en: string];
  dueText: [zh: string, en: string];
  button: [zh: string, en: string, type: string, action: string];
}

/** The summons card's 签收 / 联系 line and buttons, for a department still on an open case. */
export function summonsClock(s: CaseState, dept: string, v: ViewCtx, open: boolean): SummonsClock {
  const d = s.depts.find((x) => x.dept === dept);
  if (!d || !open) return { clockButtons: [] };
  const clocks: ClockLine[] = [];
  const sBy = signBy(v.roster, s, d);
  if (sBy !== undefined && d.status === 'summoned')
    clocks.push({
      by: sBy,
      done: signed(d),
      doneText: ['**签收**：已签收', '**Acknowledged**'],
      dueText: ['**签收时限**', '**Acknowledge by**'],
      button: ['签收', 'Acknowledge', 'primary', 'sign'],
    });
  const cBy = contactBy(v.roster, s, d);
  if (cBy !== undefined)
    clocks.push({
      by: cBy,
      done: current(d, d.contacted_at),
      doneText: ['**联系诉求人**：已联系', '**Reporter contacted**'],
      dueText: ['**联系诉求人时限**', '**Contact the reporter by**'],
      button: ['已联系诉求人', 'Reporter contacted', 'default', 'contact'],
    });
  const zh: string[] = [];
  const en: string[] = [];
  const buttons: NonNullable<SummonsClock['clockButtons']> = [];
  for (const c of clocks) {
    const when = formatDeadline(c.by, v.roster.timezone, v.now);
    zh.push(c.done ? c.doneText[0] : `${c.dueText[0]}：${when.zh}`);
    en.push(c.done ? c.doneText[1] : `${c.dueText[1]}: ${when.en}`);
    if (!c.done) {
      const [bzh, ben, type, action] = c.button;
      buttons.push({ zh: bzh, en: ben, type, value: buttonValue(action, s.caseRow.id, { dept, card: 'dept' }) });
    }
  }
  return { clockNote: zh.length ? { zh: zh.join('\n'), en: en.join('\n') } : undefined, clockButtons: buttons };
}

/** The status card's line for a shelved case (挂账: why, until when). */
export function shelveNotes(s: CaseState, v: ViewCtx): { zh: string; en: string }[] {
  if (!s.caseRow.shelved_at || !s.caseRow.shelve_review) return [];
  const when = formatTime(s.caseRow.shelve_review.getTime(), v.roster.timezone, v.now);
  const why = md(s.caseRow.shelve_reason ?? '');
  return [{ zh: `🗄 已挂账，${when.zh}复核：${why}`, en: `🗄 Shelved until ${when.en}: ${why}` }];
}

/** 挂账 on an open case (reason and review date in the street's form), 恢复办理 on a shelved one. */
export function shelveButtons(s: CaseState): (readonly [string, string, string, string])[] {
  if (s.caseRow.shelved_at) return [['恢复办理', 'Take up again', 'primary', 'unshelve']];
  return s.caseRow.status === 'whistled' || s.caseRow.status === 'reopened'
    ? [['挂账', 'Shelve', 'default', 'shelve']]
    : [];
}
