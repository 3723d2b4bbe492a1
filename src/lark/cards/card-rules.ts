import { CARD_DOCS, CARD_LIMITS } from '../limits.js';
import { CHART_RULES, type ChartRule, checkChart } from './chart-rules.js';

/** Lark's documented Card JSON 2.0 rules for every component our templates use, checked in one place: the
 * renderer refuses to send a card that breaks one, the emulator refuses it with 230099 as Lark does.
 * No SDK here: the rules are about the JSON only. */

export type CardRule =
  | 'schema-2.0'
  | 'removed-in-2.0'
  | 'form-at-root'
  | 'form-name'
  | 'field-name'
  | 'unique-name'
  | 'button-name'
  | 'form-submit'
  | 'element-count'
  | 'card-size'
  | 'nesting-depth'
  | ChartRule;

export interface CardViolation {
  rule: CardRule;
  /** Where in the card, e.g. body.elements[3].elements[0]. */
  path: string;
  message: string;
  doc: string;
}

/** The doc's own wording for each rule, with its page. */
export const RULES: Record<CardRule, { doc: string; quote: string }> = {
  // "要使用 JSON 2.0 结构，必须显示声明 2.0" … "JSON 2.0 版本新增 body 字段，elements 属性放置在 body 层级下"
  'schema-2.0': {
    doc: CARD_DOCS.breakingChanges,
    quote: 'JSON 2.0 版本新增 `body` 字段，`elements` 属性放置在 `body` 层级下',
  },
  // "JSON 2.0 版本不再支持通过 i18n_elements 字段设置全局多语言" / "JSON 2.0 版本暂不支持使用 fallback 字段";
  // the 1.0 `action` and `note` modules are not 2.0 components (sub-code 200861 "component not supported").
  'removed-in-2.0': {
    doc: CARD_DOCS.breakingChanges,
    quote: 'JSON 2.0 版本不再支持通过 `i18n_elements` 字段设置全局多语言 … 暂不支持使用 `fallback` 字段',
  },
  // form-container: "表单容器组件不可被内嵌在其它组件内，只可放在卡片根节点下。"
  // collapsible-panel: "折叠面板不支持内嵌表单容器（form）组件"
  'form-at-root': {
    doc: CARD_DOCS.form,
    quote: '表单容器组件不可被内嵌在其它组件内，只可放在卡片根节点下。',
  },
  // form-container: name "表单容器的唯一标识。用于识别用户提交的数据属于哪个表单容器。在同一张卡片内，该字段的值全局唯一。"
  'form-name': {
    doc: CARD_DOCS.form,
    quote: '表单容器的唯一标识。用于识别用户提交的数据属于哪个表单容器。在同一张卡片内，该字段的值全局唯一。',
  },
  // input: name "输入框的唯一标识。当输入框内嵌在表单容器时，该属性生效，用于识别用户提交的文本属于哪个输入框。"
  'field-name': {
    doc: CARD_DOCS.input,
    quote: '当输入框内嵌在表单容器时，该属性生效，用于识别用户提交的文本属于哪个输入框。',
  },
  // form-container, components inside a form: "name … 卡片全局唯一" (client error 200530 when it is empty).
  'unique-name': {
    doc: CARD_DOCS.form,
    quote: '在同一张卡片内，该字段的值全局唯一。',
  },
  // Lark's form reference (larksuite/cli skills, card/components/form.md): "form 内所有交互组件的 name 必须填且全局
  // 唯一,否则提交失败"; a form button's name comes back as action.name. Client error 200530: form component name empty.
  'button-name': {
    doc: CARD_DOCS.form,
    quote: 'form 内所有交互组件的 name 必须填且全局唯一,否则提交失败',
  },
  // form-container: a form submits through a button whose form_action_type is "submit".
  'form-submit': {
    doc: CARD_DOCS.form,
    quote: '通过点击一次 **提交** 按钮，将这一批本地缓存的表单内容一次回调至开发者的服务端',
  },
  // card-json-v2-structure, as summarised in our platform reference §4.1: "Max 200 elements/components per card".
  // Lark counts tagged nodes, plain_text and header text included (11310 "too many elements").
  'element-count': {
    doc: CARD_DOCS.structure,
    quote: 'Max 200 elements/components per card',
  },
  // message create / patch (our platform reference, limits table): "post/card ≤ 30 KB … → 230025"; Lark answers
  // "The message content exceeds the length limit."
  'card-size': {
    doc: CARD_DOCS.sendErrors,
    quote: 'The message content exceeds the length limit.',
  },
  // form-container: "容器类组件最多支持嵌套五层组件。"
  'nesting-depth': {
    doc: CARD_DOCS.form,
    quote: '容器类组件最多支持嵌套五层组件。',
  },
  ...CHART_RULES,
};

