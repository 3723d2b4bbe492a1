import type { CardVars } from '../cards/card-registry.js';
import { clip } from '../cards/escape.js';
import { type Bi, formatDeadline } from '../i18n/time.js';
import { classify } from '../intake/classify.js';
import type { Roster } from '../roster/roster.js';
import { KINDS, type Kind } from '../roster/roster-schema.js';
import { buttonValue } from '../whistle/action-value.js';
import { isLevel, KIND_LABEL, LEVEL_LABEL, LEVELS, SOURCE_LABEL } from '../whistle/model.js';
import { proposeLevel } from '../whistle/rules/level.js';
import type { CaseState } from '../whistle/store.js';
import {
  biLabel,
  categoryBi,
  deptBi,
  deptOptions,
  joinBi,
  LOCATION_MAX,
  MAX_CATEGORY_OPTIONS,
  MAX_DEPT_OPTIONS,
  NONE,
  pickOptions,
  searchIds,
  TEXT_MAX,
  type ViewCtx,
} from './lists.js';

/** The draft card: what the bot understood, to confirm, cancel or edit (the edit form after a first tap). */
export function draftVars(
  s: CaseState,
  v: ViewCtx,
  question: Bi | null,
  expandEdit = false,
  search?: string,
): CardVars<'whistle-draft'> {
  const r = v.roster;
  const proposed = s.depts.filter((d) => d.status === 'proposed');
  const lead = proposed.find((d) => d.role === 'lead');
  const assist = proposed.filter((d) => d.role === 'assist');
  const open = s.caseRow.status === 'draft';
  const kind = s.caseRow.kind as Kind;
  // Below the street's threshold (or with no lead) the draft offers the three likeliest placements, one tap each.
  const unsure = open && (!lead || (s.caseRow.confidence ?? 1) < r.intake.threshold);
  const likely = question || unsure ? classify(s.caseRow.text, r, v.now).candidates.slice(0, 3) : [];
  return {
    title: { zh: '吹哨草稿（待确认）', en: 'Draft whistle (to confirm)' },
    subtitle: {
      zh: `${r.tierName(s.caseRow.tier).zh} · 报告人 ${r.name(s.caseRow.created_by)}`,
      en: `${r.tierName(s.caseRow.tier).en} · reported by ${r.name(s.caseRow.created_by)}`,
    },
    color: open ? 'blue' : 'grey',
    question,
    ...choicesVars(s, r, unsure ? likely : []),
    merge: open && s.caseRow.merge_offer ? mergeVars(s, s.caseRow.merge_offer) : null,
    category: categoryBi(r, s.caseRow.category),
    kind: KIND_LABEL[kind],
    lead: lead ? deptBi(r, lead.dept) : NONE,
    assist: joinBi(assist.map((d) => deptBi(r, d.dept))),
    location: s.caseRow.location ? clip(s.caseRow.location, LOCATION_MAX) : '未识别 (not found)',
    deadline: s.caseRow.deadline
      ? formatDeadline(s.caseRow.deadline.getTime(), r.timezone, v.now)
      : { zh: '按类别默认时限', en: "the category's default" },
    source: (s.caseRow.source && SOURCE_LABEL[s.caseRow.source]) || SOURCE_LABEL.chat!,
    text: clip(s.caseRow.text, TEXT_MAX),
    open,
    closed:
      s.caseRow.status === 'cancelled' ? { zh: '草稿已取消', en: 'Draft cancelled' } : { zh: '已吹哨', en: 'Whistled' },
    showForm: open && (expandEdit || question !== null),
    showEditButton: open && !(expandEdit || question !== null),
    ...draftOptions(
      s,
      r,
      likely,
      lead?.dept,
      assist.map((d) => d.dept),
      search,
    ),
    leadValue: lead?.dept,
    assistValues: assist.map((d) => d.dept),
    kindOptions: KINDS.map((k) => ({ label: `${KIND_LABEL[k].zh} ${KIND_LABEL[k].en}`, value: k })),
    kindValue: kind,
    ...levelVars(s),
    actions: {
      confirm: buttonValue('confirm', s.caseRow.id, { card: 'draft' }),
      cancel: buttonValue('cancel', s.caseRow.id, { card: 'draft' }),
      edit: buttonValue('edit', s.caseRow.id, { card: 'draft' }),
      openEdit: buttonValue('edit', s.caseRow.id, { card: 'draft' }),
    },
  };
}

