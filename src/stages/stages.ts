import { escapeMarkdown as md } from '../cards/escape.js';
import { AlreadyDone, UserError } from '../errors.js';
import { formatDeadline } from '../i18n/time.js';
import type { Roster } from '../roster/roster.js';
import type { Timer } from '../timers/timer-plan.js';
import type { ViewCtx } from '../views/lists.js';
import { formText } from '../whistle/action-value.js';
import type { ActionName } from '../whistle/model.js';
import type { Plan } from '../whistle/plan.js';
import { type Ctx, caseMustBe, type Rule } from '../whistle/rules/common.js';
import type { CaseState } from '../whistle/store.js';

/** Staged cases (issue 20; seed 001's 违建 case took five months of steps): a category may declare stages such as
 * 认定 → 告知 → 整改 → 复查, each with its own deadline on the roster's working time. The first starts when the case
 * is whistled; the street advances them (`advance`); a stage past its deadline is put to the street and its leaders
 * once. Departments' own clocks run beside them. */

type Stage = { name: string; name_en?: string; within: Parameters<Roster['addSpan']>[1] };

export const stagesOf = (roster: Roster, s: CaseState): Stage[] =>
  (s.caseRow.category ? roster.category(s.caseRow.category)?.stages : undefined) ?? [];

/** After a confirm that whistled a staged case: its first stage starts now. */
export function startStages(action: ActionName, s: CaseState, x: Ctx, p: Plan): void {
  if (action !== 'confirm' || p.casePatch.status !== 'whistled' || s.caseRow.stage != null) return;
  const stages = stagesOf(x.roster, s);
  if (!stages.length) return;
  p.patchCase({ stage: 0, stage_due: new Date(x.roster.addSpan(x.now, stages[0]!.within)) });
  p.log({ actor: 'bot', action: 'stage', note: stages[0]!.name });
}

/** The street closes the current stage and opens the next (form field `note`, optional: what was done). */
export const advance: Rule = (s, x, p) => {
  caseMustBe(s, ['whistled', 'reopened', 'resolved']);
  const stages = stagesOf(x.roster, s);
  const i = s.caseRow.stage;
  if (!stages.length || i == null) throw new UserError('no_stages', '本案没有分阶段办理', 'This case has no stages');
  if (i >= stages.length) throw new AlreadyDone('各阶段均已完成', 'Every stage is done');
  const next = stages[i + 1];
  const note = formText(x.form, 'note', 300);
  p.log({
    actor: x.actor,
    action: 'stage_done',
    note: note ? `${stages[i]!.name}: ${note}` : stages[i]!.name,
    ref: x.ref,
  });
  if (next) {
    p.patchCase({ stage: i + 1, stage_due: new Date(x.roster.addSpan(x.now, next.within)) });
    p.log({ actor: 'bot', action: 'stage', note: next.name });
    p.done(`已进入“${next.name}”阶段`, `Now at stage ${next.name_en ?? next.name}`);
  } else {
    p.patchCase({ stage: stages.length, stage_due: null });
    p.done('各阶段均已完成', 'Every stage is done');
  }
};

/** The current stage's deadline timer, once per stage. */
export function stageTimers(s: CaseState): Timer[] {
  const due = s.caseRow.stage_due?.getTime();
  if (due === undefined || s.caseRow.shelved_at) return [];
  const told = s.caseRow.stage_late_at?.getTime();
  if (told !== undefined && told >= due) return [];
  return [{ caseId: s.caseRow.id, dept: '', kind: 'stage', phase: 'resolve', step: s.caseRow.stage ?? 0, dueAt: due }];
}

export function stageFired(s: CaseState, roster: Roster, p: Plan, now: number): void {
  const stage = stagesOf(roster, s)[s.caseRow.stage ?? 0];
  p.patchCase({ stage_late_at: new Date(now) });
  p.notices.push(
    { kind: 'stage_late', to: 'street', note: stage?.name ?? '' },
    { kind: 'stage_late', to: 'leaders', note: stage?.name ?? '' },
  );
  p.log({ actor: 'bot', action: 'stage_late', note: stage?.name ?? null });
}

/** The status card's stage line: 认定 ✓ → **告知**（时限 …） → 整改 → 复查. */
export function stageNotes(s: CaseState, v: ViewCtx): { zh: string; en: string }[] {
  const stages = stagesOf(v.roster, s);
  const i = s.caseRow.stage;
  if (!stages.length || i == null) return [];
  const due = s.caseRow.stage_due ? formatDeadline(s.caseRow.stage_due.getTime(), v.roster.timezone, v.now) : undefined;
  const line = (lang: 'zh' | 'en') =>
    stages
      .map((st, k) => {
        const n = md(lang === 'zh' ? st.name : (st.name_en ?? st.name));
        if (k < i) return `${n} ✓`;
        if (k > i) return n;
        return `**${n}**${due ? (lang === 'zh' ? `（时限 ${due.zh}）` : ` (by ${due.en})`) : ''}`;
      })
      .join(' → ');
  return [{ zh: `📋 阶段：${line('zh')}`, en: `📋 Stages: ${line('en')}` }];
}

/** 进入下一阶段 while a stage is open. */
export function stageButtons(s: CaseState, roster: Roster): (readonly [string, string, string, string])[] {
  const n = stagesOf(roster, s).length;
  return n && s.caseRow.stage != null && s.caseRow.stage < n
    ? [['完成本阶段', 'Stage done', 'primary', 'advance']]
    : [];
}
