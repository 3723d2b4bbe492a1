import type { DeptRow } from '../db/schema.js';
import { type Bi, formatDeadline, formatDuration, formatTime } from '../i18n/time.js';
import { attendanceMark } from '../joint/attendance.js';
import { mentions } from '../lark/outbound/messages.js';
import { type DeptStatus, ROLE_LABEL } from '../whistle/model.js';
import type { CaseState } from '../whistle/store.js';
import { deptBi, md, type ViewCtx } from './lists.js';

/** One department's line on the status card: state, clocks and who is on site now. */
export function deptLine(s: CaseState, d: DeptRow, v: ViewCtx): Bi {
  const r = v.roster;
  const tz = r.timezone;
  const name = deptBi(r, d.dept);
  const role = ROLE_LABEL[d.role as 'lead' | 'assist'] ?? ROLE_LABEL.assist;
  const st = d.status as DeptStatus;
  const summoned = d.summoned_at ? formatTime(d.summoned_at.getTime(), tz, v.now) : undefined;
  let zh = '';
  let en = '';
  if (st === 'summoned') {
    const left = d.arrive_by ? formatDeadline(d.arrive_by.getTime(), tz, v.now) : undefined;
    const late = d.arrive_by && d.arrive_by.getTime() < v.now;
    zh = `${late ? '🔴' : '⏳'} 待报到（${summoned?.zh ?? ''}召集，报到时限 ${left?.zh ?? '—'}）`;
    en = `${late ? '🔴' : '⏳'} awaiting arrival (summoned ${summoned?.en ?? ''}, arrive by ${left?.en ?? '—'})`;
  } else if (st === 'arrived') {
    const after = formatDuration(d.arrived_at!.getTime() - (d.summoned_at?.getTime() ?? d.arrived_at!.getTime()));
    const res = d.resolve_by ? formatDeadline(d.resolve_by.getTime(), tz, v.now) : undefined;
    zh = `✅ 已报到（召集后${after.zh}到达${d.arrive_late ? '，迟到' : ''}）· 办结时限 ${res?.zh ?? '—'}`;
    en = `✅ arrived (${after.en} after the summons${d.arrive_late ? ', late' : ''}) · resolve by ${res?.en ?? '—'}`;
  } else if (st === 'done') {
    const t = formatTime(d.done_at!.getTime(), tz, v.now);
    zh = `☑️ 已办结（${t.zh}）`;
    en = `☑️ done (${t.en})`;
  } else if (st === 'transferred') {
    zh = '↪️ 已移交';
    en = '↪️ transferred';
  } else if (st === 'released') {
    zh = '🟢 已放行';
    en = '🟢 released';
  } else {
    zh = '已离场';
    en = 'left';
  }
  const onSite = s.presence.filter((p) => p.dept === d.dept && !p.until);
  const site = onSite.length
    ? {
        zh: ` · 在场：${onSite.map((p) => `${mentions([p.user_id])} ${formatDuration(v.now - p.since.getTime()).zh}${p.missed ? '（未确认在场⚠️）' : ''}`).join('，')}`,
        en: ` · on site: ${onSite.map((p) => `${mentions([p.user_id])} ${formatDuration(v.now - p.since.getTime()).en}${p.missed ? ' (presence not confirmed ⚠️)' : ''}`).join(', ')}`,
      }
    : { zh: '', en: '' };
  const met = attendanceMark(s, d, v);
  const meeting = met ? { zh: ` · ${met.zh}`, en: ` · ${met.en}` } : { zh: '', en: '' };
  const rating = d.rating ? { zh: ` · 评分 ${d.rating}`, en: ` · rated ${d.rating}` } : { zh: '', en: '' };
  return {
    zh: `**${md(name.zh)}** · ${role.zh} · ${zh}${meeting.zh}${site.zh}${rating.zh}`,
    en: `**${md(name.en)}** · ${role.en} · ${en}${meeting.en}${site.en}${rating.en}`,
  };
}