/** 并单: the open case about the same place and matter, offered instead of summoning its departments again. */
function mergeVars(s: CaseState, number: string) {
  return {
    note: {
      zh: `同一地点、同类事项已有在办案件 ${number}：可能是同一件事，可并入该案件（计为又一位反映人，不重复召集部门）。`,
      en: `${number} is an open case about the same place and matter: this may be the same thing; merge it there (one more reporter, no second summons).`,
    },
    label: `并入 ${number}`,
    labelEn: `Merge into ${number}`,
    action: buttonValue('merge', s.caseRow.id, { card: 'draft', into: number }),
  };
}

/** The one-tap choices: each places the case in a roster category (its lead and helpers), as the edit form would. */
function choicesVars(s: CaseState, r: Roster, likely: string[]) {
  if (likely.length === 0) return { unsure: null, choices: [] };
  const pct = Math.round((s.caseRow.confidence ?? 0) * 100);
  const thr = Math.round(r.intake.threshold * 100);
  return {
    unsure: {
      zh: `把握不大（${pct}%，本街道阈值 ${thr}%）：请点选最合适的一项，或在“修改”中另选。`,
      en: `Not sure (${pct}%, this street's threshold ${thr}%): tap the placement that fits, or choose another under Edit.`,
    },
    choices: likely.flatMap((id) => {
      const c = r.category(id);
      if (!c) return [];
      const d = deptBi(r, c.lead);
      return [
        {
          label: `${c.name} · ${d.zh}`,
          labelEn: `${c.name_en ?? c.name} · ${d.en}`,
          action: buttonValue('edit', s.caseRow.id, { card: 'draft', pick: c.id }),
        },
      ];
    }),
  };
}

/** 三级过滤 on the draft: the proposed level preselected (the case's level while it is a draft). */
function levelVars(s: CaseState) {
  const proposed = isLevel(s.caseRow.level)
    ? s.caseRow.level
    : proposeLevel(s.caseRow.kind, s.depts.filter((d) => d.status === 'proposed').length);
  return {
    levelOptions: LEVELS.map((l) => ({ label: `${LEVEL_LABEL[l].zh} ${LEVEL_LABEL[l].en}`, value: l })),
    levelValue: proposed,
    levelHint: LEVEL_LABEL[proposed],
  };
}

/** The draft's selects: what the person searched for, then what is chosen or likely, never the whole roster. */
function draftOptions(
  s: CaseState,
  r: Roster,
  likely: string[],
  lead: string | undefined,
  assist: string[],
  search?: string,
) {
  const cat = s.caseRow.category ? r.category(s.caseRow.category) : undefined;
  const cats = pickOptions(
    r.categories.map((c) => ({ label: biLabel({ zh: c.name, en: c.name_en ?? c.name }), value: c.id })),
    [...searchIds(r.categories, search), ...likely, ...(s.caseRow.category ? [s.caseRow.category] : [])],
    MAX_CATEGORY_OPTIONS,
  );
  const depts = pickOptions(
    deptOptions(r),
    [
      ...(lead ? [lead] : []),
      ...assist,
      ...searchIds(r.departments, search),
      ...(cat ? [cat.lead, ...cat.assist] : []),
    ],
    MAX_DEPT_OPTIONS,
  );
  return {
    categoryOptions: cats.options,
    categoryValue: s.caseRow.category ?? undefined,
    deptOptions: depts.options,
    moreNote:
      cats.more || depts.more
        ? {
            zh: '列表只显示最相关的选项；其他类别或部门请在“搜索”中输入名称后保存。',
            en: 'Only the likeliest choices are listed; type a name under Search and save to find others.',
          }
        : null,
  };
}
