import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientSubmit } from '../../src/emulator/click.js';
import { LarkEmulator } from '../../src/emulator/emulator.js';

const text = (content: string) => ({ tag: 'plain_text', content });
const panelForm = {
  schema: '2.0',
  body: {
    elements: [
      {
        tag: 'collapsible_panel',
        header: { title: text('x') },
        elements: [
          {
            tag: 'form',
            name: 'f',
            elements: [{ tag: 'button', name: 'b', form_action_type: 'submit', text: text('go') }],
          },
        ],
      },
    ],
  },
};

describe('the emulator refuses the cards Lark refuses', () => {
  const emu = new LarkEmulator();
  let token = '';
  beforeAll(async () => {
    await emu.start();
    emu.ws.addChat('oc_t', 't', []);
    const r = await fetch(`${emu.url}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: emu.appId, app_secret: emu.appSecret }),
    });
    token = ((await r.json()) as { tenant_access_token: string }).tenant_access_token;
  });
  afterAll(() => emu.stop());

  it('answers 230099 naming the broken rule and its doc page for a form in a collapsible panel', async () => {
    const r = await fetch(`${emu.url}/open-apis/im/v1/messages?receive_id_type=chat_id`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ receive_id: 'oc_t', msg_type: 'interactive', content: JSON.stringify(panelForm) }),
    });
    const body = (await r.json()) as { code: number; msg: string };
    expect(body.code).toBe(230099);
    expect(body.msg).toContain('form-at-root');
    expect(body.msg).toContain('折叠面板不支持内嵌表单容器');
    expect(body.msg).toContain('containers/collapsible-panel');
  });
});

describe('a tap as a Lark client sends it', () => {
  const card = JSON.stringify({
    schema: '2.0',
    body: {
      elements: [
        { tag: 'button', text: text('报到'), behaviors: [{ type: 'callback', value: { action: 'arrive' } }] },
        {
          tag: 'form',
          name: 'transfer_form',
          elements: [
            { tag: 'input', name: 'transfer_reason', required: true },
            { tag: 'input', name: 'basis' },
            {
              tag: 'button',
              name: 'transfer_btn',
              form_action_type: 'submit',
              text: text('移交'),
              behaviors: [{ type: 'callback', value: { action: 'transfer' } }],
            },
          ],
        },
      ],
    },
  });

  it('sends the button name and only the submitted form fields', () => {
    expect(clientSubmit(card, { value: { action: 'transfer' }, form: { transfer_reason: 'r', basis: '' } })).toEqual({
      name: 'transfer_btn',
      form: { transfer_reason: 'r' },
    });
  });

  it('does not call back when a required field is empty (the client stops it)', () => {
    expect(clientSubmit(card, { value: { action: 'transfer' }, form: { basis: 'b' } })).toEqual({
      blocked: 'required field transfer_reason of form transfer_form is empty',
    });
  });

  it('refuses a click no Lark client can make: fields of another form, or form values on a plain button', () => {
    expect(() => clientSubmit(card, { value: { action: 'transfer' }, form: { reason: 'x' } })).toThrow(
      /no field reason/,
    );
    expect(() => clientSubmit(card, { value: { action: 'arrive' }, form: { note: 'x' } })).toThrow(/not in a form/);
  });
});
