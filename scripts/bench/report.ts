/** Rows of the benchmark table and the small statistics they need. */
export type Row = { benchmark: string; load: string; figure: string; floor: string; ratio: string };

import { quantile } from '../../src/emulator/load.js';

export { quantile };
export const median = (xs: number[]): number => quantile(xs, 0.5);
export const ms = (n: number): string => (Number.isFinite(n) ? `${n.toFixed(n < 10 ? 1 : 0)} ms` : 'n/a');
export const ratio = (a: number, b: number): string => (b > 0 ? `×${(a / b).toFixed(2)}` : 'n/a');

/** Runs `once` several times and keeps the median of each figure: these machines are noisy. */
export async function medianOf<T extends Record<string, number>>(runs: number, once: (run: number) => Promise<T>) {
  const all: T[] = [];
  for (let r = 0; r < runs; r++) all.push(await once(r));
  const out = {} as T;
  for (const k of Object.keys(all[0]!)) (out as Record<string, number>)[k] = median(all.map((x) => x[k]!));
  return out;
}
