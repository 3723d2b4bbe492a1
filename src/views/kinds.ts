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
  if (s.caseRow.commander) {
    notes.push({
      zh: `🎖 现场指挥：${name(s.caseRow.commander)}`,
      en: `🎖 On-site command: ${name(s.caseRow.commander)}`,
    });
  }
  if (s.caseRow.meeting_at) {
    const at = formatTime(s.caseRow.meeting_at.getTime(), v.roster.timezone, v.now);
    const place = md(s.caseRow.meeting_place ?? '');
    const sent = s.caseRow.meeting_event_id
      ? { zh: '已发日程邀请', en: 'invitation sent' }
      : { zh: '日程创建中', en: 'creating the event' };
    notes.push({ zh: `📅 协调会：${at.zh} ${place}（${sent.zh}）`, en: `📅 Meeting: ${at.en} ${place} (${sent.en})` });
  }
  if (s.caseRow.key_at) {
    notes.push({
      zh: `⭐ 重点督办（${name(s.caseRow.key_by ?? '')}），超时将报区级专班`,
      en: `⭐ Key supervision (${name(s.caseRow.key_by ?? '')}): lateness goes to the district`,
    });
  }
  if (s.caseRow.consult_at) {
    notes.push({
      zh: `🏛 已提请区级会商：${md(s.caseRow.consult_reason ?? '')}`,
      en: `🏛 Raised to the district: ${md(s.caseRow.consult_reason ?? '')}`,
    });
  }
  return notes;
}

/** Status-card buttons that depend on the kind: 现场指挥 on an emergency, 协调会 on a joint whistle, 提请会商
 * (a leader's) on any open case not yet raised, and 重点督办 (a leader's or the district's) until marked. */
export function kindButtons(s: CaseState): (readonly [string, string, string, string])[] {
  const out: (readonly [string, string, string, string])[] = [];
  if (s.caseRow.kind === 'emergency') out.push(['现场指挥', 'Take command', 'primary', 'command']);
  if (s.caseRow.kind === 'joint' && s.caseRow.status !== 'resolved')
    out.push(['安排协调会', 'Schedule meeting', 'primary', 'meeting']);
  if (!s.caseRow.consult_at) out.push(['提请区级会商', 'Raise to district', 'default', 'consult']);
  // 重点督办 (a leader's or the district's mark, src/escalation/key.ts).
  if (!s.caseRow.key_at) out.push(['重点督办', 'Key supervision', 'danger', 'key']);
  return out;
}
