import { AlreadyDone, UserError } from '../errors.js';
import { formatDuration, formatTime } from '../i18n/time.js';
import type { Roster } from '../roster/roster.js';
import { OPEN_CASE } from '../whistle/model.js';
import type { Plan } from '../whistle/plan.js';
import { caseMustBe, type Rule } from '../whistle/rules/common.js';
import type { CaseState } from '../whistle/store.js';

/** 应急响应哨 (seed 004: "立即报至街道主要领导…处级领导带领…赶赴现场…成立临时指挥机构…事后总结评估"). */

/** Who hears at once when a case is whistled: an emergency reaches every leader and the district by direct
 * message with a Lark urgent; a joint whistle is reported to the district. */
export function whistledNotices(state: CaseState, plan: Plan): void {
  if (state.caseRow.kind === 'emergency') {
    plan.notices.push({ kind: 'emergency', to: 'leaders', dmUrgent: 'app' });
    plan.notices.push({ kind: 'emergency', to: 'district', dmUrgent: 'app' });
  } else if (state.caseRow.kind === 'joint') {
    plan.notices.push({ kind: 'joint_whistled', to: 'district' });
  }
}

/** A leader takes on-site command (现场指挥): from now on what he or she posts in the case thread is the command log. */
export const command: Rule = (state, ctx, plan) => {
  caseMustBe(state, OPEN_CASE);
  if (state.caseRow.kind !== 'emergency')
    throw new UserError('not_emergency', '只有应急响应哨需要现场指挥', 'Only an emergency has an on-site commander');
  if (!ctx.roster.isLeader(ctx.actor))
    throw new UserError('forbidden', '只有街道领导可以担任现场指挥', 'Only a street leader can take on-site command');
  if (state.caseRow.commander === ctx.actor) throw new AlreadyDone('您已在现场指挥', 'You are already in command');
  plan.patchCase({ commander: ctx.actor });
  plan.allCards = true;
  plan.log({
    actor: ctx.actor,
    action: 'command',
    note: state.caseRow.commander ? `← ${state.caseRow.commander}` : null,
    ref: ctx.ref,
  });
  plan.done(
    '您已担任现场指挥，在案件话题中发布的消息将记入指挥日志',
    'You are in command; what you post in the case thread goes into the command log',
  );
};

/** 事后总结评估: each department's arrival against its deadline, one line each (the review's body). */
export function afterActionReview(state: CaseState, roster: Roster, now: number): { zh: string; en: string } {
  const tz = roster.timezone;
  const lines = state.depts
    .filter((d) => d.status !== 'proposed' && d.summoned_at)
    .map((d) => {
      const dept = roster.department(d.dept);
      const name = { zh: dept?.name ?? d.dept, en: dept?.name_en ?? dept?.name ?? d.dept };
      if (!d.arrived_at) return { zh: `${name.zh}：未报到`, en: `${name.en}: never arrived` };
      const at = formatTime(d.arrived_at.getTime(), tz, now);
      const took = formatDuration(d.arrived_at.getTime() - d.summoned_at!.getTime());
      const late = d.arrive_by ? d.arrived_at.getTime() - d.arrive_by.getTime() : 0;
      const verdict =
        late > 0
          ? { zh: `迟到${formatDuration(late).zh}`, en: `${formatDuration(late).en} late` }
          : { zh: '按时', en: 'in time' };
      return {
        zh: `${name.zh}：${at.zh} 报到（用时${took.zh}，${verdict.zh}）`,
        en: `${name.en}: arrived ${at.en} (after ${took.en}, ${verdict.en})`,
      };
    });
  return { zh: lines.map((l) => l.zh).join('\n'), en: lines.map((l) => l.en).join('\n') };
}

/** After acceptance: the review goes into the case and to the leaders and the district. */
export function onAccepted(state: CaseState, roster: Roster, now: number, plan: Plan): void {
  if (state.caseRow.kind !== 'emergency') return;
  const review = afterActionReview(state, roster, now);
  plan.log({ actor: 'bot', action: 'review', note: review.zh });
  plan.notices.push({ kind: 'review', to: 'leaders', note: review.zh, noteEn: review.en });
  plan.notices.push({ kind: 'review', to: 'district', note: review.zh, noteEn: review.en });
}
