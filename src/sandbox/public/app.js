// The sandbox page: a small Lark workspace. Cards are drawn from the card JSON the bot really sent; clicks and
// form submissions go back through the emulator as signed card callbacks. No framework: plain DOM.
import { renderChart } from './chart.js';

const $ = (s) => document.querySelector(s);
const state = { people: [], chats: [], me: null, chat: null, names: {}, unread: new Set(), tz: 'Asia/Shanghai' };

/** Every time on the page in the street's zone, 24-hour, like the header clock (not the browser's zone). */
const fmtTime = (ms, withDate = false) =>
  new Intl.DateTimeFormat('zh-CN', {
    timeZone: state.tz,
    hour12: false,
    ...(withDate ? { year: 'numeric', month: '2-digit', day: '2-digit' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(new Date(ms));

// Emoji the bot puts in cards, drawn as small CSS icons so that a machine without an emoji font shows them too.
const ICONS = { '🔴': 'red', '🟢': 'green', '⏳': 'wait', '✅': 'ok', '☑️': 'done', '📍': 'pin', '⚡': 'bolt' };
const ICON_RE = new RegExp(Object.keys(ICONS).join('|'), 'gu');
const iconHtml = (h) => h.replace(ICON_RE, (m) => `<span class="ico ico-${ICONS[m]}" aria-label="${m}"></span>`);

const api = async (path, body) => {
  const r = await fetch(
    `/sandbox/api/${path}`,
    body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {},
  );
  return r.json();
};
const el = (tag, props = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== false) e.setAttribute(k, v === true ? '' : v);
  }
  for (const k of kids.flat())
    if (k !== null && k !== undefined) e.append(k.nodeType ? k : document.createTextNode(String(k)));
  return e;
};
const esc = (s) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function toast(t) {
  if (!t) return;
  const box = $('#toast');
  box.textContent = t.content;
  box.className = `toast ${t.type}`;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (box.hidden = true), 2500);
}

/** Lark card markdown, safely: escape everything, then allow only bold, line breaks and mentions. */
function markdown(text) {
  let h = esc(text);
  h = h.replace(
    /&lt;at id=(ou_[\w]+|all)&gt;&lt;\/at&gt;/g,
    (_, id) => `<span class="mention">@${esc(state.names[id] ?? id)}</span>`,
  );
  h = h.replace(/&amp;#(\d+);/g, (_, n) => esc(String.fromCharCode(Number(n)))); // entities the bot used to escape user text
  h = h.replace(/\*\*(.+?)\*\*/g, '<b>$1</b>').replace(/\n/g, '<br>');
  h = iconHtml(h);
  const span = el('div', { class: 'md' });
  span.innerHTML = h;
  return span;
}
const textOf = (t) => (t ? (t.content ?? '') : '');

function renderElement(node, ctx) {
  switch (node.tag) {
    case 'markdown':
      return markdown(node.content ?? '');
    case 'div':
      return el('div', { style: 'white-space:pre-wrap' }, textOf(node.text));
    case 'hr':
      return el('div', { class: 'divider', role: 'separator' });
    case 'chart':
      return renderChart(node);
    case 'column_set':
      return el(
        'div',
        { class: 'row' },
        (node.columns ?? []).map((c) =>
          el(
            'div',
            {},
            (c.elements ?? []).map((x) => renderElement(x, ctx)),
          ),
        ),
      );
    case 'collapsible_panel':
      return el(
        'details',
        { open: node.expanded ? true : undefined },
        el('summary', {}, textOf(node.header?.title)),
        (node.elements ?? []).map((x) => renderElement(x, ctx)),
      );
    case 'form': {
      const f = el('form', { class: 'cardform', 'data-form': node.name, onsubmit: (e) => e.preventDefault() });
      const inner = { ...ctx, form: f };
      f.append(...(node.elements ?? []).map((x) => renderElement(x, inner)));
      return f;
    }
    case 'input':
      return el('input', { name: node.name, placeholder: textOf(node.placeholder), maxlength: node.max_length });
    case 'select_static':
    case 'multi_select_static': {
      const multi = node.tag === 'multi_select_static';
      const s = el(
        'select',
        { name: node.name, multiple: multi || undefined },
        multi ? null : el('option', { value: '' }, textOf(node.placeholder)),
      );
      for (const o of node.options ?? []) {
        const selected = multi ? (node.selected_values ?? []).includes(o.value) : node.initial_option === o.value;
        s.append(el('option', { value: o.value, selected: selected || undefined }, textOf(o.text)));
      }
      return s;
    }
    case 'button': {
      const value = node.behaviors?.find((b) => b.type === 'callback')?.value;
      return el(
        'button',
        {
          class: node.type,
          disabled: node.disabled || undefined,
          'data-action': value?.action,
          onclick: async (e) => {
            e.preventDefault();
            if (node.confirm && !window.confirm(textOf(node.confirm.title))) return;
            let form;
            if (ctx.form && node.form_action_type === 'submit') {
              form = {};
              for (const f of ctx.form.querySelectorAll('input,select')) {
                form[f.name] = f.multiple ? [...f.selectedOptions].map((o) => o.value) : f.value;
              }
            }
            const answer = await api('click', {
              messageId: ctx.messageId,
              from: state.me,
              value,
              form,
              name: node.name,
            });
            if (answer.error) return toast({ type: 'error', content: answer.error });
            toast(answer.toast);
            if (ctx.form && answer.toast?.type === 'success') ctx.form.reset();
            await loadMessages();
          },
        },
        textOf(node.text),
      );
    }
    default:
      return el('div', { class: 'muted' }, `[${node.tag}]`);
  }
}

function renderCard(card, messageId) {
  const hd = card.header ?? {};
  const tags = (hd.text_tag_list ?? []).map((t) => el('span', { class: 'tag' }, textOf(t.text)));
  return el(
    'div',
    { class: 'card', 'data-mid': messageId },
    el(
      'div',
      { class: `hd hd-${hd.template ?? 'blue'}` },
      el('div', {}, textOf(hd.title), tags),
      hd.subtitle ? el('div', { class: 'sub' }, textOf(hd.subtitle)) : null,
    ),
    el(
      'div',
      { class: 'bd' },
      (card.body?.elements ?? []).map((x) => renderElement(x, { messageId })),
    ),
  );
}

async function loadMessages() {
  if (!state.chat) return;
  const list = await api(`messages?chat=${encodeURIComponent(state.chat)}`);
  const box = $('#messages');
  // Redraw only when something in this chat changed: a redraw under the person's pointer loses the
  // element they are about to click (and a screenshot's target), and flickers.
  const sig = JSON.stringify([state.chat, state.me, list]);
  if (sig === state.drawn && box.childElementCount > 0) return;
  state.drawn = sig;
  const atBottom = box.scrollTop + box.clientHeight >= box.scrollHeight - 20;
  // Live updates redraw the cards: keep what the person has typed or chosen in their forms.
  const kept = new Map();
  for (const f of box.querySelectorAll('[data-mid] input, [data-mid] select')) {
    const key = `${f.closest('[data-mid]').dataset.mid}|${f.closest('form')?.getAttribute('data-form') ?? ''}|${f.name}`;
    kept.set(key, f.multiple ? [...f.selectedOptions].map((o) => o.value) : f.value);
  }
  if (list.length === 0) return void box.replaceChildren(welcome());
  box.replaceChildren(
    ...list.map((m) => {
      let body;
      const content = JSON.parse(m.content || '{}');
      if (m.type === 'interactive') body = renderCard(content, m.id);
      else if (m.type === 'text')
        body = el('div', { class: 'bubble' }, (content.text ?? '').replace('@_user_1', '@吹哨报到'));
      else body = el('div', { class: 'bubble' }, `[${m.type}] ${content.name ?? ''}`);
      const urgent = m.urgent.map((u) =>
        el(
          'div',
          { class: 'urgent' },
          el('span', { class: 'ico ico-bolt' }),
          ` 加急 urgent (${u.kind}) → ${u.users.map((x) => state.names[x] ?? x).join('、')}`,
        ),
      );
      return el(
        'div',
        { class: `msg${m.rootId ? ' reply' : ''}` },
        el('div', { class: 'who' }, `${m.senderName} · ${fmtTime(m.at)}${m.updates ? ` · 已更新 ${m.updates}` : ''}`),
        body,
        urgent,
      );
    }),
  );
  for (const f of box.querySelectorAll('[data-mid] input, [data-mid] select')) {
    const key = `${f.closest('[data-mid]').dataset.mid}|${f.closest('form')?.getAttribute('data-form') ?? ''}|${f.name}`;
    if (!kept.has(key)) continue;
    const v = kept.get(key);
    if (f.multiple) for (const o of f.options) o.selected = v.includes(o.value);
    else if (v) f.value = v;
  }
  if (atBottom) box.scrollTop = box.scrollHeight;
}

/** An empty chat says what to do: who to be, where to write, and an example case to send. */
function welcome() {
  const w = state.welcome;
  if (!w) return el('div', { class: 'welcome muted' }, '暂无消息 No messages yet');
  const c = state.chats.find((x) => x.id === state.chat);
  const isCommand = c && w.commandChats.includes(c.id);
  const cadre = state.people.find((p) => p.id === w.cadre);
  const use = el(
    'button',
    {
      class: 'primary',
      onclick: async () => {
        if (state.me !== w.cadre || !isCommand) {
          state.me = w.cadre;
          $('#who').value = w.cadre;
          await openChat(w.commandChats[0]);
        }
        $('#text').value = w.example;
        $('#text').focus();
      },
    },
    '填入示例 Use this example',
  );
  return el(
    'div',
    { class: 'welcome' },
    el('h3', {}, '欢迎使用吹哨报到沙盒 Welcome to the sandbox'),
    el('p', {}, `以「${cadre?.name ?? w.cadre}」（街道干部）身份，在「${w.commandName}」里 @吹哨报到 描述案件，例如：`),
    el('blockquote', {}, w.example),
    el(
      'p',
      { class: 'muted' },
      `As a street cadre (${cadre?.name ?? w.cadre}), mention the bot in the command chat with a case; confirm the draft, ` +
        'then switch to a department contact (我是 I am) and tap 报到. ×60 / ×600 run time faster to see reminders.',
    ),
    use,
  );
}

async function loadCalls() {
  const calls = await api('calls');
  $('#calls').replaceChildren(
    ...calls
      .slice(-120)
      .reverse()
      .map((c) =>
        el(
          'div',
          { class: `call${c.code ? ' err' : ''}` },
          `${fmtTime(c.at)} ${c.method} ${c.op} → ${c.status}${c.code ? ` code ${c.code}` : ''} (${c.ms} ms)`,
        ),
      ),
  );
}

function renderChats() {
  const mine = state.chats
    .filter((c) => c.members.includes(state.me))
    .sort((a, b) => (a.type === b.type ? 0 : a.type === 'group' ? -1 : 1));
  $('#chats').replaceChildren(
    ...mine.map((c) =>
      el(
        'div',
        {
          class: `${c.id === state.chat ? 'active' : ''} ${state.unread.has(c.id) ? 'unread' : ''}`,
          onclick: () => openChat(c.id),
        },
        el('span', { class: `chat-kind ${c.type}` }, c.type === 'p2p' ? '私聊' : '群'),
        c.type === 'p2p' ? ' 吹哨报到 (bot)' : ` ${c.name}`,
      ),
    ),
  );
}

async function openChat(id) {
  state.chat = id;
  state.unread.delete(id);
  const c = state.chats.find((x) => x.id === id);
  $('#chat-title').textContent = c ? (c.type === 'p2p' ? '与机器人私聊 Direct messages with the bot' : c.name) : '';
  renderChats();
  await loadMessages();
}

async function loadState() {
  const s = await api('state');
  Object.assign(state, { people: s.people, chats: s.chats, tz: s.timezone ?? state.tz, welcome: s.welcome });
  for (const p of s.people) state.names[p.id] = p.name;
  state.names[s.bot] = '吹哨报到';
  $('#clock').textContent = `${fmtTime(s.now, true)} ×${s.speed}`;
  return s;
}

/** A person's group chat first (where the work is), else their direct chat with the bot. */
const firstChat = () =>
  (
    state.chats.find((c) => c.type === 'group' && c.members.includes(state.me)) ??
    state.chats.find((c) => c.members.includes(state.me))
  )?.id;

async function main() {
  await loadState();
  const who = $('#who');
  who.replaceChildren(...state.people.map((p) => el('option', { value: p.id }, `${p.name} — ${p.roles.join('，')}`)));
  state.me = state.people[0]?.id;
  who.onchange = async () => {
    state.me = who.value;
    await openChat(firstChat());
  };
  await openChat(firstChat());
  $('#compose').onsubmit = async (e) => {
    e.preventDefault();
    const text = $('#text').value.trim();
    if (!text || !state.chat) return;
    $('#text').value = '';
    await api('say', { chatId: state.chat, from: state.me, text });
    await loadMessages();
  };
  for (const b of document.querySelectorAll('[data-speed]')) {
    b.onclick = async () => {
      await api('clock', { speed: Number(b.dataset.speed) });
      await loadState();
    };
  }
  $('#jump').onclick = async () => {
    await api('clock', { jump: true });
    await loadState();
  };
  for (const b of document.querySelectorAll('[data-digest]')) {
    b.onclick = async () => {
      const answer = await api('digest', { period: b.dataset.digest, to: state.me });
      if (answer.error) return toast({ type: 'error', content: answer.error });
      const p2p = state.chats.find((c) => c.type === 'p2p' && c.members.includes(state.me));
      if (p2p) await openChat(p2p.id);
    };
  }
  $('#reset').onclick = async () => {
    if (!window.confirm('清空所有案件和消息？ Reset everything?')) return;
    await api('reset', {});
    await loadState();
    await loadMessages();
  };
  setInterval(loadState, 1000);
  const events = new EventSource('/sandbox/api/events');
  let pending = false;
  events.onmessage = (e) => {
    const ev = JSON.parse(e.data);
    if (ev.chatId && ev.chatId !== state.chat) {
      state.unread.add(ev.chatId);
      renderChats();
    }
    if (pending) return;
    pending = true;
    setTimeout(async () => {
      pending = false;
      await loadMessages();
      await loadCalls();
    }, 150);
  };
  await loadCalls();
}
main();