const CONTAINERS = new Set(['form', 'column_set', 'column', 'collapsible_panel', 'interactive_container']);
/** Interactive components that submit a value when inside a form. */
const FIELDS = new Set([
  'input',
  'select_static',
  'multi_select_static',
  'select_person',
  'multi_select_person',
  'date_picker',
  'picker_time',
  'picker_datetime',
  'select_img',
  'checker',
]);
const REMOVED_TAGS = new Set(['action', 'note']);
const REMOVED_KEYS = ['i18n_elements', 'fallback', 'i18n_header'];

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => !!v && typeof v === 'object' && !Array.isArray(v);

interface Walk {
  out: CardViolation[];
  names: Map<string, string>;
  elements: number;
  charts: number;
}

function add(w: Walk, rule: CardRule, path: string, message: string): void {
  w.out.push({ rule, path, message: `${message} (${RULES[rule].quote})`, doc: RULES[rule].doc });
}

/** Visits every node; `containers` are the container tags above it, `form` the form it sits in. */
function visit(w: Walk, v: unknown, path: string, containers: string[], form: string | undefined): void {
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) visit(w, x, `${path}[${i}]`, containers, form);
    return;
  }
  if (!isNode(v)) return;
  const tag = typeof v.tag === 'string' ? v.tag : undefined;
  let inner = containers;
  let innerForm = form;
  if (tag) {
    w.elements += 1;
    checkNode(w, v, tag, path, containers, form);
    if (CONTAINERS.has(tag)) inner = [...containers, tag];
    if (tag === 'form') innerForm = typeof v.name === 'string' ? v.name : '';
  }
  for (const [k, x] of Object.entries(v)) visit(w, x, `${path}.${k}`, inner, innerForm);
}

function claimName(w: Walk, name: string, path: string): void {
  const prior = w.names.get(name);
  if (prior !== undefined) add(w, 'unique-name', path, `name "${name}" is already used at ${prior}`);
  else w.names.set(name, path);
}

function checkNode(w: Walk, v: Node, tag: string, path: string, containers: string[], form: string | undefined): void {
  if (REMOVED_TAGS.has(tag)) add(w, 'removed-in-2.0', path, `the 1.0 "${tag}" module does not exist in 2.0`);
  if (tag === 'chart') {
    w.charts += 1;
    for (const f of checkChart(v, path)) add(w, f.rule, f.path, f.message);
  }
  if (containers.length >= CARD_LIMITS.maxContainerDepth && CONTAINERS.has(tag))
    add(w, 'nesting-depth', path, `a ${tag} nested ${containers.length + 1} containers deep`);
  const name = typeof v.name === 'string' && v.name !== '' ? v.name : undefined;
  if (tag === 'form') {
    const parent = containers[containers.length - 1];
    if (parent === 'collapsible_panel')
      w.out.push({
        rule: 'form-at-root',
        path,
        message: 'a form inside a collapsible_panel (折叠面板不支持内嵌表单容器（form）组件)',
        doc: CARD_DOCS.collapsiblePanel,
      });
    else if (parent) add(w, 'form-at-root', path, `a form inside ${parent}: forms only at the body root`);
    if (!name) add(w, 'form-name', path, 'a form without a name');
    else claimName(w, name, path);
    if (!hasSubmit(v)) add(w, 'form-submit', path, `form "${name ?? ''}" has no submit button`);
    return;
  }
  if (form !== undefined && FIELDS.has(tag)) {
    if (!name) add(w, 'field-name', path, `a ${tag} inside form "${form}" without a name`);
    else claimName(w, name, path);
    return;
  }
  if (tag === 'button' && (v.form_action_type !== undefined || form !== undefined)) {
    if (v.form_action_type !== undefined && !name) add(w, 'button-name', path, 'a form button without a name');
    else if (name) claimName(w, name, path);
  }
}

