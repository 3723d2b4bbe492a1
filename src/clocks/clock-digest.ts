type Bi = { zh: string; en: string };

/** The daily huddle's line on the street's own overdue steps and its shelved cases (issue 20: the street's steps
 * have deadlines too, "reminded and in digests"). Undefined when there is nothing to say. */
export function streetStepsLine(n: { drafts: number; accepts: number; shelved: number }): Bi | undefined {
  if (!n.drafts && !n.accepts && !n.shelved) return undefined;
  return {
    zh: `街道环节：草稿超时未确认 **${n.drafts}** 件，待验收超时 **${n.accepts}** 件；挂账 ${n.shelved} 件。`,
    en: `The street's own steps: **${n.drafts}** draft(s) not confirmed in time, **${n.accepts}** case(s) not accepted in time; ${n.shelved} shelved.`,
  };
}
