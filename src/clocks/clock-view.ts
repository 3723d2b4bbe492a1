import type { CardVars } from '../cards/card-registry.js';
import { formatDeadline } from '../i18n/time.js';
import { buttonValue } from '../whistle/action-value.js';
import type { CaseState } from '../whistle/store.js';
import type { ViewCtx } from '../whistle/view-lists.js';
import { contactBy, current, signBy, signed } from './windows.js';

type SummonsClock = Pick<CardVars<'whistle-summons'>, 'clockNote' | 'clockButtons'>;

/** The summons card's 签收 / 联系 line and buttons, for a department still on an open case. */
export function summonsClock(s: CaseState, dept: string, v: ViewCtx, open: boolean): SummonsClock {
  const d = s.depts.find((x) => x.dept === dept);
  if (!d || !open) return { clockButtons: [] };
  const tz = v.roster.timezone;
  const zh: string[] = [];
  const en: string[] = [];
  const buttons: NonNullable<SummonsClock['clockButtons']> = [];
  const sBy = signBy(v.roster, s, d);
  if (sBy !== undefined && d.status === 'summoned') {
    const done = signed(d);
    const when = formatDeadline(sBy, tz, v.now);
    zh.push(done ? '**签收**：已签收' : `**签收时限**：${when.zh}`);
    en.push(done ? '**Acknowledged**' : `**Acknowledge by**: ${when.en}`);
    if (!done)
      buttons.push({
        zh: '签收',
        en: 'Acknowledge',
        type: 'primary',
        value: buttonValue('sign', s.c.id, { dept, card: 'dept' }),
      });
  }
  const cBy = contactBy(v.roster, s, d);
  if (cBy !== undefined) {
    const done = current(d, d.contacted_at);
    const when = formatDeadline(cBy, tz, v.now);
    zh.push(done ? '**联系诉求人**：已联系' : `**联系诉求人时限**：${when.zh}`);
    en.push(done ? '**Reporter contacted**' : `**Contact the reporter by**: ${when.en}`);
    if (!done)
      buttons.push({
        zh: '已联系诉求人',
        en: 'Reporter contacted',
        type: 'default',
        value: buttonValue('contact', s.c.id, { dept, card: 'dept' }),
      });
  }
  return { clockNote: zh.length ? { zh: zh.join('\n'), en: en.join('\n') } : undefined, clockButtons: buttons };
}
