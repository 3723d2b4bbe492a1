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
  const likely = question ? classify(s.caseRow.text, r, v.now).candidates.slice(0, 3) : [];
  return {
    title: { zh: '吹哨草稿（待确认）', en: 'Draft whistle (to confirm)' },
    subtitle: {
      zh: `${r.tierName(s.caseRow.tier).zh} · 报告人 ${r.name(s.caseRow.created_by)}`,
      en: `${r.tierName(s.caseRow.tier).en} · reported by ${r.name(s.caseRow.created_by)}`,
    },
    color: open ? 'blue' : 'grey',
    question,
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
