import { z } from 'zod';
import { DEPT_ACTIONS, DRAFT_ACTIONS, STREET_ACTIONS } from './model.js';

const ALL = [...new Set([...DRAFT_ACTIONS, ...DEPT_ACTIONS, ...STREET_ACTIONS])] as [string, ...string[]];

/** The `value` of every button we put on a card. Cards live in chats for weeks, so the version is checked. */
export const actionValueSchema = z.object({
  v: z.literal(1),
  action: z.enum(ALL),
  whistle: z.string().min(1).max(64),
  dept: z.string().max(64).optional(),
  req: z.string().max(64).optional(),
  /** A one-tap choice on the draft: the roster category it places the case in (sent as the edit form's category). */
  pick: z.string().max(64).optional(),
  /** 并单 on the draft: the number of the open case to merge the draft into. */
  into: z.string().max(64).optional(),
  /** Which card the button sits on; the same action name (cancel) means different things on each. */
  card: z.enum(['draft', 'status', 'dept', 'notice']).optional(),
});
export type ActionValue = z.infer<typeof actionValueSchema>;

export const buttonValue = (
  action: string,
  whistle: string,
  extra: Omit<Partial<ActionValue>, 'v' | 'action' | 'whistle'> = {},
) => ({
  v: 1 as const,
  action,
  whistle,
  ...extra,
});

/** Form inputs arrive as strings or arrays; reduce them to trimmed strings. */
export function formText(form: Record<string, unknown>, name: string, max = 500): string | undefined {
  const v = form[name];
  const s = Array.isArray(v) ? v.join(',') : typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
  const t = s?.trim();
  return t ? [...t].slice(0, max).join('') : undefined;
}

export function formList(form: Record<string, unknown>, name: string): string[] {
  const v = form[name];
  if (Array.isArray(v)) return v.map(String).filter(Boolean);
  if (typeof v === 'string' && v)
    return v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return [];
}

/** A field read per form: the first of its names that was filled in. Where two forms share a card a field carries
 * its form's prefix (`transfer_reason`, `accept_reason`); the plain public name is accepted too. */
export function formField(form: Record<string, unknown>, names: string[], max = 500): string | undefined {
  for (const n of names) {
    const v = formText(form, n, max);
    if (v !== undefined) return v;
  }
  return undefined;
}
