import type { Roster } from '../../roster/roster.js';
import type { WhistleStore, Writer } from '../../whistle/store.js';
import { normalizeText } from '../normalize.js';

/** Where around a place: "门口", "附近" say nothing about which place it is. */
const AROUND = /(?:门口|门前|附近|旁边|对面|楼下|路边|路口|一带|周边|处)+$/;

/** Two places are the same when one names the other ("幸福里3号楼" within "幸福里小区3号楼门口"). Similar-looking
 * places are not the same: "光明里5号楼" and "幸福里3号楼" share most characters. */
export function samePlace(a: string, b: string): boolean {
  const [x, y] = [a, b].map((p) => normalizeText(p).replace(/\s+/g, '').replace(AROUND, ''));
  if (x!.length < 3 || y!.length < 3) return false;
  return x!.includes(y!) || y!.includes(x!);
}

/** 并单: the open case a new report is about, if any: same street, same category (the matter), same place, opened
 * within the roster's `intake.merge_window`. The newest wins. */
export async function findMergeTarget(
  store: WhistleStore,
  w: Writer,
  roster: Roster,
  o: { category: string | null; location: string | null; now: number },
): Promise<{ id: string; number: string } | null> {
  if (!o.category || !o.location) return null;
  const since = new Date(o.now - roster.intake.merge_window);
  const rows = await store.recentOpenCases(w, roster.street.id, o.category, since);
  const hit = rows.find((r) => r.location && samePlace(r.location, o.location!));
  return hit ? { id: hit.id, number: hit.number! } : null;
}
