import { formOfButton } from '../lark/cards/card-rules.js';

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => !!v && typeof v === 'object' && !Array.isArray(v);

/** The button on a card whose callback carries this value (what the person tapped). */
function findButton(card: unknown, value: unknown): Node | undefined {
  const want = JSON.stringify(value);
  let hit: Node | undefined;
  const walk = (v: unknown) => {
    if (hit) return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    if (!isNode(v)) return;
    if (v.tag === 'button' && Array.isArray(v.behaviors)) {
      const cb = (v.behaviors as Node[]).find((b) => b.type === 'callback');
      if (cb && JSON.stringify(cb.value) === want) hit = v;
    }
    for (const x of Object.values(v)) walk(x);
  };
  walk(card);
  return hit;
}

/** What a Lark client sends for a tap: the button's name and, for a form's submit button, that form's fields
 * only. A required field left empty blocks the submit on the device. A tap with form values on a button outside
 * any form, or with fields the form does not have, cannot happen in Lark: that is a bug in the caller (a test). */
export function clientSubmit(
  content: string,
  o: { value: unknown; form?: Record<string, unknown>; name?: string },
): { name?: string; form?: Record<string, unknown> } | { blocked: string } {
  let card: unknown;
  try {
    card = JSON.parse(content);
  } catch {
    return { name: o.name, form: o.form };
  }
  const button = findButton(card, o.value);
  // A value that is not on the card: a forged or stale callback, delivered as sent (Lark does not check it).
  if (!button) return { name: o.name, form: o.form };
  const name = typeof button.name === 'string' ? button.name : o.name;
  const form = button.form_action_type === 'submit' && name ? formOfButton(card, name) : undefined;
  if (!form) {
    if (o.form && Object.keys(o.form).length)
      throw new Error(`button ${name ?? JSON.stringify(o.value)} is not in a form: a Lark client sends no form values`);
    return { name };
  }
  const known = new Set(form.fields.map((f) => f.name));
  const stray = Object.keys(o.form ?? {}).filter((k) => !known.has(k));
  if (stray.length)
    throw new Error(`form ${form.form} has no field ${stray.join(', ')} (its fields: ${[...known].join(', ')})`);
  const values: Record<string, unknown> = {};
  for (const f of form.fields) {
    const v = o.form?.[f.name];
    const empty = v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
    if (f.required && empty) return { blocked: `required field ${f.name} of form ${form.form} is empty` };
    if (!empty) values[f.name] = v;
  }
  return { name, form: values };
}
