import { classify } from '../intake/classify.js';
import { boundDeadline } from '../intake/deadline-bounds.js';
import { followLearnt } from '../intake/learn/store.js';
import { findMergeTarget } from '../intake/merge/find.js';
import type { Roster } from '../roster/roster.js';
import type { WhistleStore } from './store.js';

/** What a new report says before it becomes a draft: the classifier's reading, the deadline it names (bounded), the
 * street's learnt correction it follows, a category the caller named, the open case it may report again (并单),
 * and the departments it proposes. */
export async function understand(
  store: WhistleStore,
  roster: Roster,
  o: { id: string; text: string; category?: string; location?: string },
  now: number,
) {
  const u = classify(o.text, roster, now);
  // A deadline the text names is taken only when it is a possible time within a year; otherwise the draft
  // says so and the category's window applies.
  const bounded = boundDeadline(o.text, u.deadline ?? undefined, now);
  u.deadline = bounded.at ?? null;
  // The street's own corrections come before the classifier's guess; a category the caller names, before both.
  const learnt = o.category ? null : await store.transaction((tx) => followLearnt(tx, roster, o.text, u));
  const cat = o.category ? roster.category(o.category) : undefined;
  if (cat) {
    // The caller knows the category: its lead and helpers, plus any department the text names.
    Object.assign(u, {
      category: cat.id,
      lead: cat.lead,
      assist: [...new Set([...cat.assist, ...u.assist])].filter((d) => d !== cat.lead),
      question: null,
    });
    if (cat.kind === 'emergency') u.kind = 'emergency';
  }
  // 并单: an open case about the same place and matter is offered; such a report is never whistled by itself.
  const place = o.location ?? u.location;
  const offer = await store.transaction((tx) =>
    findMergeTarget(store, tx, roster, { category: u.category, location: place, now }),
  );
  const depts = [...(u.lead ? [u.lead] : []), ...u.assist].map((dept, i) => ({
    case_id: o.id,
    dept,
    role: i === 0 && u.lead ? 'lead' : 'assist',
    status: 'proposed',
  }));
  return { u, bounded, learnt, offer, depts };
}

export type Understood = Awaited<ReturnType<typeof understand>>;
