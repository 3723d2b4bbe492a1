import { describe, expect, it } from 'vitest';
import { type CardViolation, checkCard, countElements, formOfButton } from '../../src/lark/cards/card-rules.js';

const text = (content: string) => ({ tag: 'plain_text', content });
const submit = (name: string) => ({ tag: 'button', name, form_action_type: 'submit', text: text('提交') });
const form = (name: string, ...elements: unknown[]) => ({ tag: 'form', name, elements });
const card = (...elements: unknown[]) => ({ schema: '2.0', header: { title: text('标题') }, body: { elements } });
const rules = (v: CardViolation[]) => v.map((x) => x.rule);

describe('card rules (Card JSON 2.0, as Lark documents them)', () => {
  it('accepts a card that follows every rule', () => {
    const ok = card(
      { tag: 'markdown', content: 'hi' },
      form('f', { tag: 'input', name: 'reason', required: true }, submit('go')),
    );
    expect(checkCard(ok)).toEqual([]);
  });

  it('"JSON 2.0 版本新增 body 字段，elements 属性放置在 body 层级下": schema 2.0 with body.elements', () => {
    const v = checkCard({ elements: [{ tag: 'markdown', content: 'x' }] });
    expect(rules(v)).toContain('schema-2.0');
    expect(v.find((x) => x.path === 'schema')?.doc).toContain('card-json-v2-breaking-changes');
  });

  it('"不再支持通过 i18n_elements 字段设置全局多语言", "暂不支持使用 fallback 字段", no 1.0 action/note modules', () => {
    const v = checkCard({
      ...card({ tag: 'action', actions: [] }, { tag: 'note', elements: [] }),
      i18n_elements: { en_us: [] },
      fallback: {},
    });
    expect(v.filter((x) => x.rule === 'removed-in-2.0').map((x) => x.path)).toEqual([
      'i18n_elements',
      'fallback',
      'body.elements[0]',
      'body.elements[1]',
    ]);
  });

  it('"表单容器组件不可被内嵌在其它组件内，只可放在卡片根节点下": a form in a column is refused', () => {
    const inColumn = card({
      tag: 'column_set',
      columns: [{ tag: 'column', elements: [form('f', { tag: 'input', name: 'a' }, submit('b'))] }],
    });
    const v = checkCard(inColumn);
    expect(rules(v)).toEqual(['form-at-root']);
    expect(v[0]!.path).toBe('body.elements[0].columns[0].elements[0]');
    expect(v[0]!.message).toContain('只可放在卡片根节点下');
  });

  it('"折叠面板不支持内嵌表单容器（form）组件": a form in a collapsible_panel is refused with that page', () => {
    const v = checkCard(
      card({ tag: 'collapsible_panel', header: { title: text('x') }, elements: [form('f', submit('b'))] }),
    );
    expect(rules(v)).toEqual(['form-at-root']);
    expect(v[0]!.doc).toContain('containers/collapsible-panel');
  });

  it('"表单容器的唯一标识 … 在同一张卡片内，该字段的值全局唯一": forms need a name, unique', () => {
    expect(rules(checkCard(card(form('', submit('b')))))).toEqual(['form-name']);
    expect(rules(checkCard(card(form('f', submit('a')), form('f', submit('b')))))).toEqual(['unique-name']);
  });

  it('"当输入框内嵌在表单容器时，该属性生效，用于识别用户提交的文本属于哪个输入框": fields in a form need a name', () => {
    const v = checkCard(card(form('f', { tag: 'select_static', options: [] }, submit('b'))));
    expect(rules(v)).toEqual(['field-name']);
  });

  it('"在同一张卡片内，该字段的值全局唯一": one field name in two forms of one card is refused', () => {
    const v = checkCard(
      card(
        form('a', { tag: 'input', name: 'reason' }, submit('a_btn')),
        form('b', { tag: 'input', name: 'reason' }, submit('b_btn')),
      ),
    );
    expect(rules(v)).toEqual(['unique-name']);
    expect(v[0]!.message).toContain('"reason"');
  });

  it('"form 内所有交互组件的 name 必须填且全局唯一": a form_action_type button needs a name', () => {
    const v = checkCard(card(form('f', { tag: 'button', form_action_type: 'submit', text: text('go') })));
    expect(rules(v)).toEqual(['button-name']);
  });

  it('"通过点击一次 提交 按钮 … 一次回调": a form without a submit button is refused', () => {
    expect(rules(checkCard(card(form('f', { tag: 'input', name: 'x' }))))).toEqual(['form-submit']);
  });

  it('"Max 200 elements/components per card": every tagged node counts, plain_text and header included', () => {
    // 66 buttons × (button + plain_text) = 132, + 66 markdown = 198, + header title plain_text = 199.
    const els = Array.from({ length: 66 }, (_, i) => [
      { tag: 'markdown', content: `${i}` },
      { tag: 'button', text: text(`${i}`) },
    ]).flat();
    expect(countElements(card(...els))).toBe(199);
    expect(checkCard(card(...els))).toEqual([]);
    const over = card(...els, { tag: 'hr' }, { tag: 'hr' });
    expect(rules(checkCard(over))).toEqual(['element-count']);
  });

  it('"The message content exceeds the length limit.": the card JSON is at most 30 KB', () => {
    const big = card({ tag: 'markdown', content: '字'.repeat(10_300) }); // 3 bytes each
    expect(rules(checkCard(big))).toEqual(['card-size']);
    expect(checkCard(card({ tag: 'markdown', content: '字'.repeat(9_000) }))).toEqual([]);
  });

  it('"容器类组件最多支持嵌套五层组件": a sixth container level is refused', () => {
    let inner: unknown = { tag: 'markdown', content: 'deep' };
    for (let i = 0; i < 3; i++) inner = { tag: 'column_set', columns: [{ tag: 'column', elements: [inner] }] };
    // column_set > column > column_set > column > column_set > column: six levels
    expect(rules(checkCard(card(inner)))).toEqual(['nesting-depth']);
    let ok: unknown = { tag: 'markdown', content: 'deep' };
    for (let i = 0; i < 2; i++) ok = { tag: 'column_set', columns: [{ tag: 'column', elements: [ok] }] };
    expect(checkCard(card(ok))).toEqual([]);
  });

  it('finds the form a button submits and its fields, as a Lark client builds form_value', () => {
    const c = card(
      form('a', { tag: 'input', name: 'note', required: true }, submit('a_btn')),
      form('b', { tag: 'input', name: 'reason' }, submit('b_btn')),
    );
    expect(formOfButton(c, 'b_btn')).toEqual({ form: 'b', fields: [{ name: 'reason', required: false }] });
    expect(formOfButton(c, 'nope')).toBeUndefined();
  });
});