function hasSubmit(form: Node): boolean {
  let found = false;
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!isNode(v)) return;
    if (v.tag === 'button' && v.form_action_type === 'submit') found = true;
    Object.values(v).forEach(walk);
  };
  walk(form.elements);
  return found;
}

/** Every rule the card breaks; an empty list means Lark accepts it. `bytes` is the size of the JSON as sent. */
export function checkCard(card: unknown, bytes?: number): CardViolation[] {
  const w: Walk = { out: [], names: new Map(), elements: 0, charts: 0 };
  if (!isNode(card)) {
    add(w, 'schema-2.0', '', 'the card is not a JSON object');
    return w.out;
  }
  const size = bytes ?? Buffer.byteLength(JSON.stringify(card));
  if (size > CARD_LIMITS.maxBytes) add(w, 'card-size', '', `the card is ${size} bytes, over ${CARD_LIMITS.maxBytes}`);
  if (card.schema !== '2.0') add(w, 'schema-2.0', 'schema', `schema is ${JSON.stringify(card.schema)}, not "2.0"`);
  const body = isNode(card.body) ? card.body : undefined;
  if (!body || !Array.isArray(body.elements)) add(w, 'schema-2.0', 'body', 'no body.elements array');
  for (const k of REMOVED_KEYS) if (k in card) add(w, 'removed-in-2.0', k, `"${k}" is not supported in 2.0`);
  if (Array.isArray(card.elements)) add(w, 'schema-2.0', 'elements', 'elements belong under body in 2.0');
  visit(w, card.header, 'header', [], undefined);
  if (body) visit(w, body.elements, 'body.elements', [], undefined);
  if (w.elements > CARD_LIMITS.maxElements)
    add(w, 'element-count', '', `the card has ${w.elements} elements, over ${CARD_LIMITS.maxElements}`);
  if (w.charts > CARD_LIMITS.maxCharts)
    add(w, 'chart-count', '', `the card has ${w.charts} charts, over ${CARD_LIMITS.maxCharts}`);
  return w.out;
}

/** How many tagged nodes a card holds, as Lark counts them (header and plain_text included). */
export function countElements(card: unknown): number {
  let n = 0;
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!isNode(v)) return;
    if (typeof v.tag === 'string') n += 1;
    Object.values(v).forEach(walk);
  };
  walk(isNode(card) ? [card.header, isNode(card.body) ? card.body.elements : card.elements] : card);
  return n;
}

export interface FormField {
  name: string;
  required: boolean;
}

/** The form a named button submits, with its fields: what a Lark client puts in form_value. */
export function formOfButton(card: unknown, buttonName: string): { form: string; fields: FormField[] } | undefined {
  const body = isNode(card) && isNode(card.body) && Array.isArray(card.body.elements) ? card.body.elements : [];
  for (const f of body) {
    if (!isNode(f) || f.tag !== 'form') continue;
    const fields: FormField[] = [];
    let hit = false;
    const walk = (v: unknown) => {
      if (Array.isArray(v)) return v.forEach(walk);
      if (!isNode(v)) return;
      if (typeof v.tag === 'string' && FIELDS.has(v.tag) && typeof v.name === 'string')
        fields.push({ name: v.name, required: v.required === true });
      if (v.tag === 'button' && v.name === buttonName) hit = true;
      Object.values(v).forEach(walk);
    };
    walk(f.elements);
    if (hit) return { form: String(f.name), fields };
  }
  return undefined;
}

/** One line naming every violation, as Lark's 230099 message carries the first problem it finds. */
export function describeViolations(v: CardViolation[]): string {
  return v.map((x) => `[${x.rule}] ${x.path || 'card'}: ${x.message}`).join('; ');
}
