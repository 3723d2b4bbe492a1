import { escapeMarkdown as md } from '../cards/escape.js';
import { formatTime } from '../i18n/time.js';
import type { CaseState } from '../whistle/store.js';
import type { ViewCtx } from './lists.js';

type Bi = { zh: string; en: string };

/** The status card's lines for the four whistles and the district: who commands an emergency, when the joint
 * whistle meets, that the case is with the district for 会商. */
export function kindNotes(s: CaseState, v: ViewCtx): Bi[] {
  const notes: Bi[] = [];
  const name = (id: string) => md(v.roster.name(id));
  if (s.c.commander) {
    notes.push({ zh: `🎖 现场指挥：${name(s.c.commander)}`, en: `🎖 On-site command: ${name(s.c.commander)}` });
  }
  if (s.c.meeting_at) {
    const at = formatTime(s.c.meeting_at.getTime(), v.roster.timezone, v.now);
    const place = md(s.c.meeting_place ?? '');
    const sent = s.c.meeting_event_id
      ? { zh: '已发日程邀请', en: 'invitation sent' }
      : { zh: '日程创建中', en: 'creating the event' };
    notes.push({ zh: `📅 协调会：${at.zh} ${place}（${sent.zh}）`, en: `📅 Meeting: ${at.en} ${place} (${sent.en})` });
  }
  if (s.c.consult_at) {
    notes.push({
      zh: `🏛 已提请区级会商：${md(s.c.consult_reason ?? '')}`,
      en: `🏛 Raised to the district: ${md(s.c.consult_reason ?? '')}`,
    });
  }
  return notes;
}

/** Status-card buttons that depend on the kind: 现场指挥 on an emergency, 协调会 on a joint whistle, and 提请会商
 * (a leader's) on any open case not yet raised. */
export function kindButtons(s: CaseState): (readonly [string, string, string, string])[] {
  const out: (readonly [string, string, string, string])[] = [];
  if (s.c.kind === 'emergency') out.push(['现场指挥', 'Take command', 'primary', 'command']);
  if (s.c.kind === 'joint' && s.c.status !== 'resolved')
    out.push(['安排协调会', 'Schedule meeting', 'primary', 'meeting']);
  if (!s.c.consult_at) out.push(['提请区级会商', 'Raise to district', 'default', 'consult']);
  return out;
}
